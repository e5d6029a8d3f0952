import type { Logger } from 'pino';
import type { GraphMailProvider, GraphMessage, GraphMessagePatch } from '../../connectors/graph/contract.js';
import { contentHashOf } from './content-hash.js';
import { errorCode, isSyncStateGone } from './errors.js';
import { GRAPH_WELL_KNOWN, type FolderMap } from './folders.js';
import { TRASH, type FolderKey, type SideItem } from './model.js';
import type { CreateRequest, FlagUpdate, FolderChangeSet, ItemRef, MailSide, WrittenItem } from './side.js';

export interface ExchangeSideOptions {
  provider: GraphMailProvider;
  /** the Graph user id or UPN */
  mailbox: string;
  folders: FolderMap;
  logger: Logger;
}

/** Persisted cursor of one folder: the deltaLink of the last complete round, verbatim (microsoft.md §4.2). */
interface DeltaCursor {
  deltaLink: string;
}

/**
 * The Exchange Online side over GraphMailProvider. Ids are immutable (the provider sends
 * `Prefer: IdType="ImmutableId"`, §4.3), so a move keeps the id and a 410 resync re-finds every linked
 * item by id: no duplicates. Every read comes from the delta round itself — delta items carry isRead,
 * flag and the fields the content hash needs — so a change costs no extra GET (budget ≤ 1.1 calls).
 */
export class ExchangeSide implements MailSide {
  readonly side = 'exchange' as const;
  readonly needsKnown = false;
  private readonly idByKey = new Map<FolderKey, string>();
  private readonly keyById = new Map<string, FolderKey>();
  private prepared: Promise<void> | null = null;

  constructor(private readonly options: ExchangeSideOptions) {}

  /** The Graph folder id a logical folder resolved to (after prepare()); null when not mapped. */
  mappedFolderId(folder: FolderKey): string | null {
    return this.idByKey.get(folder) ?? null;
  }

  prepare(): Promise<void> {
    this.prepared ??= this.resolveFolders().catch((error: unknown) => {
      this.prepared = null;
      throw error;
    });
    return this.prepared;
  }

  async changes(folder: FolderKey, cursor: string | null, _known: readonly ItemRef[]): Promise<FolderChangeSet> {
    await this.prepare();
    const start = cursor === null ? null : (JSON.parse(cursor) as DeltaCursor).deltaLink;
    try {
      return await this.readRound(folder, start);
    } catch (error) {
      if (!isSyncStateGone(error)) throw error;
      // 410 / syncStateNotFound (§4.2): a fresh round reads the whole folder; linked items keep their
      // immutable ids, so the engine matches them instead of copying them again
      this.options.logger.warn({ folder, mailbox: this.options.mailbox }, 'graph delta token expired; full resync of the folder');
      return this.readRound(folder, null);
    }
  }

  async fetchRaw(ref: ItemRef): Promise<Buffer | null> {
    try {
      return await this.options.provider.getMime(this.options.mailbox, ref.sideId);
    } catch (error) {
      if (errorCode(error) === 'GRAPH_ERR_NOT_FOUND') return null;
      throw error;
    }
  }

  async create(request: CreateRequest): Promise<WrittenItem> {
    await this.prepare();
    // the link id goes in as an extended property of the create itself (§4.4), never a later PATCH
    const message = await this.options.provider.importMessage(this.options.mailbox, this.folderId(request.folder), {
      mime: request.raw,
      isRead: request.seen,
      flagged: request.flagged,
      linkId: request.stamp,
    });
    return this.written(message);
  }

  async findByStamp(stamp: string, _folderHint: FolderKey | null): Promise<SideItem | null> {
    await this.prepare();
    const message = await this.options.provider.findByLinkId(this.options.mailbox, stamp);
    return message === null ? null : this.toItem(message);
  }

  async locate(ref: ItemRef, isClaimed: (sideId: string) => Promise<boolean>): Promise<SideItem | null> {
    await this.prepare();
    const message = await this.options.provider.getMessage(this.options.mailbox, ref.sideId);
    if (message !== null) return this.toItem(message);
    // an immutable id changes only on export/re-import or a move to the archive mailbox (§4.3)
    if (ref.stamp === null) return null;
    const stamped = await this.options.provider.findByLinkId(this.options.mailbox, ref.stamp);
    return stamped === null || (await isClaimed(stamped.id)) ? null : this.toItem(stamped);
  }

  async setFlags(updates: readonly FlagUpdate[]): Promise<Array<WrittenItem | Error>> {
    if (updates.length === 0) return [];
    await this.prepare();
    const batch = updates.map((u) => {
      const patch: GraphMessagePatch = {};
      if (u.seen !== undefined) patch.isRead = u.seen;
      if (u.flagged !== undefined) patch.flagged = u.flagged;
      return { id: u.ref.sideId, patch };
    });
    // one $batch call per 20 updates (§7.2)
    const results = await this.options.provider.updateMessages(this.options.mailbox, batch);
    return results.map((r) => (r instanceof Error ? r : this.written(r)));
  }

  async move(ref: ItemRef, folder: FolderKey): Promise<WrittenItem> {
    await this.prepare();
    return this.written(await this.options.provider.moveMessage(this.options.mailbox, ref.sideId, this.folderId(folder)));
  }

  trash(ref: ItemRef): Promise<WrittenItem> {
    // Deleted Items, never DELETE (which skips it) or permanentDelete (§4.5)
    return this.move(ref, TRASH);
  }

  private async readRound(folder: FolderKey, start: string | null): Promise<FolderChangeSet> {
    const folderId = this.folderId(folder);
    const items: SideItem[] = [];
    const removed: string[] = [];
    let link: string | null = start;
    for (;;) {
      const page = await this.options.provider.delta(this.options.mailbox, folderId, link);
      for (const entry of page.items) {
        if (entry.kind === 'removed') removed.push(entry.id);
        else if (!entry.message.isDraft) items.push(this.toItem(entry.message));
      }
      if (page.deltaLink !== null) {
        const cursor: DeltaCursor = { deltaLink: page.deltaLink };
        return { complete: start === null, items, removed, idsReset: false, cursor: JSON.stringify(cursor) };
      }
      if (page.nextLink === null) throw new Error('graph delta page carries neither nextLink nor deltaLink');
      link = page.nextLink;
    }
  }

  private toItem(message: GraphMessage): SideItem {
    return {
      sideId: message.id,
      folder: this.keyById.get(message.parentFolderId) ?? null,
      messageId: message.internetMessageId,
      contentHash: contentHashOf({
        messageId: message.internetMessageId,
        subject: message.subject,
        from: message.from?.address ?? null,
        to: message.toRecipients.map((r) => r.address),
      }),
      seen: message.isRead,
      flagged: message.flagged,
      linkId: message.linkId,
      version: message.changeKey,
      receivedAt: message.receivedAt,
    };
  }

  private written(message: GraphMessage): WrittenItem {
    const item = this.toItem(message);
    return { sideId: item.sideId, folder: item.folder, version: item.version, contentHash: item.contentHash };
  }

  private folderId(key: FolderKey): string {
    const id = this.idByKey.get(key);
    if (id === undefined) throw new Error(`exchange side: logical folder ${JSON.stringify(key)} is not mapped`);
    return id;
  }

  private async resolveFolders(): Promise<void> {
    for (const mapping of this.options.folders.folders) {
      const id = GRAPH_WELL_KNOWN.has(mapping.exchange)
        ? (await this.options.provider.wellKnownFolder(this.options.mailbox, mapping.exchange)).id
        : mapping.exchange;
      this.idByKey.set(mapping.key, id);
      this.keyById.set(id, mapping.key);
    }
  }
}
