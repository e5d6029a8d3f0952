// why type-only: a value import would pull TypeBox into the event bundle, which must stay small
import type { RecipientCheckResponse, RecipientWarning } from '../../shared/recipients-api.js';
import type { TokenProvider } from './token-provider.js';

/** shared/recipients-api.ts MAX_RECIPIENTS, the API's limit (a test keeps the two equal). */
export const MAX_RECIPIENTS = 500;

/** The subset of `fetch` the check uses, so tests can pass a fake. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Why a check could not tell: every case lets the mail go (see handlers.ts). */
export type UnavailableReason =
  | { kind: 'no-backend' }
  | { kind: 'timeout' }
  | { kind: 'network' }
  | { kind: 'unauthorized' }
  | { kind: 'status'; status: number }
  | { kind: 'bad-response' }
  | { kind: 'recipients-unreadable' };

export type CheckOutcome = { kind: 'checked'; warnings: RecipientWarning[] } | { kind: 'unavailable'; reason: UnavailableReason };

export interface CheckBackend {
  /** e.g. https://bridge.example.com; null when unknown */
  origin: string | null;
  fetch: FetchLike;
  tokens: TokenProvider | null;
}

/**
 * Asks the backend (`POST /api/recipients/check`) about the addresses. Never throws: failures become
 * an 'unavailable' outcome. The caller bounds the time (withDeadline) and passes its abort signal.
 */
export async function checkRecipients(addresses: readonly string[], backend: CheckBackend, signal: AbortSignal | undefined): Promise<CheckOutcome> {
  if (backend.origin === null) return { kind: 'unavailable', reason: { kind: 'no-backend' } };
  // why slice: the API takes at most MAX_RECIPIENTS; checking the first ones beats checking none
  const recipients = [...new Set(addresses)].slice(0, MAX_RECIPIENTS);
  if (recipients.length === 0) return { kind: 'checked', warnings: [] };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const token = await backend.tokens?.getToken().catch(() => null);
  // Without a token the request goes out anonymous; the backend decides whether that is enough.
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await backend.fetch(`${backend.origin}/api/recipients/check`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ recipients }),
      ...(signal !== undefined ? { signal } : {}),
    });
  } catch {
    return { kind: 'unavailable', reason: signal?.aborted === true ? { kind: 'timeout' } : { kind: 'network' } };
  }
  // every /api route needs a signed-in viewer (server/http/require-viewer.ts): 401 = no usable token
  if (response.status === 401 || response.status === 403) return { kind: 'unavailable', reason: { kind: 'unauthorized' } };
  if (!response.ok) return { kind: 'unavailable', reason: { kind: 'status', status: response.status } };
  const body = await response.json().catch(() => null);
  if (!isCheckResponse(body)) return { kind: 'unavailable', reason: { kind: 'bad-response' } };
  return { kind: 'checked', warnings: body.warnings };
}

/** Enough of a shape check that the message builders cannot trip over a proxy's HTML or a 200 {}. */
function isCheckResponse(value: unknown): value is RecipientCheckResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { warnings } = value as { warnings?: unknown };
  return (
    Array.isArray(warnings) &&
    warnings.every((w: unknown) => {
      if (typeof w !== 'object' || w === null) return false;
      const { address, resembles } = w as { address?: unknown; resembles?: unknown };
      if (typeof address !== 'string') return false;
      if (resembles === null) return true;
      return typeof resembles === 'object' && typeof (resembles as { email?: unknown }).email === 'string' && typeof (resembles as { name?: unknown }).name === 'string';
    })
  );
}
