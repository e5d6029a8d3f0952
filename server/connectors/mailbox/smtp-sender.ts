import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { ErrorCodes } from '../../../shared/errors.js';
import type { MailSender, OutgoingMail } from './contract.js';
import { MailboxError } from './mailbox-error.js';
import { normaliseMessageId, readHeaderFields } from './mime.js';

export interface SmtpSenderOptions {
  /** smtp.dingtalk.com for DingTalk Mail (dingtalk.md §5.3) */
  host: string;
  /** 465 with `secure: true` (implicit TLS) for DingTalk Mail; 587/25 with STARTTLS otherwise */
  port: number;
  secure: boolean;
  user: string;
  /** the DingTalk Mail client password (客户端专用密码), never the account password; never logged */
  password: string;
  logger: Logger;
  /** per-socket timeout; default 60 s */
  timeoutMs?: number;
}

/** nodemailer codes meaning the way to the server failed (the message was not accepted). */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY']);

/**
 * Sends prepared RFC 5322 messages as the DingTalk address over SMTP submission: nodemailer with
 * `raw` (the bytes go out unchanged, so the Message-ID and our X-DTOB-Link stay as stamped) and an
 * explicit `envelope` (MAIL FROM / RCPT TO), so Bcc recipients need no header.
 */
export function createSmtpSender(options: SmtpSenderOptions): MailSender {
  const log = options.logger.child({ mailbox: options.user, upstream: 'smtp' });
  const timeout = options.timeoutMs ?? 60_000;
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: { user: options.user, pass: options.password },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    logger: false,
  });

  return {
    async send(mail: OutgoingMail) {
      try {
        const info = await transport.sendMail({ envelope: { from: mail.from, to: mail.to }, raw: mail.raw });
        const accepted = [...info.accepted];
        log.info({ recipients: mail.to.length, accepted: accepted.length }, 'mail sent');
        return { messageId: normaliseMessageId(readHeaderFields(mail.raw).get('message-id')?.[0]), accepted };
      } catch (error) {
        const failure = toSendError(error);
        log.warn({ code: failure.code, retryable: failure.retryable, smtpCode: failure.serverResponse?.slice(0, 3) }, 'mail not sent');
        throw failure;
      }
    },
    async close() {
      transport.close();
    },
  };
}

interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

function toSendError(error: unknown): MailboxError {
  const failure: SmtpFailure = typeof error === 'object' && error !== null ? (error as SmtpFailure) : {};
  const code = typeof failure.code === 'string' ? failure.code : undefined;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const response = typeof failure.response === 'string' ? failure.response : undefined;
  if (code === 'EAUTH' || code === 'ENOAUTH' || responseCode === 535) {
    return new MailboxError({
      code: ErrorCodes.MAIL_ERR_AUTH,
      // DingTalk Mail only accepts the client password over SMTP (dingtalk.md §5.3)
      message: 'SMTP server refused the login (check the client password and that SMTP is enabled)',
      serverResponse: response,
      cause: error,
    });
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return new MailboxError({ code: ErrorCodes.MAIL_ERR_CONNECTION, message: `SMTP connection failed (${code})`, serverResponse: response, cause: error });
  }
  // RFC 5321 §4.2.1: 4yz is a transient failure, 5yz permanent
  return new MailboxError({
    code: ErrorCodes.MAIL_ERR_SEND,
    message: `SMTP refused the message${response === undefined ? '' : `: ${response}`}`,
    retryable: responseCode !== undefined && responseCode >= 400 && responseCode < 500,
    serverResponse: response,
    cause: error,
  });
}
