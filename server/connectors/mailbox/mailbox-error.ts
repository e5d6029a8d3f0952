import { ErrorCodes, type ErrorCode } from '../../../shared/errors.js';

export type MailboxErrorCode =
  | typeof ErrorCodes.MAIL_ERR_AUTH
  | typeof ErrorCodes.MAIL_ERR_CONNECTION
  | typeof ErrorCodes.MAIL_ERR_NO_FOLDER
  | typeof ErrorCodes.MAIL_ERR_UIDVALIDITY
  | typeof ErrorCodes.MAIL_ERR_PROTOCOL
  | typeof ErrorCodes.MAIL_ERR_SEND;

/**
 * A failure of the DingTalk mailbox (IMAP or SMTP) or of the way to it. `code` is our closed kind
 * (shared/errors.ts); `retryable` says whether the same call may succeed later without anyone
 * changing anything (dropped connection, server busy, SMTP 4xx). Messages never carry credentials.
 *
 * - MAIL_ERR_AUTH: the server refused the login. DingTalk Mail takes a per-user client password
 *   (客户端专用密码), never the account password (dingtalk.md §5.3), so this usually means that
 *   password was revoked or IMAP/SMTP access was switched off in the mailbox settings.
 * - MAIL_ERR_CONNECTION: could not reach the server, or the connection dropped mid-command.
 * - MAIL_ERR_NO_FOLDER: the folder does not exist.
 * - MAIL_ERR_UIDVALIDITY: UIDs the caller holds are void; `changesSince` reports this as data
 *   (`uidValidityChanged`), callers throw it when they notice mid-operation.
 * - MAIL_ERR_PROTOCOL: the server answered NO/BAD or something we cannot use.
 * - MAIL_ERR_SEND: SMTP refused the message or a recipient.
 */
export class MailboxError extends Error {
  override readonly name = 'MailboxError';
  readonly code: MailboxErrorCode;
  readonly retryable: boolean;
  /** when the server (or our reconnect backoff) says how long to wait */
  readonly retryAfterMs: number | undefined;
  /** the server's own words (IMAP response text, SMTP reply), for logs */
  readonly serverResponse: string | undefined;

  constructor(init: {
    code: MailboxErrorCode;
    message: string;
    retryable?: boolean | undefined;
    retryAfterMs?: number | undefined;
    serverResponse?: string | undefined;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable ?? init.code === ErrorCodes.MAIL_ERR_CONNECTION;
    this.retryAfterMs = init.retryAfterMs;
    this.serverResponse = init.serverResponse;
  }
}

export function isMailboxError(error: unknown, code?: ErrorCode): error is MailboxError {
  return error instanceof MailboxError && (code === undefined || error.code === code);
}
