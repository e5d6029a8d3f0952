import { randomBytes } from 'node:crypto';

export type TokenStatus = { state: 'valid'; appKey: string } | { state: 'expired'; appKey: string } | { state: 'unknown' };

/**
 * App access tokens (shared/reference/dingtalk.md §2.1). One token string is valid on both API families.
 * Re-requesting within validity returns the same token and extends it to a full TTL; after expiry a new string
 * is issued. Expired tokens are remembered (up to a bound) so using one yields "expired" (42001) rather than
 * "unknown" (88/40014), as DingTalk distinguishes them.
 */
export interface TokenRegistry {
  issue(appKey: string): { token: string; expiresIn: number };
  check(token: string): TokenStatus;
  /** Test hook: every issued token expires now. Returns how many were still valid. */
  expireAll(): number;
}

const REMEMBERED_TOKENS = 1000;

export function createTokenRegistry(options: { clock: () => number; ttlSeconds: () => number }): TokenRegistry {
  const tokens = new Map<string, { appKey: string; expiresAt: number }>();
  const current = new Map<string, string>();

  return {
    issue(appKey) {
      const now = options.clock();
      const ttl = options.ttlSeconds();
      const existing = current.get(appKey);
      const entry = existing === undefined ? undefined : tokens.get(existing);
      if (existing !== undefined && entry !== undefined && entry.expiresAt > now) {
        entry.expiresAt = now + ttl * 1000;
        return { token: existing, expiresIn: ttl };
      }
      const token = randomBytes(16).toString('hex');
      tokens.set(token, { appKey, expiresAt: now + ttl * 1000 });
      current.set(appKey, token);
      if (tokens.size > REMEMBERED_TOKENS) {
        const oldest = tokens.keys().next().value;
        if (oldest !== undefined) tokens.delete(oldest);
      }
      return { token, expiresIn: ttl };
    },
    check(token) {
      const entry = tokens.get(token);
      if (entry === undefined) return { state: 'unknown' };
      return { state: entry.expiresAt > options.clock() ? 'valid' : 'expired', appKey: entry.appKey };
    },
    expireAll() {
      const now = options.clock();
      let expired = 0;
      for (const entry of tokens.values()) {
        if (entry.expiresAt > now) expired += 1;
        entry.expiresAt = Math.min(entry.expiresAt, now);
      }
      return expired;
    },
  };
}
