import { ErrorCodes } from '../../../shared/errors.js';
import { fromGraphResponse, GraphError, unexpectedResponse, type HeaderBag } from './graph-error.js';

/** Graph's limit per `$batch` (microsoft.md §7.2). */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchSubRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** relative to the version root, e.g. `/users/x/messages/AAk…` (§7.2: no `/v1.0`) */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export type BatchOutcome = { ok: true; status: number; body: unknown } | { ok: false; error: GraphError };

export interface BatchRunOptions {
  /** POSTs one `$batch` body with `count` sub-requests and returns the parsed 200 JSON body. */
  send(payload: { requests: unknown[] }, count: number): Promise<unknown>;
  maxAttempts: number;
  /** How long to wait before resending throttled/failed sub-requests (gets the worst error of the round). */
  backoff(error: GraphError, attempt: number): number;
  /** Called with a sub-request's Retry-After so the mailbox lane pauses too. */
  onRetryAfter(ms: number): void;
  onRetry(error: GraphError): void;
  sleep(ms: number): Promise<void>;
}

/**
 * Runs `requests` in as few `$batch` calls as possible (≤ 20 each) and returns one outcome per request,
 * in input order.
 *
 * Each batch is chained with `dependsOn` so Graph runs its sub-requests one after another: Graph sends
 * at most ~4 sub-requests of a parallel batch to Outlook at once, and parallel batches to one mailbox
 * collide with our own 4-request lane and earn 429 MailboxConcurrency items (§7.2 "Outlook specifics").
 * The price of a chain is that one failure answers every later request with 424 Failed Dependency: those
 * did not run, so they go into the next batch. Throttled (429) and transient (5xx) items are resent after a
 * backoff, up to maxAttempts each; other failures are final for that item only.
 */
export async function runChainedBatches(requests: readonly BatchSubRequest[], options: BatchRunOptions): Promise<BatchOutcome[]> {
  const outcomes: Array<BatchOutcome | undefined> = new Array(requests.length).fill(undefined);
  const attempts: number[] = new Array(requests.length).fill(0);
  let pending = requests.map((_, index) => index);
  while (pending.length > 0) {
    const chunk = pending.slice(0, MAX_BATCH_REQUESTS);
    const payload = {
      requests: chunk.map((index, position) => {
        const request = requests[index] as BatchSubRequest;
        const previous = chunk[position - 1];
        return {
          id: String(index),
          method: request.method,
          url: request.url,
          ...(request.headers !== undefined ? { headers: request.headers } : {}),
          ...(request.body !== undefined ? { body: request.body } : {}),
          ...(previous !== undefined ? { dependsOn: [String(previous)] } : {}),
        };
      }),
    };
    const responses = readResponses(await options.send(payload, chunk.length));
    const again: number[] = [];
    let worst: GraphError | null = null;
    let worstAttempt = 0;
    for (const index of chunk) {
      const response = responses.get(String(index));
      if (response !== undefined && response.status >= 200 && response.status < 300) {
        outcomes[index] = { ok: true, status: response.status, body: response.body };
        continue;
      }
      if (response?.status === 424) {
        again.push(index); // did not run: an earlier request in the chain failed
        continue;
      }
      const error =
        response === undefined
          ? new GraphError({ code: ErrorCodes.GRAPH_ERR_UNAVAILABLE, status: 0, upstreamCode: 'BATCH_ITEM_MISSING', message: `batch answered without item ${index}` })
          : fromGraphResponse(response.status, response.body, response.headers);
      attempts[index] = (attempts[index] ?? 0) + 1;
      if (error.retryable && (attempts[index] ?? 0) < options.maxAttempts) {
        again.push(index);
        options.onRetry(error);
        if (worst === null || (error.retryAfterMs ?? 0) > (worst.retryAfterMs ?? 0)) worst = error;
        worstAttempt = Math.max(worstAttempt, attempts[index] ?? 1);
      } else {
        outcomes[index] = { ok: false, error };
      }
    }
    pending = [...again, ...pending.slice(chunk.length)];
    if (worst !== null) {
      if (worst.retryAfterMs !== undefined) options.onRetryAfter(worst.retryAfterMs);
      await options.sleep(options.backoff(worst, worstAttempt));
    }
  }
  return outcomes.map((outcome, index) => outcome ?? { ok: false, error: unexpectedResponse(`batch item ${index} never answered`, 0) });
}

interface BatchItemResponse {
  status: number;
  headers: HeaderBag;
  body: unknown;
}

function readResponses(json: unknown): Map<string, BatchItemResponse> {
  const list = typeof json === 'object' && json !== null ? (json as { responses?: unknown }).responses : undefined;
  if (!Array.isArray(list)) throw unexpectedResponse('$batch answered without a responses array', 200);
  const byId = new Map<string, BatchItemResponse>();
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, status, headers, body } = item as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    if (typeof id !== 'string' || typeof status !== 'number') continue;
    byId.set(id, { status, headers: lowerCaseHeaders(headers), body });
  }
  return byId;
}

function lowerCaseHeaders(raw: unknown): HeaderBag {
  const out: HeaderBag = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
  }
  return out;
}
