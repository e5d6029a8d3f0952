import type { FolderKey, Side, SideItem } from './model.js';

/** How the engine names an item it wants a side to act on: the stored id plus what identifies it elsewhere. */
export interface ItemRef {
  sideId: string;
  folder: FolderKey | null;
  messageId: string | null;
  /** the correlation token stamped on the item, when the engine created it */
  stamp: string | null;
}

/** What one side reports for one logical folder. */
export interface FolderChangeSet {
  /**
   * True when `items` is the whole folder (first read, Graph 410 resync, IMAP UIDVALIDITY change,
   * full reconcile): a stored item missing from it has left the folder. False for incremental reads,
   * where only `removed` says an item left.
   */
  complete: boolean;
  /** new or changed items (every item when complete); `folder` may differ if the item moved on meanwhile */
  items: SideItem[];
  /** side ids that left this folder since the cursor (moved elsewhere or deleted; the engine finds out which) */
  removed: string[];
  /** the stored ids of this folder are void (IMAP UIDVALIDITY changed): relink, never re-copy */
  idsReset: boolean;
  /** opaque; the engine persists it once the changes are applied */
  cursor: string;
}

export interface CreateRequest {
  folder: FolderKey;
  /** RFC 5322 source as fetched from the other side */
  raw: Buffer;
  seen: boolean;
  flagged: boolean;
  /** correlation token: the side stamps it on the item as part of the create, never after */
  stamp: string;
  receivedAt: number;
}

/** What a write left behind on the side. */
export interface WrittenItem {
  sideId: string;
  folder: FolderKey | null;
  version: string | null;
  /** null when the side's create does not tell (IMAP APPEND); learnt at the next read */
  contentHash: string | null;
}

export interface FlagUpdate {
  ref: ItemRef;
  seen?: boolean;
  flagged?: boolean;
}

/**
 * The port the engine drives for each side. Implementations: exchange-side.ts (GraphMailProvider),
 * dingtalk-side.ts (MailboxProvider), and in-memory fakes in tests. Errors are thrown as the
 * provider's typed errors; errors.ts decides whether one item or the whole run is affected.
 */
export interface MailSide {
  readonly side: Side;
  /** changes() uses `known` (IMAP finds vanished UIDs with it when QRESYNC is missing); Graph does not */
  readonly needsKnown: boolean;
  /** every logical folder this side can serve (resolves the folder map once) */
  prepare(): Promise<void>;
  /**
   * Changes of a logical folder since `cursor` (null: read everything). `known` are the items the
   * status store places in this folder (IMAP needs them to find vanished UIDs without QRESYNC).
   */
  changes(folder: FolderKey, cursor: string | null, known: readonly ItemRef[]): Promise<FolderChangeSet>;
  /** the RFC 5322 source; null when the item is gone */
  fetchRaw(ref: ItemRef): Promise<Buffer | null>;
  /** creates the item with `stamp` already on it (Graph extended property / `X-DTOB-Link` header) */
  create(request: CreateRequest): Promise<WrittenItem>;
  /** the item carrying `stamp`, looked for in `folderHint` first; null when there is none */
  findByStamp(stamp: string, folderHint: FolderKey | null): Promise<SideItem | null>;
  /**
   * Where the item is now: in place, moved to another mapped folder, in an unmapped folder (folder
   * null = out of scope), or null when it no longer exists. `isClaimed` rejects candidates already
   * linked to another pair (two messages sharing a Message-ID).
   */
  locate(ref: ItemRef, isClaimed: (sideId: string) => Promise<boolean>): Promise<SideItem | null>;
  /** batched where the side allows it (Graph `$batch`, ≤ 20 per call); one result per update, in order */
  setFlags(updates: readonly FlagUpdate[]): Promise<Array<WrittenItem | Error>>;
  move(ref: ItemRef, folder: FolderKey): Promise<WrittenItem>;
  /** `move` to the trash folder: never a hard delete */
  trash(ref: ItemRef): Promise<WrittenItem>;
}

export function refOf(item: SideItem): ItemRef {
  return { sideId: item.sideId, folder: item.folder, messageId: item.messageId, stamp: item.linkId };
}
