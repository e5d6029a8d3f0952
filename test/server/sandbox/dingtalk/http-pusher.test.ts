import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { CallbackCrypto } from '../../../../server/connectors/dingtalk/callback-crypto.js';
import { normalizeContactEvent } from '../../../../server/connectors/dingtalk/contact-event.js';
import type { DingTalkSandbox } from '../../../../server/sandbox/dingtalk/app.js';
import { APP_KEY, CORP_ID, legacyToken, sandbox } from './fixtures.js';

const CALLBACK = { token: 'callbacktoken', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

type Mode = 'good' | 'plain-ok' | 'wrong-plaintext' | 'http500';

interface Received {
  query: Record<string, string>;
  encrypt: string;
  plaintext: string;
}

/** A real loopback receiver that decrypts like a DingTalk app and answers according to `modes` (last one repeats). */
async function receiver(modes: Mode[]): Promise<{ app: FastifyInstance; url: string; received: Received[] }> {
  const crypto = new CallbackCrypto({ ...CALLBACK, ownerKey: APP_KEY });
  const received: Received[] = [];
  const app = Fastify();
  app.post('/callback', async (request, reply) => {
    const { encrypt } = request.body as { encrypt: string };
    received.push({ query: request.query as Record<string, string>, encrypt, plaintext: crypto.decrypt(encrypt) });
    const mode = modes[Math.min(received.length - 1, modes.length - 1)];
    if (mode === 'http500') return reply.code(500).send({ error: 'boom' });
    if (mode === 'plain-ok') return { ok: true };
    return crypto.seal(mode === 'good' ? 'success' : 'fail');
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `${address}/callback`, received };
}

describe('server/sandbox/dingtalk HTTP pusher', () => {
  let box: DingTalkSandbox | undefined;
  let target: Awaited<ReturnType<typeof receiver>> | undefined;

  afterEach(async () => {
    await box?.close();
    await target?.app.close();
    box = undefined;
    target = undefined;
  });

  const start = async (modes: Mode[], delays: [number, number] = [20, 40]) => {
    target = await receiver(modes);
    box = await sandbox({ callback: { url: target.url, ...CALLBACK }, pushRetryDelaysMs: delays });
    return { box, target };
  };

  it('pushes an encrypted, signed new-format event that CallbackCrypto verifies and decrypts', async () => {
    const { box, target } = await start(['good']);
    const hired = box.state.hire({ name: '王小明', dept_id_list: [2] });
    await box.pusher?.settled();
    assert.equal(target.received.length, 1);
    const [push] = target.received;
    const crypto = new CallbackCrypto({ ...CALLBACK, ownerKey: APP_KEY });
    assert.ok(crypto.verifySignature(push!.query['signature']!, push!.query['timestamp']!, push!.query['nonce']!, push!.encrypt));
    const payload = JSON.parse(push!.plaintext);
    const [event] = box.state.events();
    assert.deepEqual(payload, {
      EventType: 'user_add_org',
      EventTime: String(event?.bornTime),
      CorpId: CORP_ID,
      eventId: event?.eventId,
      userId: [hired.userid],
      TimeStamp: String(event?.bornTime),
    });
    const normalised = normalizeContactEvent(payload, (text) => createHash('sha1').update(text).digest('hex'));
    assert.deepEqual(normalised?.userIds, [hired.userid]);
    assert.equal(normalised?.eventId, event?.eventId);
    assert.deepEqual(box.state.failedEvents(), []);
  });

  it('pushes department events with deptId', async () => {
    const { box, target } = await start(['good']);
    box.state.renameDepartment(5, '新名字');
    await box.pusher?.settled();
    const payload = JSON.parse(target.received[0]!.plaintext);
    assert.equal(payload.EventType, 'org_dept_modify');
    assert.deepEqual(payload.deptId, [5]);
  });

  it('retries after a wrong reply and stops once the receiver answers success', async () => {
    const { box, target } = await start(['http500', 'wrong-plaintext', 'good']);
    box.state.activateUser('lina');
    await box.pusher?.settled();
    assert.equal(target.received.length, 3);
    assert.equal(new Set(target.received.map((r) => JSON.parse(r.plaintext).eventId)).size, 1, 'the same event each time');
    assert.deepEqual(box.state.failedEvents(), []);
  });

  it('parks the event after two retries; both failed-results APIs report it', async () => {
    const { box, target } = await start(['plain-ok']);
    const started = performance.now();
    box.state.leave('lina');
    await box.pusher?.settled();
    assert.equal(target.received.length, 3, 'first attempt + 2 retries');
    assert.ok(performance.now() - started >= 55, 'the retry delays were waited');
    const [failed] = box.state.failedEvents();
    assert.equal(failed?.event.eventType, 'user_leave_org');

    const token = await legacyToken(box);
    const v1 = await box.app.inject({
      method: 'GET',
      url: `/v1.0/event/callbacks/failedResults?beginTime=0&endTime=${Date.now() + 1000}`,
      headers: { 'x-acs-dingtalk-access-token': token },
    });
    assert.equal(v1.statusCode, 200);
    const item = v1.json().failedList[0];
    assert.equal(v1.json().hasMore, false);
    assert.equal(item.callBackTag, 'user_leave_org');
    assert.equal(item.corpId, CORP_ID);
    assert.deepEqual(JSON.parse(item.callBackData).userId, ['lina']);

    const legacy = await box.app.inject({ method: 'GET', url: `/call_back/get_call_back_failed_result?access_token=${token}` });
    const body = legacy.json();
    assert.equal(body.errcode, 0);
    assert.equal(body.has_more, false);
    assert.equal(body.failed_list[0].call_back_tag, 'user_leave_org');
    assert.deepEqual(body.failed_list[0].user_leave_org, { corpid: CORP_ID, userid: ['lina'] });
    const again = await box.app.inject({ method: 'GET', url: `/call_back/get_call_back_failed_result?access_token=${token}` });
    assert.deepEqual(again.json().failed_list, [], 'the legacy API hands each failed event out once');
  });

  it('does not block state changes while the receiver is slow or failing', async () => {
    const { box } = await start(['plain-ok'], [10_000, 30_000]);
    const started = performance.now();
    for (let i = 0; i < 20; i += 1) box.state.hire({ name: `员工${i}`, dept_id_list: [5] });
    assert.ok(performance.now() - started < 500);
    assert.equal(box.state.org.memberCount(5), 20);
  });

  it('cancels pending retries on close without parking', async () => {
    const { box, target } = await start(['plain-ok'], [10_000, 30_000]);
    box.state.activateUser('lina');
    for (let i = 0; i < 100 && target.received.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    assert.equal(target.received.length, 1);
    const closing = performance.now();
    await box.close();
    assert.ok(performance.now() - closing < 2000, 'close does not wait for the 10 s retry');
    assert.deepEqual(box.state.failedEvents(), []);
    assert.equal(target.received.length, 1);
  });

  it('sends check_url and verifies the reply', async () => {
    const good = await start(['good']);
    assert.equal(await good.box.pusher?.sendCheckUrl(), true);
    assert.deepEqual(JSON.parse(good.target.received[0]!.plaintext), { EventType: 'check_url' });
    const viaHttp = await good.box.app.inject({ method: 'POST', url: '/_sandbox/callback/check' });
    assert.deepEqual(viaHttp.json(), { ok: true });
    await good.box.close();
    await good.target.app.close();
    const bad = await start(['wrong-plaintext']);
    assert.equal(await bad.box.pusher?.sendCheckUrl(), false);
  });
});
