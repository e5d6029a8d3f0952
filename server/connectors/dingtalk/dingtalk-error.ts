import { ErrorCodes, type ErrorCode } from '../../../shared/errors.js';
import { UpstreamError } from '../upstream-error.js';

/**
 * A failure reported by DingTalk (or by the way to it). `code` is our closed kind; `errcode` /
 * `upstreamCode` keep DingTalk's own value for logs. Legacy topapi errors come as HTTP 200 with
 * `errcode != 0`; v1.0 errors as HTTP 4xx/5xx with `{code, message, requestid}` (dingtalk.md §1).
 */
export class DingTalkError extends UpstreamError {
  override readonly name = 'DingTalkError';

  /** Throttling, "system busy" and transport failures; the request did not take effect. */
  get retryable(): boolean {
    return this.code === ErrorCodes.DT_ERR_THROTTLED || this.code === ErrorCodes.DT_ERR_UNAVAILABLE;
  }

  /** The token was rejected: refetch it once and retry once (dingtalk.md §2.1). */
  get tokenRejected(): boolean {
    return this.code === ErrorCodes.DT_ERR_AUTH;
  }
}

// Docs: server-api-error-codes-1 (dingtalk.md §1, §9). Throttles are retryable after ~1 s.
const LEGACY_KINDS: ReadonlyMap<number, ErrorCode> = new Map([
  [-1, ErrorCodes.DT_ERR_THROTTLED], // "system busy, retry"
  [88, ErrorCodes.DT_ERR_AUTH],
  [40014, ErrorCodes.DT_ERR_AUTH],
  [41001, ErrorCodes.DT_ERR_AUTH],
  [42001, ErrorCodes.DT_ERR_AUTH],
  [40096, ErrorCodes.DT_ERR_AUTH],
  [33012, ErrorCodes.DT_ERR_NOT_FOUND],
  [60121, ErrorCodes.DT_ERR_NOT_FOUND],
  [60003, ErrorCodes.DT_ERR_NOT_FOUND],
  [40035, ErrorCodes.DT_ERR_INVALID],
  [400002, ErrorCodes.DT_ERR_INVALID],
  [22, ErrorCodes.DT_ERR_INVALID],
  [43007, ErrorCodes.DT_ERR_PERMISSION],
  [50002, ErrorCodes.DT_ERR_PERMISSION],
  [50004, ErrorCodes.DT_ERR_PERMISSION],
  [60011, ErrorCodes.DT_ERR_PERMISSION],
  [60019, ErrorCodes.DT_ERR_PERMISSION],
  [60020, ErrorCodes.DT_ERR_PERMISSION],
  [90002, ErrorCodes.DT_ERR_THROTTLED],
  [90006, ErrorCodes.DT_ERR_THROTTLED],
  [90018, ErrorCodes.DT_ERR_THROTTLED],
  [90019, ErrorCodes.DT_ERR_THROTTLED],
  [90020, ErrorCodes.DT_ERR_QUOTA],
]);

/** Sub-codes under errcode 88 that are not about the token itself. */
const AUTH_SUBCODES_FOR_TOKEN = new Set(['40000', '40014', '41001', '42001']);

export function fromLegacyEnvelope(body: {
  errcode: number;
  errmsg?: string;
  sub_code?: string;
  sub_msg?: string;
  request_id?: string;
}): DingTalkError {
  let code = LEGACY_KINDS.get(body.errcode) ?? ErrorCodes.DT_ERR_UNKNOWN;
  if (body.errcode === 88 && body.sub_code !== undefined && !AUTH_SUBCODES_FOR_TOKEN.has(body.sub_code)) {
    code = ErrorCodes.DT_ERR_PERMISSION;
  }
  const upstreamCode = body.sub_code !== undefined ? `${body.errcode}/${body.sub_code}` : String(body.errcode);
  return new DingTalkError({
    code,
    status: 200,
    upstreamCode,
    message: body.sub_msg ?? body.errmsg ?? `DingTalk errcode ${body.errcode}`,
    requestId: body.request_id,
    // why: the docs advise sleeping about 1 s on QPS errors (dingtalk.md §9)
    retryAfterMs: code === ErrorCodes.DT_ERR_THROTTLED ? 1000 : undefined,
  });
}

export function fromV1Response(status: number, body: unknown): DingTalkError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const upstream = typeof fields.code === 'string' ? fields.code : `HTTP_${status}`;
  let code: ErrorCode = ErrorCodes.DT_ERR_UNKNOWN;
  if (upstream === 'InvalidAuthentication' || upstream.startsWith('AuthenticationFailed') || upstream === 'invalidClientIdOrSecret') {
    code = ErrorCodes.DT_ERR_AUTH;
  } else if (/Qp[sm]Limit/.test(upstream)) {
    code = ErrorCodes.DT_ERR_THROTTLED;
  } else if (upstream.includes('ApiCountLimitForOrg')) {
    code = ErrorCodes.DT_ERR_QUOTA;
  } else if (upstream.startsWith('Forbidden')) {
    code = ErrorCodes.DT_ERR_PERMISSION;
  } else if (status === 404) {
    code = ErrorCodes.DT_ERR_NOT_FOUND;
  } else if (status === 400) {
    code = ErrorCodes.DT_ERR_INVALID;
  } else if (status >= 500) {
    code = ErrorCodes.DT_ERR_UNAVAILABLE;
  }
  return new DingTalkError({
    code,
    status,
    upstreamCode: upstream,
    message: typeof fields.message === 'string' ? fields.message : `DingTalk HTTP ${status}`,
    requestId: typeof fields.requestid === 'string' ? fields.requestid : undefined,
    retryAfterMs: code === ErrorCodes.DT_ERR_THROTTLED ? 1000 : undefined,
  });
}

export function unavailable(message: string, status: number, cause?: unknown, retryAfterMs?: number): DingTalkError {
  return new DingTalkError({
    code: ErrorCodes.DT_ERR_UNAVAILABLE,
    status,
    upstreamCode: status > 0 ? `HTTP_${status}` : 'NETWORK',
    message,
    cause,
    retryAfterMs,
  });
}
