import PostalMime, { type Address } from 'postal-mime';
import type { MailboxMessage } from '../../connectors/mailbox/contract.js';
import { normaliseMessageId, parseMessageIds, readLinkHeader } from '../../connectors/mailbox/mime.js';

/** What the sandbox keeps per message besides UID, flags, time and size: what IMAP ENVELOPE would say. */
export type MessageHeaders = Pick<MailboxMessage, 'messageId' | 'inReplyTo' | 'references' | 'subject' | 'from' | 'to' | 'linkId'>;

/** Reads the headers the way the IMAP provider reports them (ENVELOPE + References + X-DTOB-Link). */
export async function parseMessageHeaders(raw: Buffer): Promise<MessageHeaders> {
  const email = await PostalMime.parse(raw);
  return {
    messageId: normaliseMessageId(email.messageId),
    inReplyTo: parseMessageIds(email.inReplyTo)[0] ?? null,
    references: parseMessageIds(email.references),
    subject: email.subject ?? '',
    from: email.from === undefined ? null : (mailboxes([email.from])[0] ?? null),
    to: mailboxes(email.to ?? []),
    linkId: readLinkHeader(raw),
  };
}

/** Group syntax flattened to its members, as IMAP ENVELOPE lists them. */
function mailboxes(addresses: readonly Address[]): Array<{ name: string; address: string }> {
  return addresses
    .flatMap((a) => (a.group === undefined ? [a] : a.group))
    .filter((a) => a.address !== '')
    .map((a) => ({ name: a.name, address: a.address }));
}
