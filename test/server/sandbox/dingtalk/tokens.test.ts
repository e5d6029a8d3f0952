import assert from 'node:assert/strict';
import type { DingTalkSandbox } from '../../../../server/sandbox/dingtalk/app.js';
import { APP_KEY, APP_SECRET, legacyToken, manualClock, sandbox, topapi } from './fixtures.js';

describe('server/sandbox/dingtalk tokens and auth envelopes', () => {
  let box: DingTalkSandbox;
  const clock = manualClock();

  beforeEach(async () => {
    box = await sandbox({ clock: clock.now });
  });
  afterEach(() => box.close());

  const v1Token = (body: unknown) => box.app.inject({ method: 'POST', url: '/v1.0/oauth2/accessToken', payload: body as object });
  const leaveRecords = (token?: string) =>
    box.app.inject({
      method: 'GET',
      url: '/v1.0/contact/empLeaveRecords?startTime=2020-01-01T00:00:00Z&maxResults=10',
      headers: token === undefined ? {} : { 'x-acs-dingtalk-access-token': token },
    });

  it('issues a legacy token with the documented envelope and 7200 s', async () => {
    const response = await box.app.inject({ method: 'GET', url: `/gettoken?appkey=${APP_KEY}&appsecret=${APP_SECRET}` });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.errcode, 0);
    assert.equal(body.errmsg, 'ok');
    assert.equal(body.expires_in, 7200);
    assert.match(body.access_token, /^[0-9a-f]{32}$/);
  });

  it('returns the same token on re-request and extends its validity', async () => {
    const first = await legacyToken(box);
    clock.advance(7000 * 1000);
    assert.equal(await legacyToken(box), first);
    clock.advance(7000 * 1000); // 14000 s after issue, but only 7000 s after the extension
    assert.equal((await topapi(box, '/topapi/user/count', first)).errcode, 0);
  });

  it('refuses bad and missing credentials on /gettoken with HTTP 200 errcodes', async () => {
    const bad = await box.app.inject({ method: 'GET', url: `/gettoken?appkey=${APP_KEY}&appsecret=wrong` });
    assert.equal(bad.statusCode, 200);
    assert.deepEqual(bad.json(), { errcode: 40096, errmsg: '不合法的appKey或appSecret' });
    const missing = await box.app.inject({ method: 'GET', url: '/gettoken?appsecret=x' });
    assert.equal(missing.json().errcode, 40035);
  });

  it('issues the same token on the v1.0 family and accepts it on both', async () => {
    const legacy = await legacyToken(box);
    const response = await v1Token({ appKey: APP_KEY, appSecret: APP_SECRET });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { accessToken: legacy, expireIn: 7200 });
    assert.equal((await leaveRecords(legacy)).statusCode, 200);
  });

  it('answers HTTP 400 invalidClientIdOrSecret for bad v1.0 credentials', async () => {
    const response = await v1Token({ appKey: APP_KEY, appSecret: 'nope' });
    assert.equal(response.statusCode, 400);
    const body = response.json();
    assert.equal(body.code, 'invalidClientIdOrSecret');
    assert.equal(typeof body.message, 'string');
    assert.equal(typeof body.requestid, 'string');
  });

  it('reports a missing topapi token as 88 / sub_code 40000 and a bad one as 88 / 40014', async () => {
    const missing = await topapi(box, '/topapi/user/count', null);
    assert.equal(missing.errcode, 88);
    assert.equal(missing.sub_code, '40000');
    assert.equal(missing.errmsg, 'ding talk error[subcode=40000,submsg=access_token is blank]');
    const bad = await topapi(box, '/topapi/user/count', 'not-a-token');
    assert.equal(bad.errcode, 88);
    assert.equal(bad.sub_code, '40014');
    assert.equal(typeof bad.request_id, 'string');
  });

  it('reports a missing v1.0 header and a bad token with the documented 400 codes', async () => {
    const missing = await leaveRecords();
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'AuthenticationFailed.MissingParameter');
    const bad = await leaveRecords('not-a-token');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'InvalidAuthentication');
  });

  it('expires tokens after the TTL: 42001 on topapi, InvalidAuthentication on v1.0, then a new token', async () => {
    const token = await legacyToken(box);
    clock.advance(7201 * 1000);
    assert.equal((await topapi(box, '/topapi/user/count', token)).errcode, 42001);
    assert.equal((await leaveRecords(token)).json().code, 'InvalidAuthentication');
    const fresh = await legacyToken(box);
    assert.notEqual(fresh, token);
    assert.equal((await topapi(box, '/topapi/user/count', fresh)).errcode, 0);
  });

  it('expires every token through POST /_sandbox/tokens/expire', async () => {
    const token = await legacyToken(box);
    const response = await box.app.inject({ method: 'POST', url: '/_sandbox/tokens/expire' });
    assert.deepEqual(response.json(), { expired: 1 });
    assert.equal((await topapi(box, '/topapi/user/count', token)).errcode, 42001);
  });

  it('honours the tokenTtlSeconds knob', async () => {
    box.state.setKnobs({ tokenTtlSeconds: 60 });
    const response = await box.app.inject({ method: 'GET', url: `/gettoken?appkey=${APP_KEY}&appsecret=${APP_SECRET}` });
    assert.equal(response.json().expires_in, 60);
    clock.advance(61_000);
    assert.equal((await topapi(box, '/topapi/user/count', response.json().access_token)).errcode, 42001);
  });
});
