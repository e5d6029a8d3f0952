import assert from 'node:assert/strict';
import { buildGraphSandbox, type GraphSandbox } from '../../../../server/sandbox/graph/app.js';
import { sandboxFixture, UPN } from './fixtures.js';

describe('server/sandbox/graph: token endpoint and gateway', () => {
  let sandbox: GraphSandbox;
  beforeEach(async () => {
    sandbox = await buildGraphSandbox({ mailboxes: [UPN], knobs: { tokenTtlSeconds: 600 } });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  const tokenRequest = (fields: Record<string, string>, tenant = sandbox.tenantId) =>
    sandbox.app.inject({
      method: 'POST',
      url: `/${tenant}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default', ...fields }).toString(),
    });

  it('issues opaque bearer tokens with the configured lifetime for the client-credentials grant', async () => {
    const res = await tokenRequest({});
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 600);
    assert.ok(typeof body.access_token === 'string' && body.access_token.length > 20);
    assert.notEqual((await tokenRequest({})).json().access_token, body.access_token, 'a new token per request');
    assert.equal((await tokenRequest({ client_secret: '', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'a.b.c' })).statusCode, 200);
  });

  it('answers Entra-style errors for a wrong secret, client, tenant, grant or scope', async () => {
    const cases: Array<[Record<string, string>, string | undefined, number, string]> = [
      [{ client_secret: 'nope' }, undefined, 401, 'invalid_client'],
      [{ client_id: 'someone-else' }, undefined, 400, 'unauthorized_client'],
      [{}, 'other-tenant', 400, 'invalid_request'],
      [{ grant_type: 'password' }, undefined, 400, 'unsupported_grant_type'],
      [{ scope: 'Mail.Read' }, undefined, 400, 'invalid_scope'],
    ];
    for (const [fields, tenant, status, error] of cases) {
      const res = await tokenRequest(fields, tenant);
      assert.equal(res.statusCode, status, error);
      assert.equal(res.json().error, error);
      assert.match(res.json().error_description, /^AADSTS\d+: /);
    }
  });

  it('refuses missing, unknown and expired tokens with 401 InvalidAuthenticationToken in the Graph envelope', async () => {
    const token = (await tokenRequest({})).json().access_token as string;
    const get = (authorization?: string) =>
      sandbox.app.inject({ method: 'GET', url: `/v1.0/users/${UPN}/mailFolders/inbox`, headers: authorization === undefined ? {} : { authorization } });
    assert.equal((await get(`Bearer ${token}`)).statusCode, 200);
    for (const [authorization, message] of [
      [undefined, /empty/],
      ['Bearer not-a-token', /validation failure/],
    ] as const) {
      const res = await get(authorization);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'InvalidAuthenticationToken');
      assert.match(res.json().error.message, message);
      assert.match(String(res.headers['www-authenticate']), /^Bearer /);
    }
    assert.equal(sandbox.expireTokens(), 1);
    const expired = await get(`Bearer ${token}`);
    assert.equal(expired.statusCode, 401);
    assert.match(expired.json().error.message, /expired/);
  });

  it('puts request-id and client-request-id on every answer, in headers and innerError', async () => {
    const res = await sandbox.app.inject({ method: 'GET', url: `/v1.0/users/${UPN}/messages`, headers: { 'client-request-id': 'mine-123' } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['client-request-id'], 'mine-123');
    assert.match(String(res.headers['request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(res.json().error.innerError['request-id'], res.headers['request-id']);
    assert.equal(res.json().error.innerError['client-request-id'], 'mine-123');
  });

  it('rejects /me for app tokens, unknown users and unknown segments', async () => {
    const fx = await sandboxFixture();
    try {
      const me = await fx.call('GET', '/v1.0/me/messages');
      assert.equal(me.status, 400);
      assert.match(me.json.error.message, /delegated authentication flow/);
      const nobody = await fx.call('GET', '/v1.0/users/nobody@contoso.example/messages');
      assert.equal(nobody.status, 404);
      assert.equal(nobody.json.error.code, 'ErrorInvalidUser');
      const segment = await fx.call('GET', `/v1.0/users/${UPN}/calendars-of-doom`);
      assert.equal(segment.status, 400);
      assert.match(segment.json.error.message, /segment 'calendars-of-doom'/);
      assert.equal((await fx.call('GET', `/beta/users/${UPN}/mailFolders/inbox`)).status, 200, '/beta serves the same endpoints');
    } finally {
      await fx.close();
    }
  });
});
