import type { ErrorCode } from '../../shared/errors.js';

/** What every upstream failure carries (DingTalkError, GraphError): our kind, and theirs for the logs. */
export interface UpstreamErrorInit {
  code: ErrorCode;
  status: number;
  upstreamCode: string;
  message: string;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * Base of the connectors' typed errors (architecture: "errors are typed … with code, status,
 * retryAfter"); the HTTP layer maps them to status codes in one place.
 */
export abstract class UpstreamError extends Error {
  readonly code: ErrorCode;
  /** HTTP status; 0 when no response arrived (connection refused, reset, timeout) */
  readonly status: number;
  readonly upstreamCode: string;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: UpstreamErrorInit) {
    super(init.message, { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.upstreamCode = init.upstreamCode;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}
