import { ErrorCodes } from '../../../shared/errors.js';

/**
 * Errors that concern the whole mailbox, not one message: quarantining every item one by one would be
 * wrong (and would burn the retry budget of items that are fine), so the run stops and is retried as
 * a whole. Auth and throttling (sync-engines.md scenarios 19–21) belong here; throttling is paced by
 * the connector's lane, which has already waited out Retry-After when it gives up.
 */
const RUN_LEVEL = new Set<string>([
  ErrorCodes.GRAPH_ERR_AUTH,
  ErrorCodes.GRAPH_ERR_THROTTLED,
  ErrorCodes.GRAPH_ERR_UNAVAILABLE,
  ErrorCodes.MAIL_ERR_AUTH,
  ErrorCodes.MAIL_ERR_CONNECTION,
]);

/** The `code` of a typed connector error (GraphError, MailboxError), read structurally. */
export function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

export function isRunLevel(error: unknown): boolean {
  const code = errorCode(error);
  return (code !== null && RUN_LEVEL.has(code)) || (error instanceof Error && error.name === 'AbortError');
}

export function isSyncStateGone(error: unknown): boolean {
  return errorCode(error) === ErrorCodes.GRAPH_ERR_SYNC_STATE_GONE;
}

export function reasonOf(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code === null ? message : `${code}: ${message}`;
}

/** Thrown when a run is aborted through its AbortSignal between two steps. */
export class SyncAbortedError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('mail sync aborted');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new SyncAbortedError();
}
