import type { ErrorCode } from '../shared/errors.js';

/** An error our own API answers with: a code from shared/errors.ts and the HTTP status it maps to. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
