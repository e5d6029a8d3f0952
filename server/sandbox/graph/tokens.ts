import type { IdFactory } from './ids.js';

export type BearerStatus = { state: 'valid'; clientId: string } | { state: 'expired' } | { state: 'unknown' };

/**
 * App-only bearer tokens issued by the sandbox's token endpoint (microsoft.md §7.3). Opaque strings, not
 * JWTs: the backend never validates Graph-audience tokens (§7.4 "Don't validate Graph-audience tokens"),
 * so their shape does not matter. Each request for a token gets a new one, as Entra issues them. Expired
 * tokens are remembered (bounded) so they answer "expired" rather than "malformed".
 */
export class TokenRegistry {
  readonly #tokens = new Map<string, { clientId: string; expiresAt: number }>();
  #issued = 0;

  constructor(
    private readonly ids: IdFactory,
    private readonly clock: () => number,
    private readonly capacity = 10_000,
  ) {}

  issue(clientId: string, ttlSeconds: number): { token: string; expiresIn: number } {
    const token = `sbx.${this.ids.opaque(43)}`;
    this.#tokens.set(token, { clientId, expiresAt: this.clock() + ttlSeconds * 1000 });
    this.#issued += 1;
    if (this.#tokens.size > this.capacity) {
      const oldest = this.#tokens.keys().next().value;
      if (oldest !== undefined) this.#tokens.delete(oldest);
    }
    return { token, expiresIn: ttlSeconds };
  }

  check(token: string): BearerStatus {
    const entry = this.#tokens.get(token);
    if (entry === undefined) return { state: 'unknown' };
    return entry.expiresAt > this.clock() ? { state: 'valid', clientId: entry.clientId } : { state: 'expired' };
  }

  /** Every issued token expires now (test knob). Returns how many were still valid. */
  expireAll(): number {
    const now = this.clock();
    let expired = 0;
    for (const entry of this.#tokens.values()) {
      if (entry.expiresAt > now) expired += 1;
      entry.expiresAt = Math.min(entry.expiresAt, now);
    }
    return expired;
  }

  /** Tokens issued since start (token endpoint successes). */
  get issued(): number {
    return this.#issued;
  }
}
