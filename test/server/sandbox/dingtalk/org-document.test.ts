import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrgFile, OrgDocumentError, parseOrgDocument } from '../../../../server/sandbox/dingtalk/org-document.js';
import { testOrg } from './fixtures.js';

/** Asserts that parsing fails and one issue matches `expected` exactly (or the regexp). */
function assertIssue(json: unknown, expected: string | RegExp): void {
  assert.throws(
    () => parseOrgDocument(json),
    (error: unknown) => {
      assert.ok(error instanceof OrgDocumentError, String(error));
      const hit = error.issues.some((issue) => (typeof expected === 'string' ? issue === expected : expected.test(issue)));
      assert.ok(hit, `no issue matches ${String(expected)} in:\n${error.message}`);
      return true;
    },
  );
}

describe('server/sandbox/dingtalk/org-document', () => {
  it('accepts a valid document and returns a copy without computed counts', () => {
    const input = testOrg();
    (input.departments[1] as { member_count?: number }).member_count = 42;
    const doc = parseOrgDocument(input);
    assert.equal(doc.users.length, input.users.length);
    assert.equal(doc.departments[1]?.member_count, undefined);
    doc.users[0]!.name = 'changed';
    assert.equal(input.users[0]?.name, '周建国', 'the input is not shared');
  });

  it('names the user and field when a department does not exist', () => {
    const doc = testOrg();
    doc.users[12]!.dept_id_list = [99];
    assertIssue(doc, 'users[12].dept_id_list: department 99 does not exist');
  });

  it('requires the root department 1', () => {
    const doc = testOrg();
    doc.departments = doc.departments.filter((d) => d.dept_id !== 1);
    assertIssue(doc, 'departments: the root department (dept_id 1) is missing');
  });

  it('reports duplicate userid, unionid and dept_id with both positions', () => {
    const doc = testOrg();
    doc.users[5]!.userid = 'boss';
    doc.users[6]!.unionid = 'union-lina';
    doc.departments.push({ dept_id: 2, name: '重复', parent_id: 1 });
    assertIssue(doc, 'users[5].userid: duplicate "boss" (also users[0])');
    assertIssue(doc, 'users[6].unionid: duplicate "union-lina" (also users[2])');
    assertIssue(doc, 'departments[8].dept_id: duplicate 2 (also departments[1])');
  });

  it('finds parent cycles and missing parents', () => {
    const doc = testOrg();
    doc.departments.push({ dept_id: 20, name: 'A', parent_id: 21 }, { dept_id: 21, name: 'B', parent_id: 20 });
    doc.departments.push({ dept_id: 22, name: 'C', parent_id: 55 });
    assertIssue(doc, /^departments\[8\]\.parent_id: cycle 20 → 21 → 20 never reaches department 1$/);
    assertIssue(doc, 'departments[10].parent_id: department 55 does not exist');
  });

  it('checks field types, references and the extension JSON', () => {
    const doc = testOrg() as unknown as { users: Array<Record<string, unknown>>; departments: Array<Record<string, unknown>> };
    doc.users[1]!.title = 7;
    doc.users[2]!.extension = 'Peter Chan';
    doc.users[3]!.manager_userid = 'ghost';
    doc.users[4]!.leader_in_dept = [{ dept_id: 3, leader: true }];
    doc.departments[2]!.hide_dept = 'yes';
    doc.departments[5]!.user_permits = ['ghost'];
    assertIssue(doc, 'users[1].title: must be a string');
    assertIssue(doc, /^users\[2\]\.extension: must be a JSON object encoded as a string/);
    assertIssue(doc, 'users[3].manager_userid: user "ghost" does not exist');
    assertIssue(doc, 'users[4].leader_in_dept[0].dept_id: 3 is not in dept_id_list');
    assertIssue(doc, 'departments[2].hide_dept: must be true or false');
    assertIssue(doc, 'departments[5].user_permits: user "ghost" does not exist');
  });

  it('rejects documents that are not objects with departments and users arrays', () => {
    assertIssue([], '(document): must be a JSON object');
    assertIssue({ departments: {}, users: [] }, 'departments: must be an array');
  });

  it('accepts the example in docs/org-format.md', async () => {
    const markdown = await readFile(new URL('../../../../docs/org-format.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1];
    assert.ok(example !== undefined, 'the doc has a json example');
    const doc = parseOrgDocument(JSON.parse(example));
    assert.equal(doc.users[1]?.extension, '{"英文名":"Peter Chan"}');
  });

  it('loads a file and names it in errors, including JSON syntax errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'org-'));
    try {
      const good = join(dir, 'good.json');
      await writeFile(good, JSON.stringify(testOrg()));
      assert.equal((await loadOrgFile(good)).users.length, testOrg().users.length);
      const bad = join(dir, 'bad.json');
      await writeFile(bad, '{"departments": [');
      await assert.rejects(loadOrgFile(bad), (error: unknown) => error instanceof OrgDocumentError && error.message.includes(bad) && /not valid JSON/.test(error.message));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
