import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Type } from 'typebox';
import { buildApp } from '../../../server/app.js';
import { CallbackCrypto } from '../../../server/connectors/dingtalk/callback-crypto.js';
import { DirectoryService } from '../../../server/directory/directory-service.js';
import { DEFAULT_FRAME_ANCESTORS } from '../../../server/http/content-security-policy.js';
import { registerErrorHandling } from '../../../server/http/error-handler.js';
import { securityPlugin, type SecurityOptions } from '../../../server/http/security.js';
import { viewerPlugin } from '../../../server/http/viewer.js';
import { PolicyRepository } from '../../../server/policy/policy-repository.js';
import { PolicyService } from '../../../server/policy/policy-service.js';
import { buildDingTalkSandbox, type DingTalkSandbox } from '../../../server/sandbox/dingtalk/app.js';
import { SandboxDirectoryProvider } from '../../../server/sandbox/dingtalk/directory-provider.js';
import { openStore, type Store } from '../../../server/store/store.js';
import { CALLBACK } from '../../helpers/directory-app.js';
import { SANDBOX_APP } from '../../helpers/dingtalk-sandbox.js';
import { memoryLogger } from '../../helpers/silent-logger.js';
import { testOrg } from '../sandbox/dingtalk/fixtures.js';

const PUBLIC_ORIGIN = 'http://localhost:3000';
const OTHER_ORIGIN = 'https://evil.example.com';
/** who the test viewer resolver signs in: the tests name the person in this header */
const VIEWER_HEADER = 'x-test-viewer';
const GENEROUS = { perUserPerMinute: 1000, perIpPerMinute: 1000 };

function options(overrides: Partial<SecurityOptions> = {}): SecurityOptions {
  return { publicOrigin: PUBLIC_ORIGIN, allowedOrigins: [], rateLimit: GENEROUS, sandboxMode: true, ...overrides };
}

/** CSP header → directive name → its sources. */
function csp(response: LightMyRequestResponse): Map<string, string[]> {
  const header = response.headers['content-security-policy'];
  assert.equal(typeof header, 'string', 'a Content-Security-Policy header');
  const directives = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') directives.set(name, sources);
  }
  return directives;
}

function assertRateLimited(response: LightMyRequestResponse, scope: RegExp): void {
  assert.equal(response.statusCode, 429, response.body);
  const retryAfter = Number(response.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After in seconds within the window, got ${String(response.headers['retry-after'])}`);
  const body = response.json() as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, 'APP_ERR_RATE_LIMITED');
  assert.match(body.error.message, scope);
}

describe('server/http/security', () => {
  describe('the plugin on a small app (its routes stand in for the real ones by path)', () => {
    let app: FastifyInstance | undefined;

    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    async function start(security: SecurityOptions): Promise<FastifyInstance> {
      app = Fastify();
      registerErrorHandling(app);
      await app.register(securityPlugin, security);
      await app.register(viewerPlugin, { resolve: (request) => (request.headers[VIEWER_HEADER] as string | undefined) ?? null });
      app.get('/healthz', async () => ({ ok: true }));
      app.get('/auth/config', async () => ({ mode: 'sandbox' }));
      app.get('/api/ping', async (request) => ({ viewer: request.viewer }));
      app.post('/api/ping', async (request) => ({ viewer: request.viewer }));
      app.get('/api/directory/events', async () => 'stream');
      app.post('/webhooks/dingtalk', async () => ({ ok: true }));
      await app.ready();
      return app;
    }

    describe('security headers', () => {
      it('sends a CSP whose frame-ancestors name the Outlook hosts, and no X-Frame-Options', async () => {
        const response = await (await start(options())).inject('/healthz');
        const policy = csp(response);
        assert.deepEqual(policy.get('frame-ancestors'), ["'self'", ...DEFAULT_FRAME_ANCESTORS]);
        for (const host of ['https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.live.com', 'https://*.officeapps.live.com']) {
          assert.ok(policy.get('frame-ancestors')?.includes(host), `frame-ancestors allows ${host}`);
        }
        assert.equal(response.headers['x-frame-options'], undefined, 'X-Frame-Options would stop Outlook framing the pane');
        assert.deepEqual(policy.get('default-src'), ["'self'"]);
        assert.ok(policy.get('script-src')?.includes('https://appsforoffice.microsoft.com'), 'office.js from its CDN');
        assert.ok(!policy.get('script-src')?.includes("'unsafe-inline'"), 'no inline scripts');
        assert.deepEqual(policy.get('style-src'), ["'self'", "'unsafe-inline'"]);
        assert.deepEqual(policy.get('img-src'), ["'self'", 'data:', 'https:']);
        assert.deepEqual(policy.get('connect-src'), ["'self'", 'https://login.microsoftonline.com']);
        assert.deepEqual(policy.get('object-src'), ["'none'"]);
        assert.equal(policy.has('upgrade-insecure-requests'), false, 'served over http here');
        assert.equal(response.headers['cross-origin-embedder-policy'], undefined);
        assert.equal(response.headers['cross-origin-opener-policy'], undefined, 'the sign-in dialog answers Outlook through window.opener');
        assert.equal(response.headers['strict-transport-security'], undefined, 'no HSTS over http');
        assert.equal(response.headers['x-content-type-options'], 'nosniff');
      });

      it('takes frame-ancestors from the options', async () => {
        const response = await (await start(options({ frameAncestors: ['https://mail.example.com'] }))).inject('/healthz');
        assert.deepEqual(csp(response).get('frame-ancestors'), ["'self'", 'https://mail.example.com']);
      });

      it('sends HSTS and upgrades requests only for a real https deployment', async () => {
        const real = await (await start(options({ publicOrigin: 'https://bridge.example.com', sandboxMode: false }))).inject('/healthz');
        assert.match(String(real.headers['strict-transport-security']), /^max-age=\d+$/);
        assert.equal(csp(real).has('upgrade-insecure-requests'), true);
        await app?.close();

        const local = await (await start(options({ publicOrigin: 'https://localhost:3000', sandboxMode: false }))).inject('/healthz');
        assert.equal(local.headers['strict-transport-security'], undefined, 'HSTS on localhost would pin every local dev server to https');
        await app?.close();

        const sandbox = await (await start(options({ publicOrigin: 'https://bridge.example.com', sandboxMode: true }))).inject('/healthz');
        assert.equal(sandbox.headers['strict-transport-security'], undefined);
      });
    });

    describe('CORS', () => {
      it('answers the public origin by default, and other origins with no CORS header at all', async () => {
        await start(options());
        const allowed = await app!.inject({ url: '/healthz', headers: { origin: PUBLIC_ORIGIN } });
        assert.equal(allowed.headers['access-control-allow-origin'], PUBLIC_ORIGIN);
        assert.match(String(allowed.headers.vary), /origin/i);

        const other = await app!.inject({ url: '/healthz', headers: { origin: OTHER_ORIGIN } });
        assert.equal(other.statusCode, 200);
        const corsHeaders = Object.keys(other.headers).filter((name) => name.startsWith('access-control-'));
        assert.deepEqual(corsHeaders, []);
      });

      it('answers the configured origins instead of the public one', async () => {
        await start(options({ allowedOrigins: ['https://addin.example.com/'] }));
        const configured = await app!.inject({ url: '/healthz', headers: { origin: 'https://addin.example.com' } });
        assert.equal(configured.headers['access-control-allow-origin'], 'https://addin.example.com');
        const publicOrigin = await app!.inject({ url: '/healthz', headers: { origin: PUBLIC_ORIGIN } });
        assert.equal(publicOrigin.headers['access-control-allow-origin'], undefined);
      });

      it('answers a preflight from an allowed origin, and not one from another origin', async () => {
        await start(options());
        const preflight = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' };
        const allowed = await app!.inject({ method: 'OPTIONS', url: '/api/ping', headers: { origin: PUBLIC_ORIGIN, ...preflight } });
        assert.equal(allowed.statusCode, 204);
        assert.equal(allowed.headers['access-control-allow-origin'], PUBLIC_ORIGIN);
        assert.match(String(allowed.headers['access-control-allow-methods']), /\bPOST\b/);
        assert.match(String(allowed.headers['access-control-allow-headers']), /\bauthorization\b/);
        assert.match(String(allowed.headers['access-control-allow-headers']), /\bcontent-type\b/);

        const other = await app!.inject({ method: 'OPTIONS', url: '/api/ping', headers: { origin: OTHER_ORIGIN, ...preflight } });
        assert.equal(other.headers['access-control-allow-origin'], undefined);
        assert.equal(other.headers['access-control-allow-methods'], undefined);
        assert.equal(other.statusCode, 404);
        assert.equal((other.json() as { error: { code: string } }).error.code, 'APP_ERR_NOT_FOUND');
      });
    });

    describe('rate limits', () => {
      const as = (viewer: string, remoteAddress = '10.0.0.1') => ({ headers: { [VIEWER_HEADER]: viewer }, remoteAddress });

      it('limits each signed-in person on their own: one person over budget does not stop another', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 3, perIpPerMinute: 1000 } }));
        for (let i = 0; i < 3; i += 1) assert.equal((await app!.inject({ url: '/api/ping', ...as('lina@example.com') })).statusCode, 200);
        assertRateLimited(await app!.inject({ url: '/api/ping', ...as('lina@example.com') }), /user/);
        // the same person from another address: the budget is the person's
        assertRateLimited(await app!.inject({ url: '/api/ping', ...as('lina@example.com', '10.0.0.2') }), /user/);

        const other = await app!.inject({ url: '/api/ping', ...as('wei@example.com') });
        assert.equal(other.statusCode, 200);
        assert.deepEqual(other.json(), { viewer: 'wei@example.com' });
      });

      it('limits anonymous callers per IP address', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 1000, perIpPerMinute: 3 } }));
        for (let i = 0; i < 3; i += 1) assert.equal((await app!.inject({ url: '/auth/config', remoteAddress: '10.0.0.1' })).statusCode, 200);
        assertRateLimited(await app!.inject({ url: '/auth/config', remoteAddress: '10.0.0.1' }), /address/);
        assert.equal((await app!.inject({ url: '/auth/config', remoteAddress: '10.0.0.2' })).statusCode, 200, 'another address has its own budget');
      });

      it('applies the IP budget to signed-in people too', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 1000, perIpPerMinute: 2 } }));
        assert.equal((await app!.inject({ url: '/api/ping', ...as('lina@example.com') })).statusCode, 200);
        assert.equal((await app!.inject({ url: '/api/ping', ...as('wei@example.com') })).statusCode, 200);
        assertRateLimited(await app!.inject({ url: '/api/ping', ...as('li@example.com') }), /address/);
      });

      it('keeps a 429 readable cross-origin: it carries the CORS and security headers', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 1000, perIpPerMinute: 1 } }));
        await app!.inject({ url: '/auth/config', headers: { origin: PUBLIC_ORIGIN } });
        const refused = await app!.inject({ url: '/auth/config', headers: { origin: PUBLIC_ORIGIN } });
        assertRateLimited(refused, /address/);
        assert.equal(refused.headers['access-control-allow-origin'], PUBLIC_ORIGIN);
        assert.match(String(refused.headers['access-control-expose-headers']), /retry-after/);
        assert.ok(csp(refused).has('frame-ancestors'));
      });

      it('never refuses /healthz', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 1, perIpPerMinute: 1 } }));
        for (let i = 0; i < 5; i += 1) assert.equal((await app!.inject('/healthz')).statusCode, 200);
        assert.equal((await app!.inject('/auth/config')).statusCode, 200, 'and it did not use up the address budget');
      });

      it('gives the change stream a budget of its own, so a burst of other calls cannot refuse the reconnect', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 2, perIpPerMinute: 1000 } }));
        await app!.inject({ url: '/api/ping', ...as('lina@example.com') });
        await app!.inject({ url: '/api/ping', ...as('lina@example.com') });
        assertRateLimited(await app!.inject({ url: '/api/ping', ...as('lina@example.com') }), /user/);
        const stream = await app!.inject({ url: '/api/directory/events', ...as('lina@example.com') });
        assert.equal(stream.statusCode, 200);
        // ...which is bounded too: a reconnect loop is stopped (30 connects a minute)
        let refused: LightMyRequestResponse | undefined;
        for (let i = 0; i < 40 && refused === undefined; i += 1) {
          const response = await app!.inject({ url: '/api/directory/events', ...as('lina@example.com') });
          if (response.statusCode === 429) refused = response;
        }
        assert.ok(refused !== undefined, 'the change stream has a limit too');
        assertRateLimited(refused, /change stream/);
      });

      it('limits anonymous callers of the change stream per IP address, before any token is looked at', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 1000, perIpPerMinute: 2 } }));
        await app!.inject('/auth/config');
        await app!.inject('/auth/config');
        assertRateLimited(await app!.inject('/auth/config'), /address/);
        assert.equal((await app!.inject('/api/directory/events')).statusCode, 200, 'a budget apart from the other calls');
        assert.equal((await app!.inject('/api/directory/events')).statusCode, 200);
        assertRateLimited(await app!.inject('/api/directory/events'), /change stream from this address/);
      });

      it('limits webhook senders per IP address, apart from the users\' budget', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 1000, perIpPerMinute: 2 } }));
        const push = () => app!.inject({ method: 'POST', url: '/webhooks/dingtalk', payload: {}, remoteAddress: '10.9.9.9' });
        assert.equal((await push()).statusCode, 200);
        assert.equal((await push()).statusCode, 200);
        assertRateLimited(await push(), /address/);
        assert.equal((await app!.inject({ url: '/auth/config', remoteAddress: '10.9.9.9' })).statusCode, 200, 'the address budget is separate');
      });

      it('rate-limits unknown URLs more tightly (a tenth of the address budget)', async () => {
        await start(options({ rateLimit: { perUserPerMinute: 1000, perIpPerMinute: 20 } }));
        assert.equal((await app!.inject('/guess-1')).statusCode, 404);
        assert.equal((await app!.inject('/guess-2')).statusCode, 404);
        assertRateLimited(await app!.inject('/guess-3'), /unknown URLs/);
        assert.equal((await app!.inject('/auth/config')).statusCode, 200, 'known routes still answer');
      });
    });
  });

  describe('wired into buildApp', () => {
    let root: string;
    let sandbox: DingTalkSandbox;
    let store: Store;
    let app: FastifyInstance | undefined;

    beforeEach(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'security-addin-'));
      await writeFile(path.join(root, 'taskpane.html'), '<!doctype html><title>pane</title><script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>');
      await writeFile(path.join(root, 'devhost.html'), '<!doctype html><title>dev host</title>');
      await mkdir(path.join(root, 'assets'));
      await writeFile(path.join(root, 'assets', 'icon-16.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      sandbox = await buildDingTalkSandbox({ ...SANDBOX_APP, org: testOrg() });
      store = await openStore('sqlite::memory:');
    });

    afterEach(async () => {
      await app?.close();
      app = undefined;
      await sandbox.close();
      await store.close();
      await rm(root, { recursive: true, force: true });
    });

    async function start(security: SecurityOptions | undefined): Promise<FastifyInstance> {
      const { logger } = memoryLogger('silent');
      const directory = new DirectoryService({ provider: new SandboxDirectoryProvider(sandbox.state), store, logger, englishNameFields: [], massRemovalThreshold: 0.3 });
      // as the runtime builds them (server/runtime/runtime.ts); no rule is configured
      const policy = new PolicyService(new PolicyRepository(store.db, store.audit), directory, []);
      app = await buildApp({
        logger,
        directory,
        policy,
        audit: store.audit,
        mode: 'sandbox',
        callback: { crypto: new CallbackCrypto({ ...CALLBACK, ownerKey: SANDBOX_APP.appKey }), corpId: SANDBOX_APP.corpId },
        resolveViewer: (request) => (request.headers[VIEWER_HEADER] as string | undefined) ?? null,
        identity: { authConfig: { mode: 'sandbox', spaClientId: 'spa', apiScope: 'api://bridge/access_as_user', authority: '/auth/sandbox' }, sandboxIdp: null },
        eventTransport: () => 'http',
        upstreamQueue: () => ({}),
        addinRoot: root,
        ...(security === undefined ? {} : { security }),
      });
      // a JSON route of our own, so the body limit is tested apart from the feature routes
      app.post('/api/test/echo', { schema: { body: Type.Object({ text: Type.String() }) } }, async (request) => request.body);
      await app.ready();
      return app;
    }

    it('serves the pane\'s HTML with the CSP, and its icons loadable by Outlook\'s pages', async () => {
      await start(options());
      const page = await app!.inject('/addin/taskpane.html');
      assert.equal(page.statusCode, 200);
      assert.deepEqual(csp(page).get('frame-ancestors'), ["'self'", ...DEFAULT_FRAME_ANCESTORS]);
      assert.equal(page.headers['x-frame-options'], undefined);
      const icon = await app!.inject('/addin/assets/icon-16.png');
      assert.equal(icon.headers['cross-origin-resource-policy'], 'cross-origin', 'Outlook on the web shows the manifest icons from its own origin');
      const api = await app!.inject('/healthz');
      assert.equal(api.headers['cross-origin-resource-policy'], 'same-origin');
    });

    it('keeps the sandbox dev host and Swagger UI working under the same policy', async () => {
      await start(options());
      const home = await app!.inject('/');
      assert.equal(home.statusCode, 302);
      assert.equal(home.headers.location, '/addin/devhost.html');
      assert.ok(csp(home).has('default-src'));

      const docs = await app!.inject('/docs');
      const html = docs.statusCode === 302 ? await app!.inject(String(docs.headers.location)) : docs;
      assert.equal(html.statusCode, 200);
      assert.ok(csp(html).has('script-src'));
      // the policy forbids inline scripts, so Swagger UI must load every script from a file of ours
      const scripts = html.body.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0);
      for (const tag of scripts) assert.match(tag, /\bsrc="(\.\/|\/docs\/)/, `same-origin script file: ${tag}`);
    });

    it('answers an oversized JSON body with 413 in our error shape', async () => {
      await start(options());
      const response = await app!.inject({
        method: 'POST',
        url: '/api/test/echo',
        headers: { [VIEWER_HEADER]: 'lina@example.com', 'content-type': 'application/json' },
        payload: JSON.stringify({ text: 'x'.repeat(300 * 1024) }),
      });
      assert.equal(response.statusCode, 413);
      assert.deepEqual(response.json(), { error: { code: 'APP_ERR_PAYLOAD_TOO_LARGE', message: 'request body is too large' } });
      assert.ok(csp(response).has('default-src'));

      const small = await app!.inject({ method: 'POST', url: '/api/test/echo', headers: { [VIEWER_HEADER]: 'lina@example.com' }, payload: { text: 'hi' } });
      assert.deepEqual(small.json(), { text: 'hi' });
    });

    it('keeps the webhook\'s own, smaller body limit', async () => {
      await start(options());
      const response = await app!.inject({
        method: 'POST',
        url: '/webhooks/dingtalk?signature=s&timestamp=1&nonce=n',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ encrypt: 'x'.repeat(100 * 1024) }),
      });
      assert.equal(response.statusCode, 413);
      assert.equal((response.json() as { error: { code: string } }).error.code, 'APP_ERR_PAYLOAD_TOO_LARGE');
    });

    it('rate-limits the 404 handler', async () => {
      await start(options({ rateLimit: { perUserPerMinute: 1000, perIpPerMinute: 10 } }));
      assert.equal((await app!.inject('/no-such-page')).statusCode, 404);
      assertRateLimited(await app!.inject('/no-such-page'), /unknown URLs/);
    });

    it('adds none of this when the app is built without the security option', async () => {
      await start(undefined);
      const response = await app!.inject('/healthz');
      assert.equal(response.headers['content-security-policy'], undefined);
    });
  });
});
