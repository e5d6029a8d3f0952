import assert from 'node:assert/strict';
import type { DingTalkSandbox } from '../../../../server/sandbox/dingtalk/app.js';
import { BIG_DEPT, BIG_DEPT_SIZE, legacyToken, sandbox, topapi } from './fixtures.js';

type Envelope = Record<string, unknown> & { result?: unknown };

describe('server/sandbox/dingtalk contacts topapi', () => {
  let box: DingTalkSandbox;
  let token: string;
  const call = (path: string, body: unknown = {}): Promise<Envelope> => topapi(box, path, token, body);

  before(async () => {
    box = await sandbox({ knobs: { qpsPerApi: 0 } });
    token = await legacyToken(box);
  });
  after(() => box.close());

  it('listsub returns one level of children of the root by default', async () => {
    const body = await call('/topapi/v2/department/listsub');
    assert.equal(body.errcode, 0);
    assert.equal(body.errmsg, 'ok');
    assert.equal(typeof body.request_id, 'string');
    const list = body.result as Array<{ dept_id: number; parent_id: number; name: string }>;
    assert.deepEqual(list.map((d) => d.dept_id), [2, 3, 5, 6, BIG_DEPT]);
    assert.ok(list.every((d) => d.parent_id === 1));
    assert.deepEqual(list[0], { dept_id: 2, name: '销售部', create_dept_group: false, auto_add_user: false, parent_id: 1 });
  });

  it('listsub of a department lists its children only, and 60003 for an unknown one', async () => {
    assert.deepEqual((await call('/topapi/v2/department/listsub', { dept_id: 3 })).result, [
      { dept_id: 4, name: '后端组', create_dept_group: false, auto_add_user: false, parent_id: 3 },
    ]);
    assert.equal((await call('/topapi/v2/department/listsub', { dept_id: 999 })).errcode, 60003);
  });

  it('listsubid returns child ids', async () => {
    assert.deepEqual((await call('/topapi/v2/department/listsubid', { dept_id: 1 })).result, { dept_id_list: [2, 3, 5, 6, BIG_DEPT] });
  });

  it('department/get includes visibility fields only when switched on, and member counts', async () => {
    const hidden = (await call('/topapi/v2/department/get', { dept_id: 6 })).result as Record<string, unknown>;
    assert.equal(hidden.hide_dept, true);
    assert.deepEqual(hidden.dept_permits, [2]);
    assert.deepEqual(hidden.user_permits, ['boss']);
    const plain = (await call('/topapi/v2/department/get', { dept_id: 3 })).result as Record<string, unknown>;
    assert.ok(!('hide_dept' in plain), 'hide_dept:false must be omitted');
    assert.ok(!('outer_dept' in plain), 'outer_dept:false must be omitted');
    assert.equal(plain.member_count, 1);
    assert.equal(plain.owning_member_count, 1);
    const big = (await call('/topapi/v2/department/get', { dept_id: BIG_DEPT })).result as Record<string, unknown>;
    assert.equal(big.member_count, BIG_DEPT_SIZE + 1, 'member_count includes sub-departments');
    assert.equal(big.owning_member_count, BIG_DEPT_SIZE);
    const outer = (await call('/topapi/v2/department/get', { dept_id: 8 })).result as Record<string, unknown>;
    assert.equal(outer.outer_dept, true);
    assert.equal(outer.outer_dept_only_self, true);
  });

  it('department/get answers 60003 for an unknown department and 40035 without dept_id', async () => {
    const missing = await call('/topapi/v2/department/get', { dept_id: 404 });
    assert.equal(missing.errcode, 60003);
    assert.ok(!('result' in missing));
    assert.equal((await call('/topapi/v2/department/get', {})).errcode, 40035);
  });

  it('user/list pages 250 direct members with size 100: 100, 100, 50 and stops', async () => {
    const seen: string[] = [];
    const cursors: Array<number | undefined> = [];
    let cursor = 0;
    for (let page = 0; page < 5; page += 1) {
      const body = await call('/topapi/v2/user/list', { dept_id: BIG_DEPT, cursor, size: 100 });
      assert.equal(body.errcode, 0);
      const result = body.result as { has_more: boolean; next_cursor?: number; list: Array<{ userid: string }> };
      seen.push(...result.list.map((u) => u.userid));
      cursors.push(result.next_cursor);
      if (!result.has_more) break;
      assert.equal(typeof result.next_cursor, 'number');
      cursor = result.next_cursor ?? -1;
    }
    assert.deepEqual(cursors, [100, 200, undefined]);
    assert.equal(seen.length, BIG_DEPT_SIZE);
    assert.equal(new Set(seen).size, BIG_DEPT_SIZE);
    assert.ok(!seen.includes('sub'), 'members of sub-departments are not listed');
    assert.equal(seen[0], 'u000');
  });

  it('user/list refuses size 101 and size 0 with 40035, and requires dept_id', async () => {
    for (const size of [101, 0]) {
      const body = await call('/topapi/v2/user/list', { dept_id: BIG_DEPT, cursor: 0, size });
      assert.equal(body.errcode, 40035, `size ${size}`);
      assert.match(String(body.errmsg), /size/);
    }
    assert.equal((await call('/topapi/v2/user/list', { cursor: 0, size: 10 })).errcode, 40035);
  });

  it('user/list items omit detail-only fields and carry leader for the listed department', async () => {
    const body = await call('/topapi/v2/user/list', { dept_id: 2, cursor: 0, size: 10 });
    const [item] = (body.result as { list: Array<Record<string, unknown>> }).list;
    assert.equal(item?.userid, 'zhangwei');
    assert.equal(item?.leader, true);
    assert.ok(!('manager_userid' in (item ?? {})));
    assert.ok(!('leader_in_dept' in (item ?? {})));
  });

  it('user/get returns the detail, 60121 for an unknown user and 33012 for an invalid userid', async () => {
    const found = await call('/topapi/v2/user/get', { userid: 'zhangwei' });
    assert.equal(found.errcode, 0);
    const user = found.result as Record<string, unknown>;
    assert.equal(user.name, '张伟');
    assert.equal(user.unionid, 'union-zhangwei');
    assert.equal(user.manager_userid, 'boss');
    assert.equal((await call('/topapi/v2/user/get', { userid: 'nobody' })).errcode, 60121);
    assert.equal((await call('/topapi/v2/user/get', { userid: 'x'.repeat(65) })).errcode, 33012);
  });

  it('listid, getbyunionid and count work', async () => {
    assert.deepEqual((await call('/topapi/user/listid', { dept_id: 3 })).result, { userid_list: ['lina'] });
    assert.deepEqual((await call('/topapi/user/getbyunionid', { unionid: 'union-lina' })).result, { contact_type: 0, userid: 'lina' });
    assert.equal((await call('/topapi/user/getbyunionid', { unionid: 'nope' })).errcode, 60121);
    assert.deepEqual((await call('/topapi/user/count', {})).result, { count: BIG_DEPT_SIZE + 4 });
    assert.deepEqual((await call('/topapi/user/count', { only_active: true })).result, { count: BIG_DEPT_SIZE + 3 });
  });

  it('answers an unknown topapi method with errcode 22 naming the ApiName', async () => {
    const body = await call('/topapi/v2/user/notexist');
    assert.equal(body.errcode, 22);
    assert.equal(body.sub_msg, '不合法ApiName，ApiName = dingtalk.oapi.v2.user.notexist');
    assert.match(String(body.errmsg), /^Invalid method\[/);
  });

  it('answers unknown non-topapi paths like DingTalk: errcode 404 (HTTP 200), and 404 on /v1.0', async () => {
    const legacy = await box.app.inject({ method: 'GET', url: '/nothing/here' });
    assert.equal(legacy.statusCode, 200);
    assert.equal(legacy.json().errcode, 404);
    const v1 = await box.app.inject({ method: 'GET', url: '/v1.0/contact/nothing' });
    assert.equal(v1.statusCode, 404);
    assert.equal(typeof v1.json().code, 'string');
  });

  it('turns malformed bodies into 40035/400002 envelopes, never a crash', async () => {
    const send = async (payload: string, contentType: string) => {
      const response = await box.app.inject({
        method: 'POST',
        url: `/topapi/v2/user/get?access_token=${token}`,
        payload,
        headers: { 'content-type': contentType },
      });
      assert.equal(response.statusCode, 200);
      return response.json();
    };
    const broken = await send('{"userid":', 'application/json');
    assert.equal(broken.errcode, 40035);
    assert.match(broken.errmsg, /not valid JSON/);
    assert.equal((await send('[1,2]', 'application/json')).errcode, 400002);
    assert.equal((await send('<xml/>', 'application/xml')).errcode, 40035);
    assert.equal((await call('/topapi/v2/department/get', { dept_id: 'abc' })).errcode, 400002);
    assert.equal((await send('userid=zhangwei', 'application/x-www-form-urlencoded')).errcode, 0, 'form bodies are accepted');
  });

  it('accepts the token in a form body (probe log) and numbers as strings', async () => {
    const response = await box.app.inject({
      method: 'POST',
      url: '/topapi/v2/department/get',
      payload: `access_token=${token}&dept_id=3`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.json().result.name, '研发部');
  });
});
