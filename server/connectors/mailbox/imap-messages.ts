import type { FetchMessageObject, FetchOptions, FetchQueryObject, ImapFlow, MessageAddressObject } from 'imapflow';
import { LINK_HEADER, type MailboxMessage, type MailFlags } from './contract.js';
import { normaliseMessageId, parseMessageIds, readHeaderFields } from './mime.js';

/**
 * One FETCH gives everything MailboxMessage needs: ENVELOPE (subject decoded from RFC 2047, addresses,
 * Message-ID, In-Reply-To), FLAGS, INTERNALDATE, RFC822.SIZE, and the two header fields ENVELOPE lacks
 * (References, X-DTOB-Link) through BODY.PEEK[HEADER.FIELDS (...)], which does not set \Seen.
 */
const MESSAGE_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  internalDate: true,
  size: true,
  headers: ['References', LINK_HEADER],
};

/** Metadata of the messages in `uidRange` of the selected folder, in UID order. */
export async function fetchMessages(
  client: ImapFlow,
  uidRange: string,
  options: Omit<FetchOptions, 'uid'> = {},
): Promise<MailboxMessage[]> {
  const fetched = await client.fetchAll(uidRange, MESSAGE_QUERY, { ...options, uid: true });
  return fetched.map(toMailboxMessage).sort((a, b) => a.uid - b.uid);
}

/** UID → flags of every message in the selected folder (the cheap part of a plain-IMAP resync). */
export async function fetchAllFlags(client: ImapFlow): Promise<Map<number, MailFlags>> {
  const flags = new Map<number, MailFlags>();
  if (client.mailbox !== false && client.mailbox.exists === 0) return flags;
  for (const message of await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true })) {
    flags.set(message.uid, toMailFlags(message.flags));
  }
  return flags;
}

/** The X-DTOB-Link value of each given UID that has one. */
export async function fetchLinkIds(client: ImapFlow, uids: readonly number[]): Promise<Map<number, string>> {
  const links = new Map<number, string>();
  if (uids.length === 0) return links;
  for (const message of await client.fetchAll(uidSet(uids), { uid: true, headers: [LINK_HEADER] }, { uid: true })) {
    const value = message.headers === undefined ? undefined : readHeaderFields(message.headers).get(LINK_HEADER.toLowerCase())?.[0];
    if (value !== undefined) links.set(message.uid, value);
  }
  return links;
}

export function toMailboxMessage(message: FetchMessageObject): MailboxMessage {
  const envelope = message.envelope ?? {};
  const headers = message.headers === undefined ? new Map<string, string[]>() : readHeaderFields(message.headers);
  const from = envelope.from?.map(toAddress).find((a) => a !== null) ?? null;
  return {
    uid: message.uid,
    messageId: normaliseMessageId(envelope.messageId),
    inReplyTo: parseMessageIds(envelope.inReplyTo)[0] ?? null,
    references: parseMessageIds(headers.get('references')?.join(' ')),
    flags: toMailFlags(message.flags),
    subject: envelope.subject ?? '',
    from,
    to: (envelope.to ?? []).map(toAddress).filter((a): a is { name: string; address: string } => a !== null),
    receivedAt: message.internalDate === undefined ? 0 : new Date(message.internalDate).getTime(),
    size: message.size ?? 0,
    linkId: headers.get(LINK_HEADER.toLowerCase())?.[0] ?? null,
  };
}

export function toMailFlags(flags: ReadonlySet<string> | undefined): MailFlags {
  return { seen: flags?.has('\\Seen') ?? false, flagged: flags?.has('\\Flagged') ?? false };
}

/** Our flags as IMAP system flags, split into what to add and what to remove. */
export function toImapFlagChanges(flags: Partial<MailFlags>): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  if (flags.seen !== undefined) (flags.seen ? add : remove).push('\\Seen');
  if (flags.flagged !== undefined) (flags.flagged ? add : remove).push('\\Flagged');
  return { add, remove };
}

/** [1,2,3,7] → "1:3,7" (an IMAP sequence set), keeping commands short for long UID lists. */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let index = 0;
  while (index < sorted.length) {
    const start = sorted[index] as number;
    let end = start;
    while (index + 1 < sorted.length && sorted[index + 1] === end + 1) {
      index += 1;
      end += 1;
    }
    parts.push(start === end ? String(start) : `${start}:${end}`);
    index += 1;
  }
  return parts.join(',');
}

function toAddress(entry: MessageAddressObject): { name: string; address: string } | null {
  // why: group syntax ("undisclosed-recipients:;") shows up in ENVELOPE as entries without an address
  if (entry.address === undefined || entry.address === '') return null;
  return { name: entry.name ?? '', address: entry.address };
}
