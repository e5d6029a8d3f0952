import { ErrorCodes } from '../../../shared/errors.js';
import type { MailSender, OutgoingMail } from '../../connectors/mailbox/contract.js';
import { MailboxError } from '../../connectors/mailbox/mailbox-error.js';
import { normaliseMessageId, readHeaderFields } from '../../connectors/mailbox/mime.js';
import type { SandboxMailbox } from './sandbox-mailbox.js';

export interface SandboxSender extends MailSender {
  /** every message sent, in order (what an SMTP server would have received) */
  readonly sent: ReadonlyArray<OutgoingMail & { sentAt: number }>;
}

/**
 * The sandbox's SMTP: a sent message lands, unchanged, in the INBOX of every recipient that has a
 * sandbox mailbox and, marked read, in the sender's Sent folder (as DingTalk Mail keeps a copy of what
 * its users send). Recipients outside the sandbox are accepted and only recorded, like mail to another
 * domain. Addresses compare case-insensitively.
 */
export function createSandboxSender(
  mailboxesByAddress: ReadonlyMap<string, SandboxMailbox> | Readonly<Record<string, SandboxMailbox>>,
  clock: () => number = Date.now,
): SandboxSender {
  const entries: Array<[string, SandboxMailbox]> =
    mailboxesByAddress instanceof Map ? [...mailboxesByAddress] : Object.entries(mailboxesByAddress);
  const byAddress = new Map(entries.map(([address, mailbox]) => [address.toLowerCase(), mailbox] as const));
  const sent: Array<OutgoingMail & { sentAt: number }> = [];
  let closed = false;

  return {
    sent,
    async send(mail: OutgoingMail) {
      if (closed) throw new MailboxError({ code: ErrorCodes.MAIL_ERR_CONNECTION, message: 'sender closed', retryable: false });
      if (mail.to.length === 0) throw new MailboxError({ code: ErrorCodes.MAIL_ERR_SEND, message: 'no recipients' });
      const sender = byAddress.get(mail.from.toLowerCase());
      if (sender === undefined) {
        // like an SMTP submission server refusing MAIL FROM for an address the login does not own
        throw new MailboxError({ code: ErrorCodes.MAIL_ERR_SEND, message: `not a sandbox mailbox: ${mail.from}` });
      }
      const sentAt = clock();
      sent.push({ raw: Buffer.from(mail.raw), from: mail.from, to: [...mail.to], sentAt });
      for (const recipient of new Set(mail.to.map((address) => address.toLowerCase()))) {
        await byAddress.get(recipient)?.deliver(mail.raw, { receivedAt: sentAt });
      }
      const sentFolder = (await sender.listFolders()).find((f) => f.specialUse === '\\Sent');
      if (sentFolder !== undefined) await sender.deliver(mail.raw, { folder: sentFolder.path, seen: true, receivedAt: sentAt });
      return { messageId: normaliseMessageId(readHeaderFields(mail.raw).get('message-id')?.[0]), accepted: [...mail.to] };
    },
    async close() {
      closed = true;
    },
  };
}
