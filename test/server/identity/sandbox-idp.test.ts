import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { registerErrorHandling } from '../../../server/http/error-handler.js';
import { SANDBOX_IDENTITY } from '../../../server/identity/entra.js';
import { createSandboxIdentityProvider, sandboxIdpPlugin } from '../../../server/identity/sandbox-idp.js';
import { createTestIdentity, OTHER_TENANT, type TestIdentity } from '../../helpers/identity.js';

describe('server/identity/sandbox-idp', () => {
  let identity: TestIdentity;
  let app: FastifyInstance;
  before(async () => {
    identity = await createTestIdentity();
    app = Fastify();
    registerErrorHandling(app);
    await app.register(sandboxIdpPlugin, { idp: identity.idp });
    await app.ready();
  });
  after(async () => {
    await app.close();
  });

  it('serves its public key (RS256, its kid, no private parts) as a JWKS', async () => {
    const res = await app.inject({ url: '/auth/sandbox/discovery/v2.0/keys' });
    assert.equal(res.statusCode, 200);
    const { keys } = res.json() as { keys: Array<Record<string, unknown>> };
    assert.equal(keys.length, 1);
    assert.equal(keys[0]?.kid, identity.idp.keyId);
    assert.equal(keys[0]?.kty, 'RSA');
    assert.equal(keys[0]?.alg, 'RS256');
    assert.equal(keys[0]?.use, 'sig');
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(keys[0]?.[secret], undefined, secret);
  });

  it('serves an OpenID discovery document pointing at its keys and token endpoint', async () => {
    const res = await app.inject({ url: '/auth/sandbox/.well-known/openid-configuration', headers: { host: 'bridge.test:3000' } });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.issuer, `https://login.microsoftonline.com/${SANDBOX_IDENTITY.tenantId}/v2.0`);
    assert.equal(doc.jwks_uri, 'http://bridge.test:3000/auth/sandbox/discovery/v2.0/keys');
    assert.equal(doc.token_endpoint, 'http://bridge.test:3000/auth/sandbox/token');
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
  });

  it('issues a token shaped like an Entra v2 access token for our API, which the validator accepts', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await app.inject({ method: 'POST', url: '/auth/sandbox/token', payload: { email: 'Lina@Example.com', name: '王丽娜' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = res.json();
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    const header = decodeProtectedHeader(body.access_token);
    assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: identity.idp.keyId });
    const claims = decodeJwt(body.access_token);
    assert.equal(claims.iss, `https://login.microsoftonline.com/${SANDBOX_IDENTITY.tenantId}/v2.0`);
    assert.equal(claims.aud, SANDBOX_IDENTITY.apiClientId);
    assert.equal(claims.tid, SANDBOX_IDENTITY.tenantId);
    assert.equal(claims.azp, SANDBOX_IDENTITY.spaClientId);
    assert.equal(claims.scp, 'access_as_user');
    assert.equal(claims.ver, '2.0');
    assert.equal(claims.preferred_username, 'lina@example.com');
    assert.equal(claims.name, '王丽娜');
    assert.ok((claims.iat ?? 0) >= before && claims.nbf === claims.iat && claims.exp === (claims.iat ?? 0) + 3600);
    const check = await identity.validator.validate(body.access_token);
    assert.ok('viewer' in check, JSON.stringify(check));
    assert.equal(check.viewer.email, 'lina@example.com');
    assert.equal(check.viewer.oid, claims.oid);
  });

  it('gives the same person the same oid, and different people different ones', async () => {
    const oid = async (email: string, tenant?: string) => decodeJwt(await identity.tokenFor(email, tenant === undefined ? {} : { tenant })).oid;
    assert.equal(await oid('lina@example.com'), await oid('LINA@example.com'));
    assert.notEqual(await oid('lina@example.com'), await oid('wei@example.com'));
    assert.notEqual(await oid('lina@example.com'), await oid('lina@example.com', OTHER_TENANT));
  });

  it('issues tokens in another tenant on request (refused by the sandbox allow-list)', async () => {
    const res = await app.inject({ method: 'POST', url: '/auth/sandbox/token', payload: { email: 'ext@other.example', tenant: OTHER_TENANT } });
    assert.equal(res.statusCode, 200);
    const token = res.json().access_token as string;
    assert.equal(decodeJwt(token).iss, `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`);
    const check = await identity.validator.validate(token);
    assert.deepEqual('error' in check ? check.error : 'accepted', 'tenant_not_allowed');
  });

  it('rejects bad token requests with 400', async () => {
    const cases: unknown[] = [
      {},
      { name: 'Lina' },
      { email: '' },
      { email: 'lina' },
      { email: 'lina@' },
      { email: 'li na@example.com' },
      { email: 42 },
      { email: `${'a'.repeat(65)}@example.com` },
      { email: 'lina@example.com', tenant: 'contoso' },
      { email: 'lina@example.com', name: '' },
    ];
    for (const payload of cases) {
      const res = await app.inject({ method: 'POST', url: '/auth/sandbox/token', payload: payload as Record<string, unknown> });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().error.code, 'APP_ERR_VALIDATION', JSON.stringify(payload));
      assert.equal(res.json().access_token, undefined);
    }
  });

  it('generates a fresh key pair per provider: one provider\'s tokens fail against another\'s keys', async () => {
    const other = await createSandboxIdentityProvider();
    assert.notEqual(other.keyId, identity.idp.keyId);
    const check = await identity.validator.validate((await other.mint({ email: 'lina@example.com' })).token);
    assert.deepEqual('error' in check ? check.error : 'accepted', 'unknown_key_id');
  });

  it('follows its clock and lifetime', async () => {
    const idp = await createSandboxIdentityProvider({ clock: () => 1_700_000_000_000, lifetimeSeconds: 600 });
    const { token, expiresIn } = await idp.mint({ email: 'lina@example.com' });
    assert.equal(expiresIn, 600);
    const claims = decodeJwt(token);
    assert.equal(claims.iat, 1_700_000_000);
    assert.equal(claims.exp, 1_700_000_600);
  });
});
