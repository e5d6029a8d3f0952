import { SignInError, type TokenProvider } from './token-provider.js';

export interface SandboxUser {
  email: string;
  name?: string;
}

export interface SandboxTokenProviderOptions {
  /** `sandboxTokenUrl` from /auth/config (absolute or relative to the page) */
  tokenUrl: string;
  /** who the pane acts as: the dev host's picker, or Outlook's signed-in mailbox */
  user: () => SandboxUser | null;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Renew this long before the server's expiry so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 30_000;

interface CachedToken {
  email: string;
  token: string;
  expiresAt: number;
}

/**
 * Sandbox sign-in: `POST /auth/sandbox/token {email, name?}` → `{access_token, expires_in}`. Only
 * offered by a backend in sandbox mode (no identity provider exists there); the token is cached per
 * e-mail, so switching the dev host's user gets a new one.
 */
export class SandboxTokenProvider implements TokenProvider {
  readonly kind = 'sandbox' as const;
  readonly #options: SandboxTokenProviderOptions;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  #cached: CachedToken | null = null;
  #pending: { email: string; promise: Promise<string> } | null = null;

  constructor(options: SandboxTokenProviderOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#now = options.now ?? Date.now;
  }

  async getToken(): Promise<string> {
    const user = this.#options.user();
    if (user === null) throw new SignInError('unavailable', 'no sandbox user is selected');
    const cached = this.#cached;
    if (cached !== null && cached.email === user.email && cached.expiresAt - EXPIRY_MARGIN_MS > this.#now()) return cached.token;
    // why: concurrent first requests share one token request instead of minting one each
    if (this.#pending?.email === user.email) return this.#pending.promise;
    const promise = this.#request(user).finally(() => {
      if (this.#pending?.promise === promise) this.#pending = null;
    });
    this.#pending = { email: user.email, promise };
    return promise;
  }

  invalidate(): void {
    this.#cached = null;
  }

  async #request(user: SandboxUser): Promise<string> {
    const response = await this.#fetch(this.#options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(user.name === undefined ? { email: user.email } : { email: user.email, name: user.name }),
      cache: 'no-store',
    });
    if (!response.ok) throw new SignInError('failed', `the sandbox token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new SignInError('failed', 'the sandbox token endpoint returned an unexpected body');
    }
    this.#cached = { email: user.email, token: body.access_token, expiresAt: this.#now() + body.expires_in * 1000 };
    return body.access_token;
  }
}
