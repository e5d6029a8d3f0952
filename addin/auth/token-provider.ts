/**
 * Where the pane's bearer tokens for the bridge API come from. Every request asks for a token (the
 * provider caches); after a 401 the API client calls `invalidate()` and asks once more.
 */
export interface TokenProvider {
  readonly kind: 'nested-app-auth' | 'office-dialog' | 'sandbox' | 'none';
  /** A token for the bridge API's scope, or null when the backend does not ask for one. */
  getToken(): Promise<string | null>;
  /** Forget the cached token (the API rejected it); the next getToken() fetches a fresh one. */
  invalidate(): void;
}

/**
 * Used while the backend has no sign-in yet (`GET /auth/config` answers 404): requests go without
 * an Authorization header, exactly as before sign-in existed.
 */
export class NoTokenProvider implements TokenProvider {
  readonly kind = 'none' as const;

  async getToken(): Promise<string | null> {
    return null;
  }

  invalidate(): void {}
}

/** Thrown when sign-in cannot complete; `reason` is safe to show (never contains a token). */
export class SignInError extends Error {
  constructor(
    readonly reason: 'cancelled' | 'unavailable' | 'failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignInError';
  }
}
