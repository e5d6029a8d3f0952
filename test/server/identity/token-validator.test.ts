import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { FetchImplementation } from 'jose';
import { ENTRA_ISSUER_TEMPLATES, SANDBOX_IDENTITY } from '../../../server/identity/entra.js';
import { sandboxIdpPlugin } from '../../../server/identity/sandbox-idp.js';
import { createTokenValidator, type TokenCheck, type TokenValidatorOptions } from '../../../server/identity/token-validator.js';
import { badTokens, createTestIdentity, OTHER_TENANT, type TestIdentity } from '../../helpers/identity.js';

function rejection(check: TokenCheck): string {
  return 'error' in check ? check.error : `accepted as ${check.viewer.email}`;
}

describe('server/identity/token-validator', () => {
  let identity: TestIdentity;
  let base: Omit<TokenValidatorOptions, 'jwks' | 'jwksUrl'>;
  before(async () => {
    identity = await createTestIdentity();
    base = { audience: identity.config.audiences, allowedTenants: identity.config.allowedTenants, issuerTemplates: ENTRA_ISSUER_TEMPLATES, requiredScope: 'access_as_user' };
  });

  it('accepts a sandbox token and names the viewer by oid, tenant and lowercased e-mail', async () => {
    const token = await identity.tokenFor('Lina.Wang@Example.com', { name: '王丽娜' });
    const check = await identity.validator.validate(token);
    assert.ok('viewer' in check, rejection(check));
    assert.equal(check.viewer.email, 'lina.wang@example.com');
    assert.equal(check.viewer.tid, SANDBOX_IDENTITY.tenantId);
    assert.equal(check.viewer.name, '王丽娜');
    assert.match(check.viewer.oid, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = await identity.validator.validate(await identity.tokenFor('lina.wang@example.com'));
    assert.ok('viewer' in again);
    assert.equal(again.viewer.oid, check.viewer.oid, 'oid is stable per e-mail');
  });

  it('refuses every token of the matrix with its own reason', async () => {
    const cases = await badTokens(identity);
    assert.ok(cases.length >= 15);
    for (const { name, reason, token } of cases) {
      assert.equal(rejection(await identity.validator.validate(token)), reason, name);
    }
  });

  it('refuses empty and oversized tokens as malformed', async () => {
    assert.equal(rejection(await identity.validator.validate('')), 'malformed');
    assert.equal(rejection(await identity.validator.validate(`${'a'.repeat(20_000)}.b.c`)), 'malformed');
  });

  it('tolerates clock skew up to the tolerance, and no further', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = identity.idp.claimsFor({ email: 'lina@example.com' });
    const within = await identity.idp.sign({ ...claims, nbf: now + 60, exp: now - 60 + 3600 });
    assert.equal(rejection(await identity.validator.validate(within)), 'accepted as lina@example.com');
    const justExpired = await identity.idp.sign({ ...claims, exp: now - 60 });
    assert.equal(rejection(await identity.validator.validate(justExpired)), 'accepted as lina@example.com');
    const strict = createTokenValidator({ ...base, jwks: identity.idp.jwks, clockToleranceSeconds: 0 });
    assert.equal(rejection(await strict.validate(justExpired)), 'expired');
    assert.equal(rejection(await strict.validate(within)), 'not_yet_valid');
  });

  it('accepts v1 tokens (sts.windows.net issuer, App ID URI audience, upn) only when the URI is configured', async () => {
    const uri = `api://bridge.example.com/${SANDBOX_IDENTITY.apiClientId}`;
    const { preferred_username: _username, ...claims } = identity.idp.claimsFor({ email: 'lina@example.com' });
    const v1 = await identity.idp.sign({ ...claims, iss: `https://sts.windows.net/${SANDBOX_IDENTITY.tenantId}/`, aud: uri, upn: 'Lina@Example.com', ver: '1.0' });
    assert.equal(rejection(await identity.validator.validate(v1)), 'wrong_audience');
    const withUri = await createTestIdentity({ ENTRA_API_AUDIENCE_URI: uri });
    const accepting = createTokenValidator({ ...base, audience: withUri.config.audiences, jwks: identity.idp.jwks });
    assert.equal(rejection(await accepting.validate(v1)), 'accepted as lina@example.com');
  });

  it('checks the issuer against the token\'s own tenant: another tenant\'s issuer never passes', async () => {
    const anyTenant = createTokenValidator({ ...base, allowedTenants: 'any', jwks: identity.idp.jwks });
    const foreign = await identity.tokenFor('ext@other.example', { tenant: OTHER_TENANT });
    assert.equal(rejection(await identity.validator.validate(foreign)), 'tenant_not_allowed');
    assert.equal(rejection(await anyTenant.validate(foreign)), 'accepted as ext@other.example');
    const claims = identity.idp.claimsFor({ email: 'ext@other.example', tenant: OTHER_TENANT });
    const mixed = await identity.idp.sign({ ...claims, iss: `https://login.microsoftonline.com/${SANDBOX_IDENTITY.tenantId}/v2.0` });
    assert.equal(rejection(await anyTenant.validate(mixed)), 'wrong_issuer');
  });

  it('matches the tenant allow-list regardless of case', async () => {
    const upper = createTokenValidator({ ...base, allowedTenants: [OTHER_TENANT.toUpperCase()], jwks: identity.idp.jwks });
    assert.equal(rejection(await upper.validate(await identity.tokenFor('ext@other.example', { tenant: OTHER_TENANT }))), 'accepted as ext@other.example');
    assert.equal(rejection(await upper.validate(await identity.tokenFor('lina@example.com'))), 'tenant_not_allowed');
  });

  describe('with keys from a JWKS URL', () => {
    let server: FastifyInstance;
    let jwksUrl: string;
    before(async () => {
      server = Fastify();
      await server.register(sandboxIdpPlugin, { idp: identity.idp });
      server.get('/broken/keys', async (_request, reply) => reply.status(500).send({ error: 'boom' }));
      await server.listen({ host: '127.0.0.1', port: 0 });
      jwksUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/auth/sandbox/discovery/v2.0/keys`;
    });
    after(async () => {
      await server.close();
    });

    it('fetches the keys through the given fetch and validates with them', async () => {
      const fetched: string[] = [];
      const countingFetch: FetchImplementation = async (url, init) => {
        fetched.push(url);
        return fetch(url, init);
      };
      const remote = createTokenValidator({ ...base, jwksUrl, fetch: countingFetch });
      assert.equal(rejection(await remote.validate(await identity.tokenFor('lina@example.com'))), 'accepted as lina@example.com');
      assert.equal(rejection(await remote.validate(await identity.tokenFor('wei@example.com'))), 'accepted as wei@example.com');
      assert.deepEqual(fetched, [jwksUrl], 'keys are fetched once and cached');
      const cases = await badTokens(identity);
      for (const { name, reason, token } of cases) assert.equal(rejection(await remote.validate(token)), reason, name);
    });

    it('reports jwks_unavailable when the key set cannot be loaded', async () => {
      const token = await identity.tokenFor('lina@example.com');
      const broken = createTokenValidator({ ...base, jwksUrl: jwksUrl.replace('/auth/sandbox/discovery/v2.0/keys', '/broken/keys') });
      assert.equal(rejection(await broken.validate(token)), 'jwks_unavailable');
      const probe = Fastify();
      await probe.listen({ host: '127.0.0.1', port: 0 });
      const closedPort = (probe.server.address() as AddressInfo).port;
      await probe.close();
      const unreachable = createTokenValidator({ ...base, jwksUrl: `http://127.0.0.1:${closedPort}/keys` });
      assert.equal(rejection(await unreachable.validate(token)), 'jwks_unavailable');
    });
  });
});
