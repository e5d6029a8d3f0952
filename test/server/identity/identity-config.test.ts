import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { ConfigError, helpText, loadConfig } from '../../../server/config.js';
import { SANDBOX_IDENTITY } from '../../../server/identity/entra.js';
import { authConfigFor, createIdentity } from '../../../server/identity/identity.js';
import { createSandboxIdentityProvider, sandboxIdpPlugin } from '../../../server/identity/sandbox-idp.js';

// A master key is required with real DingTalk (server/config.ts); any well-formed one does here.
const REAL_DINGTALK = { DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_EVENTS: 'stream', BRIDGE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
const API_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, []);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('server/identity config (ENTRA_* options, /auth/config, createIdentity)', () => {
  it('signs in with the built-in identity provider in sandbox mode', () => {
    const { identity } = loadConfig({}, []);
    assert.deepEqual(identity, {
      mode: 'sandbox',
      apiClientId: SANDBOX_IDENTITY.apiClientId,
      audiences: [SANDBOX_IDENTITY.apiClientId],
      apiScope: `api://${SANDBOX_IDENTITY.apiClientId}/access_as_user`,
      allowedTenants: [SANDBOX_IDENTITY.tenantId],
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      spaClientId: SANDBOX_IDENTITY.spaClientId,
    });
    assert.deepEqual(authConfigFor(identity), {
      mode: 'sandbox',
      spaClientId: SANDBOX_IDENTITY.spaClientId,
      apiScope: `api://${SANDBOX_IDENTITY.apiClientId}/access_as_user`,
      authority: '/auth/sandbox',
      sandboxTokenUrl: '/auth/sandbox/token',
    });
  });

  it('requires the API client id and the tenant allow-list with real DingTalk, and says why', () => {
    const problems = problemsOf(REAL_DINGTALK).join('\n');
    assert.match(problems, /ENTRA_API_CLIENT_ID: required with real DingTalk/);
    assert.match(problems, /ENTRA_ALLOWED_TENANTS: required with real DingTalk/);
  });

  it('uses Entra with real DingTalk: audiences, scope from the App ID URI, one registration for both clients', () => {
    const uri = `api://bridge.example.com/${API_ID}`;
    const { identity } = loadConfig({ ...REAL_DINGTALK, ENTRA_API_CLIENT_ID: API_ID, ENTRA_API_AUDIENCE_URI: uri, ENTRA_ALLOWED_TENANTS: TENANT }, []);
    assert.equal(identity.mode, 'entra');
    assert.deepEqual(identity.audiences, [API_ID, uri]);
    assert.equal(identity.apiScope, `${uri}/access_as_user`);
    assert.deepEqual(identity.allowedTenants, [TENANT.toLowerCase()]);
    assert.equal(identity.spaClientId, API_ID);
    const auth = authConfigFor(identity);
    assert.equal(auth.authority, `https://login.microsoftonline.com/${TENANT.toLowerCase()}`);
    assert.equal(auth.sandboxTokenUrl, undefined);
    const multi = loadConfig({ ...REAL_DINGTALK, ENTRA_API_CLIENT_ID: API_ID, ENTRA_ALLOWED_TENANTS: 'any', ENTRA_SPA_CLIENT_ID: SANDBOX_IDENTITY.spaClientId }, []).identity;
    assert.equal(multi.allowedTenants, 'any');
    assert.equal(multi.spaClientId, SANDBOX_IDENTITY.spaClientId);
    assert.equal(authConfigFor(multi).authority, 'https://login.microsoftonline.com/organizations');
  });

  it('names every malformed ENTRA_* value', () => {
    const problems = problemsOf({
      ENTRA_API_CLIENT_ID: 'bridge-api',
      ENTRA_SPA_CLIENT_ID: '123',
      ENTRA_API_AUDIENCE_URI: 'bridge',
      ENTRA_ALLOWED_TENANTS: `any,${TENANT}`,
      ENTRA_JWKS_URL: 'ftp://keys',
    }).join('\n');
    assert.match(problems, /ENTRA_API_CLIENT_ID: must be the Application \(client\) ID/);
    assert.match(problems, /ENTRA_SPA_CLIENT_ID: must be/);
    assert.match(problems, /ENTRA_API_AUDIENCE_URI: must be the API's App ID URI/);
    assert.match(problems, /ENTRA_ALLOWED_TENANTS: "any" cannot be combined/);
    assert.match(problems, /ENTRA_JWKS_URL: must be a http: or https: URL/);
    assert.match(problemsOf({ ENTRA_ALLOWED_TENANTS: 'contoso.onmicrosoft.com' }).join('\n'), /"contoso.onmicrosoft.com" is not a tenant ID/);
  });

  it('documents the options in --help', () => {
    const help = helpText();
    for (const name of ['ENTRA_API_CLIENT_ID', 'ENTRA_API_AUDIENCE_URI', 'ENTRA_ALLOWED_TENANTS', 'ENTRA_JWKS_URL', 'ENTRA_SPA_CLIENT_ID']) assert.ok(help.includes(name), name);
  });

  it('in entra mode validates against the keys at ENTRA_JWKS_URL (and starts no sandbox provider)', async () => {
    const issuer = await createSandboxIdentityProvider({ apiClientId: API_ID, tenantId: TENANT });
    const server = Fastify();
    await server.register(sandboxIdpPlugin, { idp: issuer });
    await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const jwksUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/auth/sandbox/discovery/v2.0/keys`;
      const config = loadConfig({ ...REAL_DINGTALK, ENTRA_API_CLIENT_ID: API_ID, ENTRA_ALLOWED_TENANTS: TENANT, ENTRA_JWKS_URL: jwksUrl }, []);
      const identity = await createIdentity(config.identity);
      assert.equal(identity.sandboxIdp, null);
      const check = await identity.validator.validate((await issuer.mint({ email: 'lina@contoso.example' })).token);
      assert.ok('viewer' in check, JSON.stringify(check));
      assert.equal(check.viewer.tid, TENANT.toLowerCase());
      const sandboxToken = await (await createSandboxIdentityProvider()).mint({ email: 'lina@example.com' });
      const refused = await identity.validator.validate(sandboxToken.token);
      assert.deepEqual('error' in refused ? refused.error : 'accepted', 'tenant_not_allowed');
    } finally {
      await server.close();
    }
  });
});
