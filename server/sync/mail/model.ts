/**
 * The mail engine's side-neutral view of the two mailboxes. Both adapters (dingtalk-side.ts over IMAP,
 * exchange-side.ts over Graph) translate what their provider returns into these shapes, and the pure
 * decision code (decide.ts, plan.ts) sees nothing else.
 */

export type Side = 'dingtalk' | 'exchange';

/** Fixed iteration order, so every list of actions the pure code emits is deterministic. */
export const SIDES: readonly Side[] = ['dingtalk', 'exchange'];

export function otherSide(side: Side): Side {
  return side === 'dingtalk' ? 'exchange' : 'dingtalk';
}

/** A logical folder: a key of the folder map (`inbox`, `sent`, `archive`, `trash`, or a custom key). */
export type FolderKey = string;

/** The logical folder every delete goes to (sync-engines.md: deletes go to a recoverable place). */
export const TRASH: FolderKey = 'trash';

/** One message as a side holds it now. */
export interface SideItem {
  /** the side's own id: a Graph immutable id, or `imap:<uidValidity>:<uid>:<path>` (dingtalk-side.ts) */
  sideId: string;
  /** where it is now; null when it sits in a folder outside the mapping (out of sync scope) */
  folder: FolderKey | null;
  /** RFC 5322 Message-ID with angle brackets; null when the message has none */
  messageId: string | null;
  /** content-hash.ts over the fields that matter; null when not known yet (right after an IMAP APPEND) */
  contentHash: string | null;
  seen: boolean;
  flagged: boolean;
  /** the correlation token stamped on the item when the engine created it; null on originals */
  linkId: string | null;
  /** the side's version tag (Graph changeKey); null where the side has none (IMAP) */
  version: string | null;
  /** epoch ms; orders backfill newest first */
  receivedAt: number;
}

/** What the status store remembers of one side of a link: the state last observed there. */
export interface LinkSide {
  sideId: string;
  folder: FolderKey | null;
  contentHash: string | null;
  version: string | null;
  seen: boolean;
  flagged: boolean;
  /** the token stamped on this side's item when the engine created it (null on the original) */
  stamp: string | null;
}

/**
 * The last agreed state of one message pair (vdirsyncer's status row, sync-engines.md §1). `folder`,
 * `seen` and `flagged` are what both sides agreed on; the per-side records hold what was last observed
 * on each side, which may run ahead of the agreed state while a write to the other side is quarantined.
 *
 * A null side is *released*: the user deleted the message there, the other copy went to trash, and
 * the link stays so the trashed copy is not copied back. `detached` links left the sync scope on one
 * side; they are kept as tombstones so neither copy is re-copied, and never act again.
 */
export interface LinkRecord {
  linkId: string;
  messageId: string | null;
  state: 'active' | 'detached';
  folder: FolderKey;
  seen: boolean;
  flagged: boolean;
  dingtalk: LinkSide | null;
  exchange: LinkSide | null;
  createdAt: number;
  updatedAt: number;
}

export function sideOf(link: LinkRecord, side: Side): LinkSide | null {
  return side === 'dingtalk' ? link.dingtalk : link.exchange;
}

/** The remembered state of a side, as a side item (what an unchanged side looks like to decide()). */
export function itemFromLinkSide(link: LinkRecord, side: LinkSide): SideItem {
  return {
    sideId: side.sideId,
    folder: side.folder,
    messageId: link.messageId,
    contentHash: side.contentHash,
    seen: side.seen,
    flagged: side.flagged,
    linkId: side.stamp,
    version: side.version,
    receivedAt: 0,
  };
}

export function linkSideFromItem(item: SideItem): LinkSide {
  return {
    sideId: item.sideId,
    folder: item.folder,
    contentHash: item.contentHash,
    version: item.version,
    seen: item.seen,
    flagged: item.flagged,
    stamp: item.linkId,
  };
}

/** True when the stored side already says exactly what the item says (nothing to record). */
export function linkSideMatches(stored: LinkSide, item: SideItem): boolean {
  return (
    stored.sideId === item.sideId &&
    stored.folder === item.folder &&
    (item.contentHash === null || stored.contentHash === item.contentHash) &&
    stored.version === item.version &&
    stored.seen === item.seen &&
    stored.flagged === item.flagged &&
    stored.stamp === item.linkId
  );
}
