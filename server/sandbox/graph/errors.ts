/**
 * Graph's error envelope (microsoft.md §10 item 2): `{"error":{"code","message","innerError":{"date",
 * "request-id","client-request-id"}}}`. Route code throws GraphSandboxError; the app's error handler
 * renders it (with its extra headers, e.g. Retry-After or Location).
 */
export class GraphSandboxError extends Error {
  override readonly name = 'GraphSandboxError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorEnvelope(code: string, message: string, requestId: string, clientRequestId: string, now: number): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      innerError: { date: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

export const notFound = (what = 'The specified object was not found in the store.'): GraphSandboxError => new GraphSandboxError(404, 'ErrorItemNotFound', what);

export const badRequest = (message: string, code = 'BadRequest'): GraphSandboxError => new GraphSandboxError(400, code, message);

/** Retry-After in seconds; whole seconds like Graph when ≥ 1 s, a fraction below that (sandbox liberty for fast tests). */
export function retryAfterHeader(ms: number): string {
  if (ms >= 1000) return String(Math.ceil(ms / 1000));
  return (Math.max(ms, 1) / 1000).toFixed(3);
}
