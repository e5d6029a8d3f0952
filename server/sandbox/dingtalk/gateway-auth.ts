import { LEGACY, V1, type LegacyError, type V1Error } from './envelopes.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * Token check then per-(appKey, api) QPS check, in the order DingTalk's gateway applies them (the throttle is
 * keyed by the app, which is only known once the token is). Refusals are ready-to-send envelopes.
 */
export type LegacyAuth = { ok: true; appKey: string } | { ok: false; body: LegacyError };
export type V1Auth = { ok: true; appKey: string } | { ok: false; status: 400 | 403; body: V1Error };

/** Legacy family: token from `?access_token=` (or a form body); HTTP status is always 200. */
export function authenticateLegacy(state: SandboxState, token: unknown, api: string): LegacyAuth {
  if (typeof token !== 'string' || token === '') return { ok: false, body: LEGACY.missingToken() };
  const status = state.tokens.check(token);
  if (status.state === 'unknown') return { ok: false, body: LEGACY.invalidToken() };
  if (status.state === 'expired') return { ok: false, body: LEGACY.expiredToken() };
  if (!state.traffic.allow(status.appKey, api)) return { ok: false, body: LEGACY.qps(api) };
  return { ok: true, appKey: status.appKey };
}

/** v1.0 family: token only from the `x-acs-dingtalk-access-token` header; expired and unknown look the same. */
export function authenticateV1(state: SandboxState, header: unknown, api: string): V1Auth {
  if (typeof header !== 'string' || header === '') return { ok: false, status: 400, body: V1.missingToken() };
  const status = state.tokens.check(header);
  if (status.state !== 'valid') return { ok: false, status: 400, body: V1.invalidToken() };
  if (!state.traffic.allow(status.appKey, api)) return { ok: false, status: 403, body: V1.qps(api) };
  return { ok: true, appKey: status.appKey };
}
