import assert from 'node:assert/strict';
import { createTokenProvider } from '../../../addin/auth/create-token-provider.js';
import { DialogTokenProvider } from '../../../addin/auth/dialog-token-provider.js';
import { NestedAppAuthTokenProvider } from '../../../addin/auth/nested-app-auth-provider.js';
import { SandboxTokenProvider } from '../../../addin/auth/sandbox-token-provider.js';
import { SignInError } from '../../../addin/auth/token-provider.js';
import { FakeOfficeHost } from '../../../addin/office/fake-host.js';

const ENTRA = { mode: 'entra' as const, spaClientId: 'client', apiScope: 'api://bridge/access_as_user', authority: 'https://login.microsoftonline.com/common' };
const SANDBOX = { mode: 'sandbox' as const, spaClientId: 'c', apiScope: 's', authority: '/auth/sandbox', sandboxTokenUrl: '/auth/sandbox/token' };

describe('SandboxTokenProvider', () => {
  it('asks for a token for the chosen user, caches it until near expiry, and shares one request', async () => {
    const bodies: unknown[] = [];
    let clock = 1_000_000;
    let user = { email: 'zhangwei@dingdemo.example.com', name: '张伟' };
    const provider = new SandboxTokenProvider({
      tokenUrl: '/auth/sandbox/token',
      user: () => user,
      now: () => clock,
      fetch: async (_url, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return Response.json({ access_token: `t${bodies.length}`, expires_in: 3600 });
      },
    });

    const [a, b] = await Promise.all([provider.getToken(), provider.getToken()]);
    assert.deepEqual([a, b], ['t1', 't1']);
    assert.deepEqual(bodies, [{ email: 'zhangwei@dingdemo.example.com', name: '张伟' }]);

    clock += 3000 * 1000;
    assert.equal(await provider.getToken(), 't1', 'still valid');
    clock += 590 * 1000;
    assert.equal(await provider.getToken(), 't2', 'renewed shortly before expiry');

    user = { email: 'lina@dingdemo.example.com', name: '李娜' };
    assert.equal(await provider.getToken(), 't3', 'another user gets their own token');
    provider.invalidate();
    assert.equal(await provider.getToken(), 't4');
  });

  it('fails with a SignInError when the endpoint refuses', async () => {
    const provider = new SandboxTokenProvider({ tokenUrl: '/t', user: () => ({ email: 'a@b.c' }), fetch: async () => new Response('no', { status: 400 }) });
    await assert.rejects(provider.getToken(), (e: unknown) => e instanceof SignInError && e.reason === 'failed');
  });
});

describe('DialogTokenProvider', () => {
  it('opens the sign-in dialog once, then uses the token it sent until it nears expiry', async () => {
    let opened = 0;
    let clock = 0;
    const provider = new DialogTokenProvider(
      {
        openAuthDialog: async (url) => {
          opened += 1;
          assert.equal(url, 'https://bridge.example.com/addin/auth-dialog.html');
          return JSON.stringify({ status: 'ok', accessToken: `entra-${opened}`, expiresOn: 3_600_000 });
        },
      },
      'https://bridge.example.com/addin/auth-dialog.html',
      () => clock,
    );
    assert.deepEqual(await Promise.all([provider.getToken(), provider.getToken()]), ['entra-1', 'entra-1']);
    clock = 3_000_000;
    assert.equal(await provider.getToken(), 'entra-1');
    clock = 3_560_000;
    assert.equal(await provider.getToken(), 'entra-2');
    assert.equal(opened, 2);
  });

  it('reports the dialog\'s error and a closed dialog as SignInErrors', async () => {
    const failing = new DialogTokenProvider({ openAuthDialog: async () => JSON.stringify({ status: 'error', message: 'AADSTS50011' }) }, '/d');
    await assert.rejects(failing.getToken(), (e: unknown) => e instanceof SignInError && e.reason === 'failed' && e.message === 'AADSTS50011');
    const closed = new DialogTokenProvider({ openAuthDialog: async () => Promise.reject(new Error('12006')) }, '/d');
    await assert.rejects(closed.getToken(), (e: unknown) => e instanceof SignInError && e.reason === 'cancelled');
  });
});

describe('NestedAppAuthTokenProvider', () => {
  class InteractionRequiredAuthError extends Error {}
  class BrowserAuthError extends Error {
    constructor(readonly errorCode: string) {
      super(errorCode);
    }
  }

  function fakeMsal(silent: () => Promise<{ accessToken: string }>) {
    const calls: string[] = [];
    let config: unknown = null;
    const pca = {
      getActiveAccount: () => null,
      getAllAccounts: () => [],
      setActiveAccount: () => undefined,
      acquireTokenSilent: async (request: { scopes: string[]; forceRefresh: boolean }) => {
        calls.push(`silent ${request.scopes.join()} force=${request.forceRefresh}`);
        return silent();
      },
      acquireTokenPopup: async (request: { scopes: string[] }) => {
        calls.push(`popup ${request.scopes.join()}`);
        return { accessToken: 'from-popup', account: {} };
      },
    };
    const msal = {
      InteractionRequiredAuthError,
      BrowserAuthError,
      BrowserAuthErrorCodes: { noAccountError: 'no_account_error', userCancelled: 'user_cancelled' },
      createNestablePublicClientApplication: async (c: unknown) => {
        config = c;
        return pca;
      },
    };
    // why: a hand-made stand-in for the parts of @azure/msal-browser the provider touches
    const load = async () => msal as unknown as typeof import('@azure/msal-browser');
    return { load, calls, config: () => config };
  }

  it('gets the API token silently through the host', async () => {
    const msal = fakeMsal(async () => ({ accessToken: 'silent-token' }));
    const provider = new NestedAppAuthTokenProvider({ clientId: 'client', authority: 'https://login.microsoftonline.com/common', apiScope: 'api://bridge/x' }, msal.load);
    assert.equal(await provider.getToken(), 'silent-token');
    provider.invalidate();
    await provider.getToken();
    assert.deepEqual(msal.calls, ['silent api://bridge/x force=false', 'silent api://bridge/x force=true']);
    assert.deepEqual(msal.config(), { auth: { clientId: 'client', authority: 'https://login.microsoftonline.com/common' }, cache: { cacheLocation: 'localStorage' } });
  });

  it('falls back to a popup when interaction is required, but not on other errors', async () => {
    const needsConsent = fakeMsal(async () => Promise.reject(new InteractionRequiredAuthError('consent_required')));
    const provider = new NestedAppAuthTokenProvider({ clientId: 'c', authority: 'a', apiScope: 's' }, needsConsent.load);
    assert.equal(await provider.getToken(), 'from-popup');
    assert.deepEqual(needsConsent.calls, ['silent s force=false', 'popup s']);

    const broken = fakeMsal(async () => Promise.reject(new Error('network down')));
    const failing = new NestedAppAuthTokenProvider({ clientId: 'c', authority: 'a', apiScope: 's' }, broken.load);
    await assert.rejects(failing.getToken(), SignInError);
    assert.deepEqual(broken.calls, ['silent s force=false']);
  });
});

describe('createTokenProvider', () => {
  const base = { sandboxUser: () => ({ email: 'a@b.c' }), dialogUrl: '/addin/auth-dialog.html' };

  it('sends no token when the server has no sign-in, and the sandbox token in sandbox mode', () => {
    assert.equal(createTokenProvider(null, { host: new FakeOfficeHost(), ...base }).kind, 'none');
    assert.equal(createTokenProvider(SANDBOX, { host: new FakeOfficeHost(), ...base }).kind, 'sandbox');
  });

  it('uses nested app authentication where the host supports it, else the Office dialog', () => {
    const naaHost = Object.assign(new FakeOfficeHost(), { supportsNestedAppAuth: () => true });
    assert.equal(createTokenProvider(ENTRA, { host: naaHost, ...base }).kind, 'nested-app-auth');
    const oldOutlook = Object.assign(new FakeOfficeHost(), { openAuthDialog: async () => '{}' });
    assert.equal(createTokenProvider(ENTRA, { host: oldOutlook, ...base }).kind, 'office-dialog');
  });

  it('refuses Entra sign-in in the dev host with a clear error', async () => {
    const provider = createTokenProvider(ENTRA, { host: new FakeOfficeHost(), ...base });
    await assert.rejects(provider.getToken(), (e: unknown) => e instanceof SignInError && e.reason === 'unavailable');
  });
});
