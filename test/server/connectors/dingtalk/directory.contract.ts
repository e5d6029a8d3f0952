import assert from 'node:assert/strict';
import type { DirectoryProvider } from '../../../../server/connectors/dingtalk/contract.js';
import type { OrgDocument } from '../../../../server/sandbox/dingtalk/org-document.js';
import { BIG_DEPT, BIG_DEPT_SIZE, testOrg } from '../../sandbox/dingtalk/fixtures.js';

export type OpenProvider = (org: OrgDocument) => Promise<{ provider: DirectoryProvider; close(): Promise<void> }>;

/**
 * What every DirectoryProvider must do (server/connectors/dingtalk/contract.ts). The real client runs it
 * against the sandbox over HTTP; the in-process sandbox provider runs it directly.
 */
export function directoryProviderContract(open: OpenProvider): void {
  let provider: DirectoryProvider;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ provider, close } = await open(testOrg()));
  });
  afterEach(async () => {
    await close();
  });

  it('lists one level of sub-departments', async () => {
    const children = await provider.listSubDepartments(1);
    assert.deepEqual(children.map((d) => d.dept_id).sort((a, b) => a - b), [2, 3, 5, 6, BIG_DEPT]);
    assert.deepEqual((await provider.listSubDepartments(3)).map((d) => d.name), ['后端组']);
    assert.deepEqual(await provider.listSubDepartments(5), []);
  });

  it('reads department details, visibility fields only when set, null when absent', async () => {
    const hidden = await provider.getDepartment(6);
    assert.equal(hidden?.name, '董事会');
    assert.equal(hidden?.hide_dept, true);
    assert.deepEqual(hidden?.dept_permits, [2]);
    const plain = await provider.getDepartment(3);
    assert.equal(plain?.hide_dept, undefined);
    assert.equal(plain?.outer_dept, undefined);
    assert.equal(await provider.getDepartment(424242), null);
  });

  it('pages through every direct member of a large department, no sub-department members', async () => {
    const seen: string[] = [];
    for await (const user of provider.listDepartmentUsers(BIG_DEPT)) seen.push(user.userid);
    assert.equal(seen.length, BIG_DEPT_SIZE);
    assert.equal(new Set(seen).size, BIG_DEPT_SIZE);
    assert.ok(!seen.includes('sub'));
  });

  it('returns users with the documented fields', async () => {
    const users = [];
    for await (const user of provider.listDepartmentUsers(2)) users.push(user);
    assert.equal(users.length, 1);
    const [zhang] = users;
    assert.equal(zhang?.userid, 'zhangwei');
    assert.equal(zhang?.unionid, 'union-zhangwei');
    assert.equal(zhang?.name, '张伟');
    assert.equal(zhang?.title, '销售经理');
    assert.deepEqual(zhang?.dept_id_list, [2]);
  });

  it('gets one user with details, null for an unknown user', async () => {
    const lina = await provider.getUser('lina');
    assert.equal(lina?.name, '李娜');
    assert.deepEqual(lina?.dept_id_list, [3, 4]);
    assert.equal(lina?.active, false);
    const zhang = await provider.getUser('zhangwei');
    assert.equal(zhang?.manager_userid, 'boss');
    assert.equal(await provider.getUser('nobody-here'), null);
  });
}
