import assert from 'node:assert/strict';
import { CallbackCrypto } from '../../../server/connectors/dingtalk/callback-crypto.js';
import { CALLBACK, directoryApp, signedPush, type DirectoryAppFixture } from '../../helpers/directory-app.js';
import { SANDBOX_APP } from '../../helpers/dingtalk-sandbox.js';

function flatEvent(type: string, ids: { userId?: string[]; deptId?: number[] }, eventId = `ev-${Math.random()}`): string {
  return JSON.stringify({ EventType: type, EventTime: String(Date.now()), CorpId: SANDBOX_APP.corpId, eventId, ...ids, TimeStamp: String(Date.now()) });
}

describe('server/http/dingtalk-callback', () => {
  let fx: DirectoryAppFixture;
  beforeEach(async () => {
    fx = await directoryApp();
  });
  afterEach(async () => {
    await fx.close();
  });

  async function push(plaintext: string) {
    const { url, payload } = signedPush(fx.dingtalk, plaintext);
    return fx.app.inject({ method: 'POST', url, payload });
  }

  function assertSuccessReply(res: { statusCode: number; json(): unknown }): void {
    assert.equal(res.statusCode, 200);
    const reply = res.json() as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
    assert.ok(fx.dingtalk.verifySignature(reply.msg_signature, reply.timeStamp, reply.nonce, reply.encrypt));
    assert.equal(fx.dingtalk.decrypt(reply.encrypt), 'success');
  }

  it('answers the URL check with an encrypted, signed "success"', async () => {
    assertSuccessReply(await push(JSON.stringify({ EventType: 'check_url' })));
  });

  it('applies a hire: the new person is searchable', async () => {
    const hired = fx.sandbox.state.hire({ name: '王小明', dept_id_list: [2], title: '销售代表' });
    assertSuccessReply(await push(flatEvent('user_add_org', { userId: [hired.userid] })));
    const results = (await fx.app.inject({ url: '/api/directory/search?q=wxm', headers: fx.auth })).json().results;
    assert.ok(results.some((r: { userid: string }) => r.userid === hired.userid));
  });

  it('applies a leave: the person disappears from search and from the store', async () => {
    fx.sandbox.state.leave('zhangwei');
    assertSuccessReply(await push(flatEvent('user_leave_org', { userId: ['zhangwei'] })));
    assert.equal((await fx.app.inject({ url: '/api/directory/search?q=zhangwei', headers: fx.auth })).json().results.length, 0);
    assert.equal(await fx.store.directory.getPerson('zhangwei'), null);
  });

  it('is idempotent: the same event twice changes nothing the second time', async () => {
    fx.sandbox.state.modifyUser('lina', { title: '高级工程师' });
    const event = flatEvent('user_modify_org', { userId: ['lina'] }, 'same-id');
    assertSuccessReply(await push(event));
    const first = await fx.directory.status();
    assertSuccessReply(await push(event));
    const second = await fx.directory.status();
    assert.equal(second.eventsApplied, first.eventsApplied);
    assert.equal(second.duplicatesIgnored, first.duplicatesIgnored + 1);
    assert.equal((await fx.store.directory.getPerson('lina'))?.title, '高级工程师');
  });

  it('is order-independent: a late "modify" after a "leave" does not bring the leaver back', async () => {
    fx.sandbox.state.leave('lina');
    assertSuccessReply(await push(flatEvent('user_leave_org', { userId: ['lina'] })));
    assertSuccessReply(await push(flatEvent('user_modify_org', { userId: ['lina'] })));
    assert.equal(await fx.store.directory.getPerson('lina'), null);
  });

  it('applies department events', async () => {
    const dept = fx.sandbox.state.createDepartment({ name: '新项目组', parent_id: 1 });
    assertSuccessReply(await push(flatEvent('org_dept_create', { deptId: [dept.dept_id] })));
    assert.equal((await fx.app.inject({ url: `/api/directory/departments/${dept.dept_id}`, headers: fx.auth })).json().name, '新项目组');
    fx.sandbox.state.removeDepartment(dept.dept_id);
    assertSuccessReply(await push(flatEvent('org_dept_remove', { deptId: [dept.dept_id] })));
    assert.equal((await fx.app.inject({ url: `/api/directory/departments/${dept.dept_id}`, headers: fx.auth })).statusCode, 404);
  });

  it('acknowledges calendar and to-do events without touching the directory', async () => {
    assertSuccessReply(await push(JSON.stringify({ EventType: 'calendar_event_change', calendarEventId: 'x' })));
  });

  describe('bad input gets a 4xx, a log line, and leaves the data intact', () => {
    async function assertIntact(): Promise<void> {
      assert.equal(await fx.store.directory.countPeople(), 254);
      assert.equal((await fx.directory.status()).eventsApplied, 0);
    }

    it('bad signature → 403', async () => {
      const { url, payload } = signedPush(fx.dingtalk, flatEvent('user_leave_org', { userId: ['zhangwei'] }));
      const res = await fx.app.inject({ method: 'POST', url: url.replace(/signature=[0-9a-f]{4}/, 'signature=0000'), payload });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'APP_ERR_BAD_SIGNATURE');
      assert.ok(fx.logLines.some((l) => l.code === 'APP_ERR_BAD_SIGNATURE'), 'logged');
      await assertIntact();
    });

    it('payload encrypted with another key → 400', async () => {
      const stranger = new CallbackCrypto({ token: CALLBACK.token, aesKey: 'A'.repeat(43), ownerKey: SANDBOX_APP.appKey });
      const encrypt = stranger.encrypt(flatEvent('user_leave_org', { userId: ['zhangwei'] }));
      const ts = '1700000000';
      const res = await fx.app.inject({ method: 'POST', url: `/webhooks/dingtalk?signature=${fx.dingtalk.signature(ts, 'n', encrypt)}&timestamp=${ts}&nonce=n`, payload: { encrypt } });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.message, /cannot be decrypted/);
      await assertIntact();
    });

    it('malformed JSON body, missing fields, decrypted non-JSON → 400', async () => {
      const raw = await fx.app.inject({ method: 'POST', url: '/webhooks/dingtalk?signature=a&timestamp=1&nonce=n', headers: { 'content-type': 'application/json' }, payload: '{"encrypt":' });
      assert.equal(raw.statusCode, 400);
      const missing = await fx.app.inject({ method: 'POST', url: '/webhooks/dingtalk?signature=a&timestamp=1&nonce=n', payload: { other: 1 } });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error.message, /encrypt/);
      const noSignature = await fx.app.inject({ method: 'POST', url: '/webhooks/dingtalk?nonce=n', payload: { encrypt: 'x' } });
      assert.equal(noSignature.statusCode, 400);
      const notJson = await push('this is not json');
      assert.equal(notJson.statusCode, 400);
      assert.match(notJson.json().error.message, /not JSON/);
      await assertIntact();
    });

    it('unknown event type and malformed ids → 400', async () => {
      const unknown = await push(JSON.stringify({ EventType: 'user_teleported', userId: ['zhangwei'] }));
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json().error.message, /user_teleported/);
      const badIds = await push(JSON.stringify({ EventType: 'user_leave_org', userId: [42] }));
      assert.equal(badIds.statusCode, 400);
      await assertIntact();
    });

    it('an event for another organisation → 400', async () => {
      const res = await push(JSON.stringify({ EventType: 'user_leave_org', CorpId: 'dingelsewhere', userId: ['zhangwei'] }));
      assert.equal(res.statusCode, 400);
      await assertIntact();
    });

    it('huge body → 413', async () => {
      const res = await fx.app.inject({ method: 'POST', url: '/webhooks/dingtalk?signature=a&timestamp=1&nonce=n', payload: { encrypt: 'A'.repeat(200_000) } });
      assert.equal(res.statusCode, 413);
      assert.equal(res.json().error.code, 'APP_ERR_PAYLOAD_TOO_LARGE');
      await assertIntact();
    });
  });

  it('answers 503 when the event cannot be applied now, so DingTalk retries', async () => {
    fx.sandbox.state.hire({ name: '赵六', dept_id_list: [2] });
    // Closing the store makes the apply fail the way a database outage would.
    await fx.store.close();
    const res = await push(flatEvent('user_add_org', { userId: ['x'] }));
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error.message, 'an upstream service is unavailable; try again shortly');
    fx.store.close = async () => undefined;
  });
});
