import assert from 'node:assert/strict';
import type { DingTalkSandbox } from '../../../../server/sandbox/dingtalk/app.js';
import { SandboxChangeError } from '../../../../server/sandbox/dingtalk/errors.js';
import type { SandboxContactEvent } from '../../../../server/sandbox/dingtalk/event-feed.js';
import { BIG_DEPT, change, legacyToken, sandbox, topapi } from './fixtures.js';

describe('server/sandbox/dingtalk changes', () => {
  let box: DingTalkSandbox;
  let delivered: SandboxContactEvent[];

  beforeEach(async () => {
    box = await sandbox({ knobs: { qpsPerApi: 0 } });
    delivered = [];
    box.feed.subscribe((event) => delivered.push(event));
  });
  afterEach(() => box.close());

  const onlyEvent = (): SandboxContactEvent => {
    assert.equal(delivered.length, 1, `expected one event, got ${JSON.stringify(delivered)}`);
    return delivered[0] as SandboxContactEvent;
  };

  it('hire emits user_add_org with the new userid and the user is readable', async () => {
    const { status, json } = await change(box, { action: 'hire', user: { name: '王小明', dept_id_list: [2], title: '销售代表' } });
    assert.equal(status, 200);
    const userid = (json.result as { userid: string }).userid;
    assert.equal(json.userid, userid, 'the subject id is also at the top level');
    const event = onlyEvent();
    assert.equal(event.eventType, 'user_add_org');
    assert.deepEqual(event.data.userId, [userid]);
    assert.equal(event.corpId, 'dingtestcorp');
    assert.equal(event.data.timeStamp, String(event.bornTime));
    assert.deepEqual((json.events as SandboxContactEvent[]).map((e) => e.eventId), [event.eventId]);
    const token = await legacyToken(box);
    const read = await topapi(box, '/topapi/v2/user/get', token, { userid });
    assert.equal((read.result as { name: string }).name, '王小明');
    assert.equal((read.result as { active: boolean }).active, false);
  });

  it('leave emits user_leave_org and records an empLeaveRecord visible on v1.0', async () => {
    const { status, json } = await change(box, { action: 'leave', userid: 'zhangwei' });
    assert.equal(status, 200);
    assert.equal(json.userid, 'zhangwei');
    assert.equal(onlyEvent().eventType, 'user_leave_org');
    assert.deepEqual(onlyEvent().data.userId, ['zhangwei']);
    assert.equal(box.state.org.user('zhangwei'), undefined);
    assert.equal(box.state.org.department(2)?.dept_manager_userid_list?.length, 0, 'references to the leaver are dropped');
    const token = await legacyToken(box);
    const response = await box.app.inject({
      method: 'GET',
      url: '/v1.0/contact/empLeaveRecords?startTime=2000-01-01T00:00:00Z&maxResults=50',
      headers: { 'x-acs-dingtalk-access-token': token },
    });
    assert.equal(response.statusCode, 200);
    const [record] = response.json().records;
    assert.equal(record.userId, 'zhangwei');
    assert.equal(record.name, '张伟');
    assert.equal(record.leaveReason, 'leave');
    assert.match(record.leaveTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('modify and move emit user_modify_org; move changes membership', async () => {
    await change(box, { action: 'modify', userid: 'lina', patch: { title: '高级工程师', hired_date: null } });
    assert.equal(onlyEvent().eventType, 'user_modify_org');
    assert.equal(box.state.org.user('lina')?.title, '高级工程师');
    assert.equal(box.state.org.user('lina')?.hired_date, undefined, 'null removes a field');
    delivered = [];
    await change(box, { action: 'move', userid: 'lina', dept_id_list: [2] });
    assert.equal(onlyEvent().eventType, 'user_modify_org');
    assert.deepEqual(box.state.org.memberIds(3), []);
    assert.ok(box.state.org.memberIds(2).includes('lina'));
  });

  it('activate emits user_active_org and refuses an already active user with 409', async () => {
    await change(box, { action: 'activate', userid: 'lina' });
    assert.equal(onlyEvent().eventType, 'user_active_org');
    const again = await change(box, { action: 'activate', userid: 'lina' });
    assert.equal(again.status, 409);
    assert.equal(delivered.length, 1);
  });

  it('department create, rename, update and remove emit org_dept_* with the dept id', async () => {
    const created = await change(box, { action: 'dept_create', dept: { name: '新部门', parent_id: 3 } });
    const deptId = (created.json.result as { dept_id: number }).dept_id;
    assert.equal(deptId, 9);
    assert.equal(created.json.dept_id, 9);
    await change(box, { action: 'dept_rename', dept_id: deptId, name: '更名部门' });
    await change(box, { action: 'dept_update', dept_id: deptId, patch: { hide_dept: true, parent_id: 1 } });
    await change(box, { action: 'dept_remove', dept_id: deptId });
    assert.deepEqual(
      delivered.map((e) => [e.eventType, e.data.deptId]),
      [
        ['org_dept_create', [deptId]],
        ['org_dept_modify', [deptId]],
        ['org_dept_modify', [deptId]],
        ['org_dept_remove', [deptId]],
      ],
    );
    assert.equal(box.state.org.hasDepartment(deptId), false);
    assert.equal(new Set(delivered.map((e) => e.eventId)).size, 4, 'event ids are unique');
  });

  it('refuses to remove a department that still has members or children (409, nothing emitted)', async () => {
    const withMembers = await change(box, { action: 'dept_remove', dept_id: 2 });
    assert.equal(withMembers.status, 409);
    assert.match(String(withMembers.json.message), /still has 1 member/);
    const withChildren = await change(box, { action: 'dept_remove', dept_id: 3 });
    assert.equal(withChildren.status, 409);
    assert.throws(() => box.state.removeDepartment(BIG_DEPT), (error: unknown) => error instanceof SandboxChangeError && error.code === 'conflict');
    assert.equal(delivered.length, 0);
    assert.ok(box.state.org.hasDepartment(2));
  });

  it('rejects bad change input with 400, a clear message, and leaves the org untouched', async () => {
    const before = box.state.summary();
    const cases: Array<[unknown, RegExp]> = [
      [{ action: 'promote', userid: 'lina' }, /action: must be one of hire, leave/],
      [{ action: 'hire', user: { dept_id_list: [2] } }, /name/],
      [{ action: 'hire', user: { name: '王五', dept_id_list: [99] } }, /user\.dept_id_list: department 99 does not exist/],
      [{ action: 'hire', user: { name: '王五', dept_id_list: [2], titel: '经理' } }, /unknown field "titel"/],
      [{ action: 'move', userid: 'lina', dept_id_list: [] }, /dept_id_list/],
      [{ action: 'dept_update', dept_id: 3, patch: { parent_id: 4 } }, /cycle/],
      [{ action: 'modify', userid: 'lina', patch: { manager_userid: 'ghost' } }, /manager_userid: user "ghost" does not exist/],
    ];
    for (const [body, message] of cases) {
      const { status, json } = await change(box, body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.error, 'invalid_input');
      assert.match(String(json.message), message);
    }
    const notJson = await box.app.inject({ method: 'POST', url: '/_sandbox/changes', payload: '{oops', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.statusCode, 400);
    assert.deepEqual(box.state.summary(), before);
    assert.equal(delivered.length, 0);
  });

  it('answers 404 for changes to unknown users or departments', async () => {
    assert.equal((await change(box, { action: 'leave', userid: 'ghost' })).status, 404);
    assert.equal((await change(box, { action: 'dept_rename', dept_id: 77, name: 'x' })).status, 404);
  });

  it('summarises the org at GET /_sandbox/org', async () => {
    await change(box, { action: 'leave', userid: 'lina' });
    const summary = (await box.app.inject({ method: 'GET', url: '/_sandbox/org' })).json();
    assert.equal(summary.departments, 8);
    assert.equal(summary.users, 253);
    assert.equal(summary.leaveRecords, 1);
    assert.equal(summary.eventsEmitted, 1);
    assert.equal(summary.knobs.qpsPerApi, 0);
  });
});
