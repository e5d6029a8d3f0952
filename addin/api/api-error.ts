/** How a failed call is shown to the user; the pane never shows raw server text for 5xx. */
export type ApiErrorKind = 'offline' | 'unauthorized' | 'not-found' | 'rejected' | 'server';

/** A failed call to the bridge API, with the `error.code` of our error body when there was one. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly code: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

/** True for the rejection of a request whose AbortSignal fired (a superseded search, an unmounted view). */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'AbortError' : error instanceof Error && error.name === 'AbortError';
}

export function errorKind(error: unknown): ApiErrorKind {
  return error instanceof ApiError ? error.kind : 'server';
}
