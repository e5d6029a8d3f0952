import assert from 'node:assert/strict';
import type { DirectoryChange } from '../../../shared/directory-api.js';
import type { MailSyncDetail } from '../../../shared/addin-api.js';
import { ApiError, isForbidden } from '../../../addin/api/api-error.js';
import { HttpBridgeApi } from '../../../addin/api/http-bridge-api.js';
import type { TokenProvider } from '../../../addin/auth/token-provider.js';

class CountingTokens implements TokenProvider {
  readonly kind = 'sandbox' as const;
  issued = 0;
  invalidated = 0;
  async getToken(): Promise<string> {
    this.issued += 1;
    return `token-${this.issued}`;
  }
  invalidate(): void {
    this.invalidated += 1;
  }
}

describe('HttpBridgeApi', () => {
  it('sends the bearer token and the query, and decodes the answer', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const api = new HttpBridgeApi({
      tokens: new CountingTokens(),
      fetch: async (input, init) => {
        seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
        return Response.json({ query: '张 伟', results: [] });
      },
    });
    const answer = await api.search('张 伟', { limit: 5 });
    assert.deepEqual(answer, { query: '张 伟', results: [] });
    assert.deepEqual(seen, [{ url: '/api/directory/search?q=%E5%BC%A0+%E4%BC%9F&limit=5', auth: 'Bearer token-1' }]);
  });

  it('after a 401 drops the token and retries once with a fresh one', async () => {
    const tokens = new CountingTokens();
    const auths: Array<string | null> = [];
    const api = new HttpBridgeApi({
      tokens,
      fetch: async (_input, init) => {
        auths.push(new Headers(init?.headers).get('authorization'));
        return auths.length === 1 ? Response.json({ error: { code: 'APP_ERR_UNAUTHORIZED', message: 'expired' } }, { status: 401 }) : new Response(null, { status: 204 });
      },
    });
    await api.recordUse('u1');
    assert.deepEqual(auths, ['Bearer token-1', 'Bearer token-2']);
    assert.equal(tokens.invalidated, 1);
  });

  it('maps failures to kinds the pane can explain', async () => {
    const api = (status: number) =>
      new HttpBridgeApi({ tokens: new CountingTokens(), fetch: async () => Response.json({ error: { code: 'X', message: 'm' } }, { status }) });
    await assert.rejects(api(503).person('u'), (e: unknown) => e instanceof ApiError && e.kind === 'server' && e.status === 503);
    await assert.rejects(api(404).person('u'), (e: unknown) => e instanceof ApiError && e.kind === 'not-found');
    await assert.rejects(api(400).person('u'), (e: unknown) => e instanceof ApiError && e.kind === 'rejected' && e.code === 'X');
    const offline = new HttpBridgeApi({ tokens: new CountingTokens(), fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    await assert.rejects(offline.person('u'), (e: unknown) => e instanceof ApiError && e.kind === 'offline');
  });

  it('answers "not linked" for a 404 thread and "unavailable" for a missing sync route', async () => {
    const api = new HttpBridgeApi({ tokens: new CountingTokens(), fetch: async () => Response.json({ error: { code: 'APP_ERR_NOT_FOUND', message: 'x' } }, { status: 404 }) });
    assert.deepEqual(await api.threadByMessage('<a@b>'), { status: 'not-linked' });
    assert.deepEqual(await api.syncStatus(), { status: 'unavailable' });
  });

  it('reads the mail sync detail; a mailbox that is not synced, or a server without the route, is null', async () => {
    const mail = { mailbox: 'a@b.example', dingtalkAddress: 'a@dingtalk.example', folders: [] } as unknown as MailSyncDetail;
    const urls: string[] = [];
    const answering = (status: number, body: unknown) =>
      new HttpBridgeApi({
        tokens: new CountingTokens(),
        fetch: async (input) => {
          urls.push(String(input));
          return Response.json(body, { status });
        },
      });
    assert.deepEqual(await answering(200, { mail }).mailSyncDetail(), mail);
    assert.equal(await answering(200, { mail: null }).mailSyncDetail(), null);
    assert.equal(await answering(404, { error: { code: 'APP_ERR_NOT_FOUND', message: 'x' } }).mailSyncDetail(), null);
    await assert.rejects(answering(503, { error: { code: 'APP_ERR_UNAVAILABLE', message: 'x' } }).mailSyncDetail(), (e: unknown) => e instanceof ApiError && e.kind === 'server');
    assert.deepEqual(new Set(urls), new Set(['/api/status/sync/mail']));
  });

  it('posts breaker releases and quarantine retries to the admin routes, with the mailbox and folder encoded', async () => {
    const seen: Array<{ method: string | undefined; url: string; body: unknown; contentType: string | null }> = [];
    const api = new HttpBridgeApi({
      tokens: new CountingTokens(),
      fetch: async (input, init) => {
        seen.push({ method: init?.method, url: String(input), body: init?.body, contentType: new Headers(init?.headers).get('content-type') });
        return String(input).endsWith('/release') ? new Response(null, { status: 204 }) : Response.json({ retried: 3 });
      },
    });
    await api.releaseMailBreaker('zhang wei@dingdemo.example.com', 'Projects/Customs');
    assert.equal(await api.retryMailQuarantine('zhang wei@dingdemo.example.com'), 3);
    assert.deepEqual(seen, [
      { method: 'POST', url: '/api/admin/mail/zhang%20wei%40dingdemo.example.com/breakers/Projects%2FCustoms/release', body: undefined, contentType: null },
      { method: 'POST', url: '/api/admin/mail/zhang%20wei%40dingdemo.example.com/quarantine/retry', body: undefined, contentType: null },
    ]);
  });

  it('rejects an admin action of a non-admin as forbidden (403)', async () => {
    const api = new HttpBridgeApi({ tokens: new CountingTokens(), fetch: async () => Response.json({ error: { code: 'APP_ERR_FORBIDDEN', message: 'admins only' } }, { status: 403 }) });
    await assert.rejects(api.releaseMailBreaker('a@b.example', 'inbox'), isForbidden);
    await assert.rejects(api.retryMailQuarantine('a@b.example'), isForbidden);
  });

  it('streams directory changes with the Authorization header and closes the stream with the last subscriber', async () => {
    let streamAuth: string | null = null;
    let aborted = false;
    const change: DirectoryChange = { seq: 3, kind: 'person.removed', at: 1, userid: 'u9' };
    const api = new HttpBridgeApi({
      tokens: new CountingTokens(),
      fetch: async (_input, init) => {
        streamAuth = new Headers(init?.headers).get('authorization');
        init?.signal?.addEventListener('abort', () => (aborted = true));
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(`: hi\n\nid: 3\nevent: ${change.kind}\ndata: ${JSON.stringify(change)}\n\nevent: unknown.kind\ndata: {}\n\n`));
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const received: DirectoryChange[] = [];
    const unsubscribe = api.subscribeDirectoryChanges((c) => received.push(c));
    const deadline = Date.now() + 2000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    unsubscribe();
    assert.deepEqual(received, [change]);
    assert.equal(streamAuth, 'Bearer token-1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(aborted, true, 'the last unsubscribe closes the connection');
  });
});
