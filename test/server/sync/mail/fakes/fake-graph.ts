import type {
  GraphDeltaItem,
  GraphDeltaPage,
  GraphFolder,
  GraphImport,
  GraphListPage,
  GraphMailProvider,
  GraphMessage,
  GraphMessagePatch,
  GraphSubscription,
} from '../../../../../server/connectors/graph/contract.js';
import { buildMime, headersOf, withSubject, type MessageSpec } from './mime.js';

interface Stored {
  message: GraphMessage;
  mime: Buffer;
}

export function graphError(code: string, status: number, message = code): Error {
  return Object.assign(new Error(message), { name: 'GraphError', code, status });
}

const WELL_KNOWN = ['inbox', 'sentitems', 'archive', 'deleteditems', 'drafts', 'junkemail'];

/**
 * An in-memory Exchange mailbox behind GraphMailProvider, with the behaviours the engine must
 * survive (microsoft.md §4): immutable ids across moves, per-folder delta where a move shows as a
 * removal in the source folder, paging, duplicate items within a delta response on demand, 410 on
 * expired tokens, `$batch` updates counted as one call per 20. `calls` counts provider calls by method.
 */
export class FakeGraph implements GraphMailProvider {
  readonly folders: GraphFolder[];
  readonly calls: Record<string, number> = {};
  /** imports per internetMessageId (to prove nothing was created twice) */
  readonly created = new Map<string, number>();
  pageSize = 50;
  duplicateDeltaItems = false;
  /** throws from importMessage for these Message-IDs; `after` performs the import first (a lost response) */
  failImport = new Map<string, 'before' | 'after'>();
  private readonly messages = new Map<string, Stored>();
  private readonly log: Array<{ seq: number; id: string; folders: string[] }> = [];
  private seq = 0;
  private nextId = 1;
  private changeKeys = 1;
  private staleBefore = 0;

  constructor(custom: string[] = []) {
    this.folders = [...WELL_KNOWN, ...custom].map((name) => ({
      id: `F-${name}`,
      displayName: name,
      parentFolderId: 'F-root',
      wellKnownName: WELL_KNOWN.includes(name) ? name : null,
      totalItemCount: 0,
    }));
  }

  // ------------------------------------------------------------------ what users do in Outlook

  deliver(spec: MessageSpec & { folder?: string; isRead?: boolean; flagged?: boolean; receivedAt?: number }): string {
    const id = `AAMk-${this.nextId++}`;
    const mime = buildMime(spec);
    this.put(id, mime, this.folderId(spec.folder ?? 'inbox'), spec.isRead ?? false, spec.flagged ?? false, null, spec.receivedAt ?? 1_700_000_000_000 + this.nextId);
    return id;
  }

  userSetRead(id: string, isRead: boolean): void {
    this.mutate(id, (m) => ({ ...m, isRead }));
  }

  userSetFlag(id: string, flagged: boolean): void {
    this.mutate(id, (m) => ({ ...m, flagged }));
  }

  userMove(id: string, folder: string): void {
    this.mutate(id, (m) => ({ ...m, parentFolderId: this.folderId(folder) }));
  }

  userEditSubject(id: string, subject: string): void {
    const stored = this.must(id);
    stored.mime = withSubject(stored.mime, subject);
    this.mutate(id, (m) => ({ ...m, subject }));
  }

  userHardDelete(id: string): void {
    const stored = this.must(id);
    this.messages.delete(id);
    this.touch(id, [stored.message.parentFolderId]);
  }

  /** every delta token issued so far answers 410 (microsoft.md §4.2) */
  expireDeltaTokens(): void {
    this.staleBefore = this.seq + 1;
  }

  all(): GraphMessage[] {
    return [...this.messages.values()].map((s) => s.message);
  }

  folderName(folderId: string): string {
    return this.folders.find((f) => f.id === folderId)?.displayName ?? folderId;
  }

  // ------------------------------------------------------------------ GraphMailProvider

  async listFolders(): Promise<GraphFolder[]> {
    this.count('listFolders');
    return this.folders;
  }

  async wellKnownFolder(_mailbox: string, name: string): Promise<GraphFolder> {
    this.count('wellKnownFolder');
    const folder = this.folders.find((f) => f.wellKnownName === name);
    if (folder === undefined) throw graphError('GRAPH_ERR_NOT_FOUND', 404);
    return folder;
  }

  async delta(_mailbox: string, folderId: string, cursor: string | null): Promise<GraphDeltaPage> {
    this.count('delta');
    if (cursor === null || cursor.startsWith('next|')) {
      const [, , offsetText, seqText] = cursor === null ? [] : cursor.split('|');
      const offset = Number(offsetText ?? 0);
      const atSeq = Number(seqText ?? this.seq);
      const all = [...this.messages.values()].filter((s) => s.message.parentFolderId === folderId && !s.message.isDraft).sort((a, b) => b.message.receivedAt - a.message.receivedAt);
      const page = all.slice(offset, offset + this.pageSize);
      const items: GraphDeltaItem[] = page.map((s) => ({ kind: 'upsert', message: { ...s.message } }));
      const more = offset + this.pageSize < all.length;
      return { items, nextLink: more ? `next|${folderId}|${offset + this.pageSize}|${atSeq}` : null, deltaLink: more ? null : `delta|${folderId}|${atSeq}` };
    }
    const [, , seqText] = cursor.split('|');
    const since = Number(seqText);
    if (since < this.staleBefore) throw graphError('GRAPH_ERR_SYNC_STATE_GONE', 410, 'syncStateNotFound');
    const ids = [...new Set(this.log.filter((e) => e.seq > since && e.folders.includes(folderId)).map((e) => e.id))];
    const items: GraphDeltaItem[] = [];
    for (const id of ids) {
      const stored = this.messages.get(id);
      if (stored !== undefined && stored.message.parentFolderId === folderId) {
        items.push({ kind: 'upsert', message: { ...stored.message } });
        if (this.duplicateDeltaItems) items.push({ kind: 'upsert', message: { ...stored.message } });
      } else {
        items.push({ kind: 'removed', id, reason: stored === undefined ? 'deleted' : 'changed' });
      }
    }
    return { items, nextLink: null, deltaLink: `delta|${folderId}|${this.seq}` };
  }

  async listMessages(_mailbox: string, folderId: string, cursor: string | null, pageSize: number): Promise<GraphListPage> {
    this.count('listMessages');
    const offset = cursor === null ? 0 : Number(cursor);
    const all = [...this.messages.values()].filter((s) => s.message.parentFolderId === folderId).sort((a, b) => b.message.receivedAt - a.message.receivedAt);
    return { messages: all.slice(offset, offset + pageSize).map((s) => ({ ...s.message })), nextLink: offset + pageSize < all.length ? String(offset + pageSize) : null };
  }

  async getMessage(_mailbox: string, id: string): Promise<GraphMessage | null> {
    this.count('getMessage');
    const stored = this.messages.get(id);
    return stored === undefined ? null : { ...stored.message };
  }

  async getMime(_mailbox: string, id: string): Promise<Buffer> {
    this.count('getMime');
    const stored = this.messages.get(id);
    if (stored === undefined) throw graphError('GRAPH_ERR_NOT_FOUND', 404);
    return stored.mime;
  }

  async findByLinkId(_mailbox: string, linkId: string): Promise<GraphMessage | null> {
    this.count('findByLinkId');
    const found = [...this.messages.values()].find((s) => s.message.linkId === linkId);
    return found === undefined ? null : { ...found.message };
  }

  async findByInternetMessageId(_mailbox: string, internetMessageId: string): Promise<GraphMessage[]> {
    this.count('findByInternetMessageId');
    return [...this.messages.values()].filter((s) => s.message.internetMessageId === internetMessageId).map((s) => ({ ...s.message }));
  }

  async importMessage(_mailbox: string, folderId: string, message: GraphImport): Promise<GraphMessage> {
    this.count('importMessage');
    if (!this.folders.some((f) => f.id === folderId)) throw graphError('GRAPH_ERR_NOT_FOUND', 404);
    const internetMessageId = headersOf(message.mime).get('message-id') ?? null;
    const failure = internetMessageId === null ? undefined : this.failImport.get(internetMessageId);
    if (failure === 'before') throw graphError('GRAPH_ERR_INVALID', 400, 'import rejected');
    const id = `AAMk-${this.nextId++}`;
    this.put(id, message.mime, folderId, message.isRead, message.flagged, message.linkId, 1_700_000_000_000 + this.nextId);
    if (internetMessageId !== null) this.created.set(internetMessageId, (this.created.get(internetMessageId) ?? 0) + 1);
    if (failure === 'after') throw graphError('GRAPH_ERR_UNKNOWN', 500, 'response lost after the import');
    return { ...this.must(id).message };
  }

  async updateMessage(_mailbox: string, id: string, patch: GraphMessagePatch, ifMatch?: string): Promise<GraphMessage> {
    this.count('updateMessage');
    return this.patch(id, patch, ifMatch);
  }

  async updateMessages(_mailbox: string, updates: ReadonlyArray<{ id: string; patch: GraphMessagePatch }>): Promise<Array<GraphMessage | Error>> {
    // one $batch call carries up to 20 requests (microsoft.md §7.2)
    for (let i = 0; i < updates.length; i += 20) this.count('updateMessages');
    return updates.map((u) => {
      try {
        return this.patch(u.id, u.patch);
      } catch (error) {
        return error as Error;
      }
    });
  }

  async moveMessage(_mailbox: string, id: string, destinationFolderId: string): Promise<GraphMessage> {
    this.count('moveMessage');
    if (!this.messages.has(id)) throw graphError('GRAPH_ERR_NOT_FOUND', 404);
    this.mutate(id, (m) => ({ ...m, parentFolderId: destinationFolderId }));
    return { ...this.must(id).message };
  }

  async createSubscription(): Promise<GraphSubscription> {
    throw new Error('not used by the mail engine');
  }

  async renewSubscription(): Promise<GraphSubscription> {
    throw new Error('not used by the mail engine');
  }

  async deleteSubscription(): Promise<void> {
    throw new Error('not used by the mail engine');
  }

  // ------------------------------------------------------------------ internals

  folderId(nameOrId: string): string {
    const folder = this.folders.find((f) => f.id === nameOrId || f.displayName === nameOrId);
    if (folder === undefined) throw new Error(`fake graph: no folder ${nameOrId}`);
    return folder.id;
  }

  private patch(id: string, patch: GraphMessagePatch, ifMatch?: string): GraphMessage {
    const stored = this.messages.get(id);
    if (stored === undefined) throw graphError('GRAPH_ERR_NOT_FOUND', 404);
    if (ifMatch !== undefined && ifMatch !== stored.message.changeKey) throw graphError('GRAPH_ERR_PRECONDITION', 412);
    this.mutate(id, (m) => ({
      ...m,
      ...(patch.isRead !== undefined ? { isRead: patch.isRead } : {}),
      ...(patch.flagged !== undefined ? { flagged: patch.flagged } : {}),
      ...(patch.linkId !== undefined ? { linkId: patch.linkId } : {}),
    }));
    return { ...this.must(id).message };
  }

  private put(id: string, mime: Buffer, folderId: string, isRead: boolean, flagged: boolean, linkId: string | null, receivedAt: number): void {
    const h = headersOf(mime);
    const message: GraphMessage = {
      id,
      changeKey: `ck${this.changeKeys++}`,
      parentFolderId: folderId,
      internetMessageId: h.get('message-id') ?? null,
      conversationId: null,
      subject: h.get('subject') ?? '',
      from: h.has('from') ? { name: '', address: h.get('from') as string } : null,
      toRecipients: (h.get('to') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '').map((address) => ({ name: '', address })),
      ccRecipients: [],
      receivedAt,
      sentAt: null,
      isRead,
      flagged,
      isDraft: false,
      bodyPreview: '',
      linkId,
    };
    this.messages.set(id, { message, mime });
    this.touch(id, [folderId]);
  }

  private mutate(id: string, change: (m: GraphMessage) => GraphMessage): void {
    const stored = this.must(id);
    const before = stored.message.parentFolderId;
    stored.message = { ...change(stored.message), changeKey: `ck${this.changeKeys++}` };
    this.touch(id, [...new Set([before, stored.message.parentFolderId])]);
  }

  private must(id: string): Stored {
    const stored = this.messages.get(id);
    if (stored === undefined) throw new Error(`fake graph: no message ${id}`);
    return stored;
  }

  private touch(id: string, folders: string[]): void {
    this.seq += 1;
    this.log.push({ seq: this.seq, id, folders });
  }

  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }
}
