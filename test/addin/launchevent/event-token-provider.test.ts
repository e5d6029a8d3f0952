import assert from 'node:assert/strict';
import { eventTokenProvider } from '../../../addin/launchevent/event-token-provider.js';

const ORIGIN = 'https://bridge.example.com';

function fakeFetch(routes: Record<string, () => Response>, calls: string[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    const route = routes[url];
    if (route === undefined) return new Response('not found', { status: 404 });
    return route();
  }) as typeof fetch;
}

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const sandboxConfig = { mode: 'sandbox', spaClientId: 's', apiScope: 'api://x/access_as_user', authority: '/auth/sandbox', sandboxTokenUrl: '/auth/sandbox/token' };

describe('addin/launchevent/event-token-provider', () => {
  it('signs in as the mailbox owner with the sandbox identity provider, once', async () => {
    const calls: string[] = [];
    const provider = eventTokenProvider({
      origin: ORIGIN,
      fetch: fakeFetch({ [`${ORIGIN}/auth/config`]: () => json(sandboxConfig), [`${ORIGIN}/auth/sandbox/token`]: () => json({ access_token: 'tok-1', expires_in: 3600 }) }, calls),
      userEmail: () => 'me@example.com',
      entraToken: async () => assert.fail('not in sandbox mode'),
    });
    assert.equal(await provider.getToken(), 'tok-1');
    assert.equal(await provider.getToken(), 'tok-1');
    assert.equal(calls.filter((c) => c.endsWith('/auth/sandbox/token')).length, 1);
  });

  it('asks Office for a silent SSO token in Entra mode', async () => {
    const provider = eventTokenProvider({
      origin: ORIGIN,
      fetch: fakeFetch({ [`${ORIGIN}/auth/config`]: () => json({ ...sandboxConfig, mode: 'entra', sandboxTokenUrl: undefined }) }, []),
      userEmail: () => 'me@example.com',
      entraToken: async () => 'sso-token',
    });
    assert.equal(await provider.getToken(), 'sso-token');
  });

  it('answers null instead of throwing when sign-in cannot happen, and retries the config next time', async () => {
    const calls: string[] = [];
    let configUp = false;
    const provider = eventTokenProvider({
      origin: ORIGIN,
      fetch: fakeFetch({ [`${ORIGIN}/auth/config`]: () => (configUp ? json(sandboxConfig) : json({}, 503)), [`${ORIGIN}/auth/sandbox/token`]: () => json({}, 500) }, calls),
      userEmail: () => null,
      entraToken: async () => null,
    });
    assert.equal(await provider.getToken(), null);
    configUp = true;
    assert.equal(await provider.getToken(), null); // no mailbox user: still null, but the config was read again
    assert.equal(calls.filter((c) => c.endsWith('/auth/config')).length, 2);
  });
});
