import { ErrorCodes } from '../../../shared/errors.js';
import { MailboxError } from './mailbox-error.js';

/** Node socket codes and imapflow codes that mean "the way to the server failed", not "the server said no". */
const CONNECTION_CODES = new Set([
  'NoConnection',
  'EConnectionClosed',
  'StateLogout',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
  'LockTimeout',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** RFC 5530 response codes after which the same command may succeed later. */
const TRANSIENT_RESPONSE_CODES = new Set(['UNAVAILABLE', 'INUSE', 'LIMIT', 'SERVERBUG']);

/** RFC 5530 / RFC 3501 response codes meaning "no such mailbox". */
const NO_FOLDER_RESPONSE_CODES = new Set(['NONEXISTENT', 'TRYCREATE']);

/** The fields imapflow stamps on its errors (ImapFlowError in imapflow's types); all optional. */
interface ImapFailure {
  code?: unknown;
  message?: unknown;
  authenticationFailed?: unknown;
  mailboxMissing?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  serverResponseCode?: unknown;
  throttleReset?: unknown;
}

/**
 * Maps whatever imapflow (or the socket under it) threw to a MailboxError. `what` names our operation
 * ("changesSince INBOX"). The message is built from codes and the server's response text only, never
 * from the command that was sent (a LOGIN command carries the password).
 */
export function toMailboxError(error: unknown, what: string): MailboxError {
  if (error instanceof MailboxError) return error;
  const failure: ImapFailure = typeof error === 'object' && error !== null ? (error as ImapFailure) : {};
  const code = typeof failure.code === 'string' ? failure.code : undefined;
  const responseCode = typeof failure.serverResponseCode === 'string' ? failure.serverResponseCode.toUpperCase() : undefined;
  const responseText = typeof failure.responseText === 'string' ? failure.responseText : undefined;
  const detail = responseText ?? code ?? (typeof failure.message === 'string' ? failure.message : 'unknown failure');
  const base = { cause: error, serverResponse: responseText } as const;

  if (failure.authenticationFailed === true || responseCode === 'AUTHENTICATIONFAILED') {
    return new MailboxError({
      ...base,
      code: ErrorCodes.MAIL_ERR_AUTH,
      // DingTalk Mail only accepts its per-user client password here (dingtalk.md §5.3)
      message: `${what}: the IMAP server refused the login (check the client password and that IMAP is enabled)`,
    });
  }
  if (failure.mailboxMissing === true || code === 'NotFound' || (responseCode !== undefined && NO_FOLDER_RESPONSE_CODES.has(responseCode))) {
    return new MailboxError({ ...base, code: ErrorCodes.MAIL_ERR_NO_FOLDER, message: `${what}: no such folder (${detail})` });
  }
  if (code === 'ETHROTTLE') {
    return new MailboxError({
      ...base,
      code: ErrorCodes.MAIL_ERR_CONNECTION,
      message: `${what}: the server is throttling (${detail})`,
      retryAfterMs: typeof failure.throttleReset === 'number' ? failure.throttleReset : 1000,
    });
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return new MailboxError({ ...base, code: ErrorCodes.MAIL_ERR_CONNECTION, message: `${what}: connection failed (${code})` });
  }
  return new MailboxError({
    ...base,
    code: ErrorCodes.MAIL_ERR_PROTOCOL,
    message: `${what}: ${detail}`,
    retryable: responseCode !== undefined && TRANSIENT_RESPONSE_CODES.has(responseCode),
  });
}

/** imapflow answers some refusals with `false` instead of throwing; this is the error for those. */
export function refused(what: string): MailboxError {
  return new MailboxError({ code: ErrorCodes.MAIL_ERR_PROTOCOL, message: `${what}: the server refused the command` });
}
