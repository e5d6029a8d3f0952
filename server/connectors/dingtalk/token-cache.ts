/**
 * Caches the app access token until `refreshMarginMs` before it expires and makes sure that when many
 * requests need a new token at once, exactly one fetch runs (single flight). DingTalk rate-intercepts
 * frequent token calls (dingtalk.md §2.1), so this matters under load.
 */
export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

export class AccessTokenCache {
  #current: { token: string; expiresAt: number } | null = null;
  #inFlight: Promise<string> | null = null;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly options: { refreshMarginMs: number; clock: () => number } = {
      refreshMarginMs: 5 * 60_000,
      clock: Date.now,
    },
  ) {}

  async get(): Promise<string> {
    const current = this.#current;
    if (current !== null && this.options.clock() < current.expiresAt - this.options.refreshMarginMs) {
      return current.token;
    }
    this.#inFlight ??= this.#refresh().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Forget `token` if it is still the cached one (a newer token fetched meanwhile is kept). */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = null;
  }

  async #refresh(): Promise<string> {
    const fetched = await this.fetchToken();
    this.#current = { token: fetched.token, expiresAt: this.options.clock() + fetched.expiresInSeconds * 1000 };
    return fetched.token;
  }
}
