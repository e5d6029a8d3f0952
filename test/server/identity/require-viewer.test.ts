import assert from 'node:assert/strict';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { registerErrorHandling } from '../../../server/http/error-handler.js';
import { identityRoutes } from '../../../server/http/identity-routes.js';
import { requireViewer } from '../../../server/http/require-viewer.js';
import { viewerPlugin, type ViewerResolver } from '../../../server/http/viewer.js';
import { ENTRA_ISSUER_TEMPLATES } from '../../../server/identity/entra.js';
import { sandboxIdpPlugin } from '../../../server/identity/sandbox-idp.js';
import { createTokenValidator } from '../../../server/identity/token-validator.js';
import { createViewerResolver } from '../../../server/identity/viewer-resolver.js';
import { badTokens, createTestIdentity, type TestIdentity } from '../../helpers/identity.js';
import { memoryLogger } from '../../helpers/silent-logger.js';

const GENERIC_401 = { error: { code: 'APP_ERR_UNAUTHORIZED', message: 'a valid sign-in token is required' } };

/** The app's layout in miniature: /api routes both at the root and inside a prefixed plugin. */
async function miniApp(identity: TestIdentity, resolve: ViewerResolver = identity.resolveViewer) {
  const { logger, lines, text } = memoryLogger('debug');
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({ loggerInstance });
  registerErrorHandling(app);
  await app.register(viewerPlugin, { resolve });
  await app.register(requireViewer);
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/api/status/directory', async (request) => ({ viewer: request.viewer }));
  await app.register(
    async (api) => {
      api.get('/search', async (request) => ({ viewer: request.viewer }));
    },
    { prefix: '/api/directory' },
  );
  app.post('/webhooks/dingtalk', async () => ({ errcode: 0 }));
  await app.register(identityRoutes, { authConfig: identity.authConfig });
  await app.register(sandboxIdpPlugin, { idp: identity.idp });
  await app.ready();
  return { app, lines, text };
}

describe('server/http/require-viewer with the token viewer resolver', () => {
  let identity: TestIdentity;
  let fx: Awaited<ReturnType<typeof miniApp>>;
  before(async () => {
    identity = await createTestIdentity();
    fx = await miniApp(identity);
  });
  after(async () => {
    await fx.app.close();
  });

  it('lets a valid token through to /api routes, at the root and under a prefix', async () => {
    const headers = await identity.headersFor('Lina@Example.com');
    for (const url of ['/api/status/directory', '/api/directory/search']) {
      const res = await fx.app.inject({ url, headers });
      assert.equal(res.statusCode, 200, url);
      assert.deepEqual(res.json(), { viewer: 'lina@example.com' }, url);
    }
    const me = await fx.app.inject({ url: '/api/me', headers });
    assert.deepEqual(me.json(), { email: 'lina@example.com' });
  });

  it('answers 401 with the generic body to every bad token, and logs the reason but never the token', async () => {
    for (const { name, reason, token } of await badTokens(identity)) {
      const before = fx.lines.length;
      const res = await fx.app.inject({ url: '/api/directory/search', headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 401, name);
      assert.deepEqual(res.json(), GENERIC_401, name);
      assert.ok(!res.body.includes(reason), `${name}: the body must not name the reason`);
      assert.equal(res.headers['www-authenticate'], 'Bearer', name);
      const logged = fx.lines.slice(before);
      assert.ok(
        logged.some((line) => line.reason === reason && line.msg === 'sign-in token rejected'),
        `${name}: expected a log line with reason ${reason}, got ${JSON.stringify(logged.map((l) => l.reason))}`,
      );
      if (token.length > 20) assert.ok(!fx.text().includes(token), `${name}: the token must not be logged`);
    }
  });

  it('answers 401 (missing_token) when there is no Authorization header, or not a Bearer one', async () => {
    for (const headers of [{}, { authorization: 'Basic bGluYTpwYXNz' }]) {
      const before = fx.lines.length;
      for (const url of ['/api/status/directory', '/api/directory/search', '/api/me']) {
        const res = await fx.app.inject({ url, headers });
        assert.equal(res.statusCode, 401, url);
        assert.deepEqual(res.json(), GENERIC_401, url);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
      }
      assert.equal(fx.lines.slice(before).filter((line) => line.reason === 'missing_token').length, 3);
    }
  });

  it('answers 401 (malformed) to a Bearer header without a proper token', async () => {
    for (const authorization of ['Bearer', 'Bearer  ', 'Bearer a b', 'Bearer <script>']) {
      const before = fx.lines.length;
      const res = await fx.app.inject({ url: '/api/directory/search', headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
      assert.ok(fx.lines.slice(before).some((line) => line.reason === 'malformed'), authorization);
    }
  });

  it('needs no token for /healthz, webhooks, /auth/config and the sandbox identity provider', async () => {
    assert.equal((await fx.app.inject({ url: '/healthz' })).statusCode, 200);
    assert.equal((await fx.app.inject({ url: '/healthz', headers: { authorization: 'Basic bGluYTpwYXNz' } })).statusCode, 200);
    assert.equal((await fx.app.inject({ method: 'POST', url: '/webhooks/dingtalk', payload: {} })).statusCode, 200);
    assert.equal((await fx.app.inject({ url: '/auth/config' })).statusCode, 200);
    assert.equal((await fx.app.inject({ url: '/auth/sandbox/discovery/v2.0/keys' })).statusCode, 200);
    assert.equal((await fx.app.inject({ method: 'POST', url: '/auth/sandbox/token', payload: { email: 'lina@example.com' } })).statusCode, 200);
  });

  it('refuses a bad Bearer token wherever it is sent (a presented credential is checked)', async () => {
    const res = await fx.app.inject({ url: '/healthz', headers: { authorization: 'Bearer not-a-token' } });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), GENERIC_401);
  });

  it('does not reveal which /api routes exist to anonymous callers, nor open them to encoded paths', async () => {
    assert.equal((await fx.app.inject({ url: '/api/nothing' })).statusCode, 401);
    assert.equal((await fx.app.inject({ url: '/api' })).statusCode, 401);
    assert.equal((await fx.app.inject({ url: '/api/nothing', headers: await identity.headersFor('lina@example.com') })).statusCode, 404);
    // The router decodes these to /api/directory/search, so a check of the raw URL would let them pass.
    for (const url of ['/%61pi/directory/search', '/api/%64irectory/search']) {
      assert.equal((await fx.app.inject({ url })).statusCode, 401, url);
    }
    for (const url of ['/api/directory/search/', '/api//directory/search', '/API/directory/search']) {
      const res = await fx.app.inject({ url });
      assert.ok([401, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
      assert.ok(!res.body.includes('viewer'), url);
    }
  });

  it('answers 503, not 401, when the signing keys cannot be loaded', async () => {
    const probe = Fastify();
    await probe.listen({ host: '127.0.0.1', port: 0 });
    const closedPort = (probe.server.address() as AddressInfo).port;
    await probe.close();
    const validator = createTokenValidator({
      jwksUrl: `http://127.0.0.1:${closedPort}/keys`,
      audience: identity.config.audiences,
      allowedTenants: identity.config.allowedTenants,
      issuerTemplates: ENTRA_ISSUER_TEMPLATES,
    });
    const broken = await miniApp(identity, createViewerResolver(validator));
    try {
      const res = await broken.app.inject({ url: '/api/directory/search', headers: await identity.headersFor('lina@example.com') });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().error.code, 'APP_ERR_UNAVAILABLE');
      assert.ok(broken.lines.some((line) => line.reason === 'jwks_unavailable'));
    } finally {
      await broken.app.close();
    }
  });

  it('refuses to load without the viewer plugin (its hook reads request.viewer)', async () => {
    const app: FastifyInstance = Fastify();
    await assert.rejects(async () => {
      await app.register(requireViewer);
      await app.ready();
    }, /viewer/);
    await app.close();
  });
});
