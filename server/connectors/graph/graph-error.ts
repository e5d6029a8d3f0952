import { ErrorCodes, type ErrorCode } from '../../../shared/errors.js';
import { UpstreamError, type UpstreamErrorInit } from '../upstream-error.js';

/**
 * A failure reported by Microsoft Graph or the Microsoft identity platform (or by the way to them).
 * `code` is our closed kind; `upstreamCode` keeps Graph's own `error.code` (e.g. `ApplicationThrottled`,
 * `ErrorItemNotFound`) for logs. Graph errors come as `{"error":{"code","message","innerError":{...}}}`
 * with `request-id` / `client-request-id` headers (microsoft.md §10 item 2).
 */
export class GraphError extends UpstreamError {
  override readonly name = 'GraphError';
  /** Throttling and transient unavailability: the same request may succeed later. */
  readonly retryable: boolean;

  constructor(init: UpstreamErrorInit) {
    super(init);
    this.retryable = init.code === ErrorCodes.GRAPH_ERR_THROTTLED || init.code === ErrorCodes.GRAPH_ERR_UNAVAILABLE;
  }

  /** The bearer token was refused (401): fetch a new one once and retry once. 403 is a permission problem. */
  get tokenRejected(): boolean {
    return this.code === ErrorCodes.GRAPH_ERR_AUTH && this.status === 401;
  }

  /**
   * Graph answered, so the request reached the service; 429 means it was refused before doing anything
   * (§7.1), which makes even a non-idempotent request safe to repeat.
   */
  get rejectedBeforeExecution(): boolean {
    return this.status === 429;
  }
}

export type HeaderBag = Record<string, string | string[] | undefined>;

// Store-level throttling arrives with other statuses too (§7.1 [community]).
const THROTTLE_CODES = new Set(['applicationthrottled', 'errortoomanyobjectsopened', 'activitylimitreached', 'serverbusy', 'toomanyrequests']);
const SYNC_STATE_CODES = new Set(['syncstatenotfound', 'syncstateinvalid', 'resyncrequired']);
// Exchange's change-key conflict on PATCH/move (`If-Match`), seen as 409 or 412.
const CONFLICT_CODES = new Set(['errorirresolvableconflict', 'errorchangekeyrequired', 'errorstaleobject', 'preconditionfailed']);

/** Maps a non-2xx Graph response (`{error:{code,message}}` envelope, any or no body) to a GraphError. */
export function fromGraphResponse(status: number, body: unknown, headers: HeaderBag = {}): GraphError {
  const envelope = readEnvelope(body);
  const upstreamCode = envelope.code ?? `HTTP_${status}`;
  const lower = upstreamCode.toLowerCase();
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  let code: ErrorCode;
  if (status === 410 || SYNC_STATE_CODES.has(lower)) {
    // §4.2: expiry shows as 410 Gone (with a Location) or a 4xx `syncStateNotFound`; both mean full resync.
    code = ErrorCodes.GRAPH_ERR_SYNC_STATE_GONE;
  } else if (status === 412 || (status === 409 && (CONFLICT_CODES.has(lower) || /change ?key/i.test(envelope.message ?? '')))) {
    code = ErrorCodes.GRAPH_ERR_PRECONDITION;
  } else if (status === 401 || status === 403) {
    code = ErrorCodes.GRAPH_ERR_AUTH;
  } else if (status === 429 || THROTTLE_CODES.has(lower)) {
    code = ErrorCodes.GRAPH_ERR_THROTTLED;
  } else if (status >= 500) {
    code = ErrorCodes.GRAPH_ERR_UNAVAILABLE;
  } else if (status === 404) {
    code = ErrorCodes.GRAPH_ERR_NOT_FOUND;
  } else if (status >= 400 && status < 500) {
    code = ErrorCodes.GRAPH_ERR_INVALID;
  } else {
    code = ErrorCodes.GRAPH_ERR_UNKNOWN;
  }
  return new GraphError({
    code,
    status,
    upstreamCode,
    message: envelope.message ?? `Graph answered HTTP ${status}`,
    requestId: header(headers, 'request-id') ?? envelope.requestId,
    retryAfterMs,
  });
}

/**
 * Maps an error of the token endpoint (`{error, error_description, error_codes}`, RFC 6749 §5.2 as
 * Entra sends it). Bad client credentials are an AUTH failure that no retry fixes.
 */
export function fromTokenResponse(status: number, body: unknown, headers: HeaderBag = {}): GraphError {
  const fields = isObject(body) ? body : {};
  const oauthCode = typeof fields.error === 'string' ? fields.error : `HTTP_${status}`;
  const description = typeof fields.error_description === 'string' ? fields.error_description.split('\n')[0] : undefined;
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  let code: ErrorCode = ErrorCodes.GRAPH_ERR_AUTH;
  if (status === 429) code = ErrorCodes.GRAPH_ERR_THROTTLED;
  else if (status >= 500 || oauthCode === 'temporarily_unavailable') code = ErrorCodes.GRAPH_ERR_UNAVAILABLE;
  return new GraphError({
    code,
    status,
    upstreamCode: oauthCode,
    message: `token endpoint: ${description ?? oauthCode}`,
    requestId: typeof fields.trace_id === 'string' ? fields.trace_id : header(headers, 'x-ms-request-id'),
    retryAfterMs,
  });
}

/** No answer at all (DNS, refused, reset, timeout). Whether the request took effect is unknown. */
export function transportFailure(message: string, cause?: unknown): GraphError {
  return new GraphError({ code: ErrorCodes.GRAPH_ERR_UNAVAILABLE, status: 0, upstreamCode: 'NETWORK', message, cause });
}

/** A response that is not what the documented API returns (e.g. a 2xx without the expected JSON). */
export function unexpectedResponse(message: string, status: number): GraphError {
  return new GraphError({ code: ErrorCodes.GRAPH_ERR_UNKNOWN, status, upstreamCode: 'UNEXPECTED_RESPONSE', message });
}

/** `Retry-After` as seconds (fractions tolerated) or an HTTP date, in ms; undefined when absent or garbled. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function readEnvelope(body: unknown): { code?: string; message?: string; requestId?: string } {
  if (!isObject(body) || !isObject(body.error)) return {};
  const error = body.error;
  const inner = isObject(error.innerError) ? error.innerError : {};
  return {
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    ...(typeof error.message === 'string' ? { message: error.message } : {}),
    ...(typeof inner['request-id'] === 'string' ? { requestId: inner['request-id'] } : {}),
  };
}

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
