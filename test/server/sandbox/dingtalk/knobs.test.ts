import assert from 'node:assert/strict';
import type { DingTalkSandbox } from '../../../../server/sandbox/dingtalk/app.js';
import type { SandboxContactEvent } from '../../../../server/sandbox/dingtalk/event-feed.js';
import { APP_KEY, APP_SECRET, legacyToken, manualClock, sandbox, topapi } from './fixtures.js';

describe('server/sandbox/dingtalk knobs', () => {
  let box: DingTalkSandbox | undefined;
  afterEach(async () => {
    await box?.close();
    box = undefined;
  });

  const count = (b: DingTalkSandbox, token: string) => topapi(b, '/topapi/user/count', token);

  it('throttles the 21st topapi request within one second with 90018 (HTTP 200), per API', async () => {
    const clock = manualClock();
    box = await sandbox({ clock: clock.now });
    const token = await legacyToken(box);
    for (let i = 0; i < 20; i += 1) assert.equal((await count(box, token)).errcode, 0, `request ${i + 1}`);
    const throttled = await count(box, token);
    assert.equal(throttled.errcode, 90018);
    assert.match(String(throttled.errmsg), /QPS/);
    assert.equal((await topapi(box, '/topapi/v2/department/listsub', token)).errcode, 0, 'another API has its own window');
    clock.advance(1000);
    assert.equal((await count(box, token)).errcode, 0, 'the window slides');
  });

  it('throttles the v1.0 family with HTTP 403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', async () => {
    box = await sandbox({ clock: manualClock().now });
    const token = await legacyToken(box);
    const call = () =>
      box!.app.inject({
        method: 'GET',
        url: '/v1.0/event/callbacks/failedResults?beginTime=0&endTime=1',
        headers: { 'x-acs-dingtalk-access-token': token },
      });
    for (let i = 0; i < 20; i += 1) assert.equal((await call()).statusCode, 200);
    const throttled = await call();
    assert.equal(throttled.statusCode, 403);
    assert.equal(throttled.json().code, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
  });

  it('gives /gettoken its own QPS bucket', async () => {
    box = await sandbox({ clock: manualClock().now });
    const token = await legacyToken(box);
    for (let i = 0; i < 19; i += 1) await legacyToken(box);
    const refused = await box.app.inject({ method: 'GET', url: `/gettoken?appkey=${APP_KEY}&appsecret=${APP_SECRET}` });
    assert.equal(refused.json().errcode, 90018);
    assert.equal((await count(box, token)).errcode, 0);
  });

  it('fails the next n requests with HTTP 503 (failNext), then recovers', async () => {
    box = await sandbox({ knobs: { failNext: 2 } });
    const first = await box.app.inject({ method: 'GET', url: `/gettoken?appkey=${APP_KEY}&appsecret=${APP_SECRET}` });
    assert.equal(first.statusCode, 503);
    assert.match(first.body, /503/);
    const second = await box.app.inject({ method: 'POST', url: '/topapi/user/count' });
    assert.equal(second.statusCode, 503);
    assert.equal(box.state.knobs.failNext, 0);
    const token = await legacyToken(box);
    assert.equal((await count(box, token)).errcode, 0);
  });

  it('sets failNext over HTTP and leaves /_sandbox routes unaffected', async () => {
    box = await sandbox();
    const set = await box.app.inject({ method: 'POST', url: '/_sandbox/knobs', payload: { failNext: 1 } });
    assert.equal(set.statusCode, 200);
    assert.equal(set.json().knobs.failNext, 1);
    assert.equal((await box.app.inject({ method: 'GET', url: '/_sandbox/org' })).statusCode, 200);
    assert.equal((await box.app.inject({ method: 'POST', url: '/topapi/user/count' })).statusCode, 503);
  });

  it('rejects invalid knobs with 400 naming the field and keeps the old values', async () => {
    box = await sandbox();
    const response = await box.app.inject({ method: 'POST', url: '/_sandbox/knobs', payload: { transient5xxRate: 2, bogus: 1 } });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().message, /transient5xxRate/);
    assert.match(response.json().message, /bogus/);
    assert.equal(box.state.knobs.transient5xxRate, 0);
  });

  it('fails a seeded, repeatable share of requests with transient5xxRate', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      const b = await sandbox({ knobs: { transient5xxRate: 0.5, qpsPerApi: 0 }, randomSeed: seed });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i += 1) statuses.push((await b.app.inject({ method: 'POST', url: '/topapi/user/count' })).statusCode);
      await b.close();
      return statuses;
    };
    const a = await pattern(7);
    assert.deepEqual(await pattern(7), a, 'same seed, same failures');
    const failures = a.filter((s) => s === 503).length;
    assert.ok(failures > 5 && failures < 35, `about half should fail, got ${failures}`);
    assert.ok(a.includes(200), 'the others reach the API (88 envelope, HTTP 200)');
  });

  it('delays responses by latencyMs', async () => {
    box = await sandbox({ knobs: { latencyMs: 60 } });
    const started = performance.now();
    await box.app.inject({ method: 'POST', url: '/topapi/user/count' });
    assert.ok(performance.now() - started >= 55);
  });

  it('counts requests per API path, including refused ones', async () => {
    box = await sandbox();
    const token = await legacyToken(box);
    await count(box, token);
    await count(box, 'bad');
    await topapi(box, '/topapi/v2/department/listsub', token);
    assert.deepEqual(box.state.requestCounts(), { '/gettoken': 1, '/topapi/user/count': 2, '/topapi/v2/department/listsub': 1 });
    const overHttp = await box.app.inject({ method: 'GET', url: '/_sandbox/requests' });
    assert.equal(overHttp.json().counts['/topapi/user/count'], 2);
  });

  it('delivers events twice with the same eventId when duplicateEvents is on', async () => {
    box = await sandbox({ knobs: { duplicateEvents: true } });
    const seen: SandboxContactEvent[] = [];
    box.feed.subscribe((event) => seen.push(event));
    box.state.activateUser('lina');
    assert.equal(seen.length, 2);
    assert.equal(seen[0]?.eventId, seen[1]?.eventId);
    assert.equal(box.state.events().length, 1, 'the history records the event once');
  });

  it('delivers a later event before an earlier one when reorderEvents is on', async () => {
    box = await sandbox({ knobs: { reorderEvents: 1 } });
    const seen: string[] = [];
    box.feed.subscribe((event) => seen.push(event.eventType));
    box.state.activateUser('lina');
    assert.deepEqual(seen, [], 'the first event is held back');
    box.state.renameDepartment(5, '新部门');
    assert.deepEqual(seen, ['org_dept_modify', 'user_active_org']);
  });
});
