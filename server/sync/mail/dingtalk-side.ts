import type { Logger } from 'pino';
import type { FolderCursor, MailboxMessage, MailboxProvider, SpecialUse } from '../../connectors/mailbox/contract.js';
import { contentHashOf } from './content-hash.js';
import type { FolderMap } from './folders.js';
import { TRASH, type FolderKey, type SideItem } from './model.js';
import { stampRaw } from './mime-stamp.js';
import type { CreateRequest, FlagUpdate, FolderChangeSet, ItemRef, MailSide, WrittenItem } from './side.js';

export interface DingTalkSideOptions {
  provider: MailboxProvider;
  folders: FolderMap;
  logger: Logger;
}

/** An IMAP message id: a UID is only meaningful with its folder and UIDVALIDITY (RFC 3501 §2.3.1.1). */
export interface ImapId {
  uidValidity: number;
  uid: number;
  path: string;
}

export function formatImapId(id: ImapId): string {
  return `imap:${id.uidValidity}:${id.uid}:${id.path}`;
}

export function parseImapId(sideId: string): ImapId {
  const match = /^imap:(\d+):(\d+):(.*)$/s.exec(sideId);
  if (match === null) throw new Error(`not an IMAP side id: ${JSON.stringify(sideId)}`);
  return { uidValidity: Number(match[1]), uid: Number(match[2]), path: match[3] as string };
}

/** Folder names used when a special-use folder the mapping asks for does not exist yet. */
const FALLBACK_NAMES: Record<string, string> = { '\\Sent': 'Sent', '\\Trash': 'Trash', '\\Archive': 'Archive', '\\Drafts': 'Drafts', '\\Junk': 'Junk' };

/**
 * The DingTalk Mail side over MailboxProvider (IMAP). Folder cursors are UIDVALIDITY/UIDNEXT/
 * HIGHESTMODSEQ; when UIDVALIDITY changes every stored UID of the folder is void, so the folder is
 * re-read whole and reported with `idsReset` for the engine to relink by our `X-DTOB-Link` stamp or
 * the Message-ID — never to copy again (mbsync's rule, sync-engines.md §2). Each copy is stamped
 * before APPEND (mime-stamp.ts).
 */
export class DingTalkSide implements MailSide {
  readonly side = 'dingtalk' as const;
  readonly needsKnown = true;
  private readonly pathByKey = new Map<FolderKey, string>();
  private readonly keyByPath = new Map<string, FolderKey>();
  private readonly uidValidity = new Map<string, number>();
  private allPaths: string[] = [];
  private prepared: Promise<void> | null = null;

  constructor(private readonly options: DingTalkSideOptions) {}

  /** The IMAP path a logical folder resolved to (after prepare()); null when the folder is not mapped. */
  mappedPath(folder: FolderKey): string | null {
    return this.pathByKey.get(folder) ?? null;
  }

  prepare(): Promise<void> {
    this.prepared ??= this.resolveFolders().catch((error: unknown) => {
      this.prepared = null;
      throw error;
    });
    return this.prepared;
  }

  async changes(folder: FolderKey, cursorText: string | null, known: readonly ItemRef[]): Promise<FolderChangeSet> {
    await this.prepare();
    const path = this.pathOf(folder);
    const cursor = cursorText === null ? null : (JSON.parse(cursorText) as FolderCursor);
    const knownUids = cursor === null ? [] : this.uidsOf(known, path, cursor.uidValidity);
    const read = await this.options.provider.changesSince(path, cursor, knownUids);
    if (read.uidValidityChanged || cursor === null) {
      const full = read.uidValidityChanged ? await this.options.provider.changesSince(path, null, []) : read;
      if (read.uidValidityChanged) {
        this.options.logger.warn({ path, before: cursor?.uidValidity, after: full.cursor.uidValidity }, 'IMAP UIDVALIDITY changed; relinking the folder');
      }
      this.uidValidity.set(path, full.cursor.uidValidity);
      return {
        complete: true,
        idsReset: read.uidValidityChanged,
        items: full.changed.map((m) => this.toItem(path, full.cursor.uidValidity, m)),
        removed: [],
        cursor: JSON.stringify(full.cursor),
      };
    }
    this.uidValidity.set(path, read.cursor.uidValidity);
    return {
      complete: false,
      idsReset: false,
      items: read.changed.map((m) => this.toItem(path, read.cursor.uidValidity, m)),
      removed: read.vanished.map((uid) => formatImapId({ uidValidity: cursor.uidValidity, uid, path })),
      cursor: JSON.stringify(read.cursor),
    };
  }

  async fetchRaw(ref: ItemRef): Promise<Buffer | null> {
    const id = parseImapId(ref.sideId);
    // after a UIDVALIDITY change the UID may name another message: never copy that
    if ((await this.currentUidValidity(id.path)) !== id.uidValidity) return null;
    return this.options.provider.fetchRaw(id.path, id.uid);
  }

  async create(request: CreateRequest): Promise<WrittenItem> {
    await this.prepare();
    const path = this.pathOf(request.folder);
    const appended = await this.options.provider.append(path, stampRaw(request.raw, request.stamp), { seen: request.seen, flagged: request.flagged }, request.receivedAt);
    this.uidValidity.set(path, appended.uidValidity);
    // the content hash is learnt at the next read: hashing our own parse of the source could differ
    // from the server's envelope decoding and look like an edit
    return { sideId: formatImapId({ uidValidity: appended.uidValidity, uid: appended.uid, path }), folder: request.folder, version: null, contentHash: null };
  }

  async findByStamp(stamp: string, folderHint: FolderKey | null): Promise<SideItem | null> {
    await this.prepare();
    for (const path of this.searchOrder(folderHint === null ? null : (this.pathByKey.get(folderHint) ?? null), false)) {
      const uid = await this.options.provider.findByLinkId(path, stamp);
      if (uid === null) continue;
      const item = await this.itemAt(path, uid);
      if (item !== null) return item;
    }
    return null;
  }

  async locate(ref: ItemRef, isClaimed: (sideId: string) => Promise<boolean>): Promise<SideItem | null> {
    await this.prepare();
    const id = parseImapId(ref.sideId);
    if ((await this.currentUidValidity(id.path)) === id.uidValidity) {
      const inPlace = await this.options.provider.getMessage(id.path, id.uid);
      if (inPlace !== null && sameMessage(inPlace, ref)) return this.toItem(id.path, id.uidValidity, inPlace);
    }
    if (ref.stamp === null && ref.messageId === null) return null;
    // mapped folders first, then the rest of the mailbox: found there means out of scope, not deleted
    for (const path of this.searchOrder(id.path, true)) {
      const uids = ref.stamp !== null ? [await this.options.provider.findByLinkId(path, ref.stamp)].filter((u): u is number => u !== null) : [];
      if (uids.length === 0 && ref.messageId !== null) uids.push(...(await this.options.provider.findByMessageId(path, ref.messageId)));
      const uidValidity = await this.currentUidValidity(path);
      for (const uid of uids) {
        if (await isClaimed(formatImapId({ uidValidity, uid, path }))) continue;
        const item = await this.itemAt(path, uid);
        if (item !== null) return item;
      }
    }
    return null;
  }

  async setFlags(updates: readonly FlagUpdate[]): Promise<Array<WrittenItem | Error>> {
    const out: Array<WrittenItem | Error> = [];
    for (const update of updates) {
      try {
        const id = parseImapId(update.ref.sideId);
        const flags: { seen?: boolean; flagged?: boolean } = {};
        if (update.seen !== undefined) flags.seen = update.seen;
        if (update.flagged !== undefined) flags.flagged = update.flagged;
        await this.options.provider.setFlags(id.path, id.uid, flags);
        out.push({ sideId: update.ref.sideId, folder: update.ref.folder, version: null, contentHash: null });
      } catch (error) {
        out.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return out;
  }

  async move(ref: ItemRef, folder: FolderKey): Promise<WrittenItem> {
    await this.prepare();
    const id = parseImapId(ref.sideId);
    const destination = this.pathOf(folder);
    let uid = await this.options.provider.move(id.path, id.uid, destination);
    if (uid === null) {
      // no COPYUID/MOVE response code: find the moved message by our stamp or its Message-ID
      uid = ref.stamp !== null ? await this.options.provider.findByLinkId(destination, ref.stamp) : null;
      if (uid === null && ref.messageId !== null) uid = Math.max(0, ...(await this.options.provider.findByMessageId(destination, ref.messageId))) || null;
      if (uid === null) throw new Error(`moved ${ref.sideId} to ${destination} but cannot find it there`);
    }
    const uidValidity = await this.currentUidValidity(destination);
    return { sideId: formatImapId({ uidValidity, uid, path: destination }), folder, version: null, contentHash: null };
  }

  trash(ref: ItemRef): Promise<WrittenItem> {
    return this.move(ref, TRASH);
  }

  private toItem(path: string, uidValidity: number, m: MailboxMessage): SideItem {
    return {
      sideId: formatImapId({ uidValidity, uid: m.uid, path }),
      folder: this.keyByPath.get(path) ?? null,
      messageId: m.messageId,
      contentHash: contentHashOf({ messageId: m.messageId, subject: m.subject, from: m.from?.address ?? null, to: m.to.map((t) => t.address) }),
      seen: m.flags.seen,
      flagged: m.flags.flagged,
      linkId: m.linkId,
      version: null,
      receivedAt: m.receivedAt,
    };
  }

  private async itemAt(path: string, uid: number): Promise<SideItem | null> {
    const message = await this.options.provider.getMessage(path, uid);
    return message === null ? null : this.toItem(path, await this.currentUidValidity(path), message);
  }

  private async currentUidValidity(path: string): Promise<number> {
    const cached = this.uidValidity.get(path);
    if (cached !== undefined) return cached;
    const cursor = await this.options.provider.folderCursor(path);
    this.uidValidity.set(path, cursor.uidValidity);
    return cursor.uidValidity;
  }

  private uidsOf(known: readonly ItemRef[], path: string, uidValidity: number): number[] {
    const uids: number[] = [];
    for (const ref of known) {
      const id = parseImapId(ref.sideId);
      if (id.path === path && id.uidValidity === uidValidity) uids.push(id.uid);
    }
    return uids;
  }

  /** `first` (when given), the other mapped folders, then (with `everywhere`) the unmapped ones. */
  private searchOrder(first: string | null, everywhere: boolean): string[] {
    const mapped = [...this.pathByKey.values()];
    const order = [...(first !== null ? [first] : []), ...mapped.filter((p) => p !== first)];
    if (everywhere) order.push(...this.allPaths.filter((p) => !order.includes(p)));
    return order;
  }

  private pathOf(key: FolderKey): string {
    const path = this.pathByKey.get(key);
    if (path === undefined) throw new Error(`dingtalk side: logical folder ${JSON.stringify(key)} is not mapped`);
    return path;
  }

  private async resolveFolders(): Promise<void> {
    const listed = await this.options.provider.listFolders();
    for (const mapping of this.options.folders.folders) {
      let path = mapping.dingtalk;
      if (path.startsWith('\\')) {
        const special = listed.find((f) => f.specialUse === (path as SpecialUse));
        path = special?.path ?? FALLBACK_NAMES[path] ?? path.slice(1);
      }
      if (!listed.some((f) => f.path === path)) await this.options.provider.ensureFolder(path);
      this.pathByKey.set(mapping.key, path);
      this.keyByPath.set(path, mapping.key);
    }
    this.allPaths = [...new Set([...listed.map((f) => f.path), ...this.pathByKey.values()])];
  }
}

function sameMessage(message: MailboxMessage, ref: ItemRef): boolean {
  if (ref.stamp !== null) return message.linkId === ref.stamp;
  if (ref.messageId !== null) return message.messageId === ref.messageId;
  return true;
}
