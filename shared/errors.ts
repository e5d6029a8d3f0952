/**
 * The closed set of error codes the product uses, shared by the server, the task pane and log/metric
 * labels. Never rename a code: dashboards and the pane depend on it. Retired codes: none yet.
 */
export const ErrorCodes = {
  // DingTalk upstream (DT_ERR_*)
  DT_ERR_AUTH: 'DT_ERR_AUTH',
  DT_ERR_THROTTLED: 'DT_ERR_THROTTLED',
  DT_ERR_QUOTA: 'DT_ERR_QUOTA',
  DT_ERR_NOT_FOUND: 'DT_ERR_NOT_FOUND',
  DT_ERR_PERMISSION: 'DT_ERR_PERMISSION',
  DT_ERR_INVALID: 'DT_ERR_INVALID',
  DT_ERR_UNAVAILABLE: 'DT_ERR_UNAVAILABLE',
  DT_ERR_UNKNOWN: 'DT_ERR_UNKNOWN',
  // Our own API (APP_ERR_*)
  APP_ERR_VALIDATION: 'APP_ERR_VALIDATION',
  APP_ERR_NOT_FOUND: 'APP_ERR_NOT_FOUND',
  APP_ERR_BAD_SIGNATURE: 'APP_ERR_BAD_SIGNATURE',
  APP_ERR_BAD_PAYLOAD: 'APP_ERR_BAD_PAYLOAD',
  APP_ERR_PAYLOAD_TOO_LARGE: 'APP_ERR_PAYLOAD_TOO_LARGE',
  APP_ERR_UNAUTHORIZED: 'APP_ERR_UNAUTHORIZED',
  APP_ERR_RATE_LIMITED: 'APP_ERR_RATE_LIMITED',
  APP_ERR_UNAVAILABLE: 'APP_ERR_UNAVAILABLE',
  APP_ERR_INTERNAL: 'APP_ERR_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Body of every error response of our API. 5xx bodies never carry upstream or internal messages. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string };
}
