import type { ExpungeEvent, ImapFlow, MailboxObject } from 'imapflow';
import type { FolderChanges, FolderCursor, MailboxCapabilities, MailboxMessage } from './contract.js';
import { sameFlags, type FlagSnapshots } from './flag-snapshots.js';
import { refused } from './imap-errors.js';
import { fetchAllFlags, fetchMessages, uidSet } from './imap-messages.js';

/** The selected folder, the capabilities in force, and where plain-IMAP flag snapshots live. */
export interface ChangeContext {
  client: ImapFlow;
  path: string;
  /** from a SELECT made for this call (not an older one) */
  mailbox: MailboxObject;
  capabilities: MailboxCapabilities;
  snapshots: FlagSnapshots;
}

/**
 * The cursor as of the SELECT. Read before fetching, so anything that changes while we fetch is
 * reported again next time rather than skipped.
 */
export async function cursorOf(context: ChangeContext, withSnapshot: boolean): Promise<FolderCursor> {
  const { mailbox, capabilities } = context;
  const useModseq = capabilities.condstore && mailbox.noModseq !== true && mailbox.highestModseq !== undefined;
  const cursor: FolderCursor = {
    uidValidity: Number(mailbox.uidValidity),
    uidNext: mailbox.uidNext,
    highestModseq: useModseq ? String(mailbox.highestModseq) : null,
  };
  if (withSnapshot && cursor.highestModseq === null) {
    cursor.flagsSnapshot = context.snapshots.save(context.path, cursor.uidValidity, await fetchAllFlags(context.client));
  }
  return cursor;
}

/**
 * Implements MailboxProvider.changesSince on a freshly selected folder:
 * - no cursor or another UIDVALIDITY (RFC 3501 §2.3.1.1: every UID we hold is void): full listing;
 * - CONDSTORE: UID FETCH 1:* (...) (CHANGEDSINCE m), plus VANISHED with QRESYNC (RFC 7162 §3.2.6),
 *   else vanished UIDs by comparing `knownUids` with UID SEARCH ALL;
 * - plain IMAP4rev1: every UID's flags compared with the snapshot named by the cursor (flag-snapshots.ts).
 */
export async function readChanges(
  context: ChangeContext,
  since: FolderCursor | null,
  knownUids: readonly number[],
): Promise<FolderChanges> {
  const cursor = await cursorOf(context, false);
  if (since === null || since.uidValidity !== cursor.uidValidity) {
    const changed = newestFirst(await fetchMessages(context.client, '1:*'));
    if (cursor.highestModseq === null) {
      const flags = new Map(changed.map((m) => [m.uid, m.flags] as const));
      cursor.flagsSnapshot = context.snapshots.save(context.path, cursor.uidValidity, flags);
    }
    return { cursor, uidValidityChanged: since !== null, changed, vanished: [] };
  }
  if (cursor.highestModseq !== null && since.highestModseq !== null && /^\d+$/.test(since.highestModseq)) {
    return { cursor, uidValidityChanged: false, ...(await modseqChanges(context, BigInt(since.highestModseq), knownUids)) };
  }
  return plainChanges(context, since, cursor, knownUids);
}

async function modseqChanges(
  context: ChangeContext,
  sinceModseq: bigint,
  knownUids: readonly number[],
): Promise<Pick<FolderChanges, 'changed' | 'vanished'>> {
  const { client, path, capabilities, mailbox } = context;
  if (capabilities.qresync && mailbox.highestModseq !== undefined && mailbox.highestModseq <= sinceModseq) {
    // why: with QRESYNC every change, expunges included, raises HIGHESTMODSEQ (RFC 7162 §3.2.10)
    return { changed: [], vanished: [] };
  }
  const vanished = new Set<number>();
  // imapflow turns VANISHED (EARLIER) responses into 'expunge' events carrying the UID
  const onExpunge = (event: ExpungeEvent): void => {
    if (event.vanished && event.uid !== undefined && event.path === path) vanished.add(event.uid);
  };
  client.on('expunge', onExpunge);
  let changed: MailboxMessage[];
  try {
    changed = mailbox.exists === 0 && !capabilities.qresync ? [] : await fetchMessages(client, '1:*', { changedSince: sinceModseq });
  } finally {
    client.off('expunge', onExpunge);
  }
  if (!capabilities.qresync && knownUids.length > 0) {
    const present = new Set(await allUids(client));
    for (const uid of knownUids) if (!present.has(uid)) vanished.add(uid);
  }
  const changedUids = new Set(changed.map((m) => m.uid));
  return { changed: newestFirst(changed), vanished: [...vanished].filter((uid) => !changedUids.has(uid)).sort((a, b) => a - b) };
}

async function plainChanges(
  context: ChangeContext,
  since: FolderCursor,
  cursor: FolderCursor,
  knownUids: readonly number[],
): Promise<FolderChanges> {
  const { client, path, snapshots } = context;
  const now = await fetchAllFlags(client);
  const before = snapshots.get(path, since.flagsSnapshot, since.uidValidity);
  const wanted = [...now]
    .filter(([uid, flags]) => before === undefined || uid >= since.uidNext || !sameFlags(before.get(uid), flags))
    .map(([uid]) => uid);
  const vanished = new Set(knownUids.filter((uid) => !now.has(uid)));
  for (const uid of before?.keys() ?? []) if (!now.has(uid)) vanished.add(uid);
  const changed = wanted.length === 0 ? [] : newestFirst(await fetchMessages(client, uidSet(wanted)));
  cursor.flagsSnapshot = snapshots.save(path, cursor.uidValidity, now);
  return { cursor, uidValidityChanged: false, changed, vanished: [...vanished].sort((a, b) => a - b) };
}

async function allUids(client: ImapFlow): Promise<number[]> {
  if (client.mailbox !== false && client.mailbox.exists === 0) return [];
  const found = await client.search({ all: true }, { uid: true });
  // why: treating a refused SEARCH as "no messages" would report every known UID as vanished
  if (!Array.isArray(found)) throw refused('UID SEARCH ALL');
  return found;
}

function newestFirst(messages: MailboxMessage[]): MailboxMessage[] {
  return [...messages].sort((a, b) => b.uid - a.uid);
}
