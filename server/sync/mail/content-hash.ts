import { createHash } from 'node:crypto';

/** The fields of a message both sides report in their listings without a body download. */
export interface HashableMessage {
  messageId: string | null;
  subject: string;
  from: string | null;
  to: readonly string[];
}

/**
 * Hash of a message's normalised content, so "changed" means content changed and not "a server
 * rewrote a header" (vdirsyncer's rule, sync-engines.md §1 and failure mode 7). It covers what a user
 * can edit and what identifies the message: Message-ID, subject, sender and recipients. Transport
 * headers, our own X-DTOB-Link stamp, display names, address case, recipient order and whitespace
 * are left out. The body is not part of it: neither Graph delta nor IMAP CONDSTORE listings carry it,
 * and fetching every body to hash it would double the API calls per change (the budget is ≤ 1.1). A
 * hash is only ever compared with an earlier hash of the *same side*, never across sides.
 */
export function contentHashOf(message: HashableMessage): string {
  const normalised = [
    (message.messageId ?? '').trim().toLowerCase(),
    normaliseSubject(message.subject),
    (message.from ?? '').trim().toLowerCase(),
    [...message.to].map((a) => a.trim().toLowerCase()).sort().join(','),
  ].join('\n');
  return createHash('sha256').update(normalised).digest('base64url').slice(0, 32);
}

function normaliseSubject(subject: string): string {
  return subject.normalize('NFC').replace(/\s+/g, ' ').trim();
}
