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

/**
 * True when the server refused the call for the viewer's role or scope (403 `APP_ERR_FORBIDDEN`). Its kind
 * stays `unauthorized` for the views that only say "sign in again"; the admin views tell the two apart.
 */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.code === 'APP_ERR_FORBIDDEN');
}

/** True when the server answered 409 `APP_ERR_CONFLICT` (someone changed or created the same thing). */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 409 || error.code === 'APP_ERR_CONFLICT');
}
