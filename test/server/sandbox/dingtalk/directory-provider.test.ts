import assert from 'node:assert/strict';
import type { DingTalkUser } from '../../../../server/connectors/dingtalk/types.js';
import type { DingTalkSandbox } from '../../../../server/sandbox/dingtalk/app.js';
import { SandboxDirectoryError, SandboxDirectoryProvider } from '../../../../server/sandbox/dingtalk/directory-provider.js';
import { BIG_DEPT, BIG_DEPT_SIZE, sandbox } from './fixtures.js';

describe('server/sandbox/dingtalk/directory-provider', () => {
  let box: DingTalkSandbox;
  let provider: SandboxDirectoryProvider;

  beforeEach(async () => {
    box = await sandbox();
    provider = new SandboxDirectoryProvider(box.state);
  });
  afterEach(() => box.close());

  const collect = async (deptId: number): Promise<DingTalkUser[]> => {
    const out: DingTalkUser[] = [];
    for await (const user of provider.listDepartmentUsers(deptId)) out.push(user);
    return out;
  };

  it('yields every direct member across pages, in order, without sub-department members', async () => {
    const users = await collect(BIG_DEPT);
    assert.equal(users.length, BIG_DEPT_SIZE);
    assert.equal(users[0]?.userid, 'u000');
    assert.equal(users.at(-1)?.userid, `u${BIG_DEPT_SIZE - 1}`);
    assert.ok(!users.some((u) => u.userid === 'sub'));
  });

  it('returns null for unknown users and departments, and copies otherwise', async () => {
    assert.equal(await provider.getUser('ghost'), null);
    assert.equal(await provider.getDepartment(404), null);
    const user = await provider.getUser('zhangwei');
    assert.equal(user?.name, '张伟');
    user!.name = 'mutated';
    assert.equal((await provider.getUser('zhangwei'))?.name, '张伟');
  });

  it('lists one level of sub-departments and applies visibility rules like the API', async () => {
    assert.deepEqual((await provider.listSubDepartments(3)).map((d) => d.dept_id), [4]);
    const dept = await provider.getDepartment(3);
    assert.ok(dept !== null && !('hide_dept' in dept));
    await assert.rejects(provider.listSubDepartments(404), (error: unknown) => error instanceof SandboxDirectoryError && error.errcode === 60003);
  });

  it('sees changes made through the state', async () => {
    const hired = box.state.hire({ name: '新人', dept_id_list: [5] });
    assert.deepEqual((await collect(5)).map((u) => u.userid), [hired.userid]);
    box.state.leave(hired.userid);
    assert.equal(await provider.getUser(hired.userid), null);
  });
});
