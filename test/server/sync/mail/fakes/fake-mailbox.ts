import type {
  FolderChanges,
  FolderCursor,
  MailboxCapabilities,
  MailboxFolder,
  MailboxMessage,
  MailboxProvider,
  MailFlags,
  SpecialUse,
} from '../../../../../server/connectors/mailbox/contract.js';
import { buildMime, headersOf, type MessageSpec } from './mime.js';

interface Msg {
  uid: number;
  raw: Buffer;
  flags: MailFlags;
  receivedAt: number;
  modseq: number;
}

interface Folder {
  path: string;
  specialUse: SpecialUse | null;
  uidValidity: number;
  uidNext: number;
  modseq: number;
  msgs: Map<number, Msg>;
  /** simulates an outage: the folder reads as empty */
  hidden: boolean;
}

export function mailError(code: string, message = code): Error {
  return Object.assign(new Error(message), { name: 'MailboxError', code });
}

/**
 * An in-memory IMAP mailbox behind MailboxProvider: UIDs per folder and UIDVALIDITY, CONDSTORE-like
 * modseqs, vanished UIDs found from `knownUids` (no QRESYNC), MOVE assigning a new UID in the
 * destination, SEARCH HEADER for our stamp. `calls` counts provider calls by method.
 */
export class FakeMailbox implements MailboxProvider {
  readonly calls: Record<string, number> = {};
  /** appends per Message-ID (to prove nothing was created twice) */
  readonly created = new Map<string, number>();
  /** MOVE without a COPYUID answer (servers without UIDPLUS) */
  moveReturnsUid = true;
  private readonly folders = new Map<string, Folder>();
  private readonly watchers = new Map<string, Set<() => void>>();
  private validity = 1000;

  constructor(extra: Array<{ path: string; specialUse?: SpecialUse }> = [{ path: 'Misc' }]) {
    const base: Array<{ path: string; specialUse?: SpecialUse }> = [
      { path: 'INBOX', specialUse: '\\Inbox' },
      { path: '已发送', specialUse: '\\Sent' },
      { path: 'Archive', specialUse: '\\Archive' },
      { path: '已删除', specialUse: '\\Trash' },
      { path: 'Junk', specialUse: '\\Junk' },
    ];
    for (const f of [...base, ...extra]) this.addFolder(f.path, f.specialUse ?? null);
  }

  // ------------------------------------------------------------------ what users do in DingTalk Mail

  deliver(spec: MessageSpec & { path?: string; seen?: boolean; flagged?: boolean; receivedAt?: number }): number {
    return this.put(spec.path ?? 'INBOX', buildMime(spec), { seen: spec.seen ?? false, flagged: spec.flagged ?? false }, spec.receivedAt ?? Date.UTC(2026, 10, 2));
  }

  userSetFlags(path: string, uid: number, flags: Partial<MailFlags>): void {
    const folder = this.must(path);
    const msg = folder.msgs.get(uid);
    if (msg === undefined) throw new Error(`fake imap: no ${path}/${uid}`);
    msg.flags = { ...msg.flags, ...flags };
    msg.modseq = ++folder.modseq;
    this.wake(path);
  }

  userMove(path: string, uid: number, destination: string): number {
    return this.moveNow(path, uid, destination);
  }

  userExpunge(path: string, uid: number): void {
    const folder = this.must(path);
    folder.msgs.delete(uid);
    folder.modseq += 1;
    this.wake(path);
  }

  /** the server renumbered the folder: new UIDVALIDITY, every UID changes (RFC 3501 §2.3.1.1) */
  resetUidValidity(path: string): void {
    const folder = this.must(path);
    const msgs = [...folder.msgs.values()].sort((a, b) => a.uid - b.uid);
    folder.uidValidity = ++this.validity;
    folder.msgs = new Map();
    folder.uidNext = 1;
    for (const m of msgs) {
      const uid = folder.uidNext++;
      folder.msgs.set(uid, { ...m, uid, modseq: ++folder.modseq });
    }
  }

  setHidden(path: string, hidden: boolean): void {
    this.must(path).hidden = hidden;
  }

  list(path: string): Array<MailboxMessage & { path: string }> {
    const folder = this.must(path);
    return [...folder.msgs.values()].map((m) => ({ ...this.toMessage(m), path }));
  }

  uidValidityOf(path: string): number {
    return this.must(path).uidValidity;
  }

  paths(): string[] {
    return [...this.folders.keys()];
  }

  // ------------------------------------------------------------------ MailboxProvider

  async capabilities(): Promise<MailboxCapabilities> {
    this.count('capabilities');
    return { idle: true, condstore: true, qresync: false, move: true, uidplus: this.moveReturnsUid };
  }

  async listFolders(): Promise<MailboxFolder[]> {
    this.count('listFolders');
    return [...this.folders.values()].map((f) => ({ path: f.path, specialUse: f.specialUse }));
  }

  async ensureFolder(path: string): Promise<void> {
    this.count('ensureFolder');
    if (!this.folders.has(path)) this.addFolder(path, null);
  }

  async folderCursor(path: string): Promise<FolderCursor> {
    this.count('folderCursor');
    return this.cursorOf(this.must(path));
  }

  async changesSince(path: string, cursor: FolderCursor | null, knownUids: readonly number[]): Promise<FolderChanges> {
    this.count('changesSince');
    const folder = this.must(path);
    const msgs = folder.hidden ? [] : [...folder.msgs.values()];
    const now = this.cursorOf(folder);
    if (cursor === null) {
      return { cursor: now, uidValidityChanged: false, changed: msgs.sort((a, b) => b.uid - a.uid).map((m) => this.toMessage(m)), vanished: [] };
    }
    if (cursor.uidValidity !== folder.uidValidity) return { cursor: now, uidValidityChanged: true, changed: [], vanished: [] };
    const since = Number(cursor.highestModseq ?? 0);
    const changed = msgs.filter((m) => m.uid >= cursor.uidNext || m.modseq > since).map((m) => this.toMessage(m));
    const present = new Set(msgs.map((m) => m.uid));
    return { cursor: now, uidValidityChanged: false, changed, vanished: knownUids.filter((u) => !present.has(u)) };
  }

  async getMessage(path: string, uid: number): Promise<MailboxMessage | null> {
    this.count('getMessage');
    const msg = this.must(path).msgs.get(uid);
    return msg === undefined ? null : this.toMessage(msg);
  }

  async fetchRaw(path: string, uid: number): Promise<Buffer | null> {
    this.count('fetchRaw');
    return this.must(path).msgs.get(uid)?.raw ?? null;
  }

  async findByLinkId(path: string, linkId: string): Promise<number | null> {
    this.count('findByLinkId');
    const found = [...this.must(path).msgs.values()].find((m) => headersOf(m.raw).get('x-dtob-link') === linkId);
    return found?.uid ?? null;
  }

  async findByMessageId(path: string, messageId: string): Promise<number[]> {
    this.count('findByMessageId');
    return [...this.must(path).msgs.values()].filter((m) => headersOf(m.raw).get('message-id') === messageId).map((m) => m.uid);
  }

  async append(path: string, raw: Buffer, flags: MailFlags, receivedAt: number): Promise<{ uid: number; uidValidity: number }> {
    this.count('append');
    const uid = this.put(path, raw, flags, receivedAt);
    const messageId = headersOf(raw).get('message-id');
    if (messageId !== undefined) this.created.set(messageId, (this.created.get(messageId) ?? 0) + 1);
    return { uid, uidValidity: this.must(path).uidValidity };
  }

  async setFlags(path: string, uid: number, flags: Partial<MailFlags>): Promise<void> {
    this.count('setFlags');
    if (!this.must(path).msgs.has(uid)) throw mailError('MAIL_ERR_PROTOCOL', `no message ${uid} in ${path}`);
    this.userSetFlags(path, uid, flags);
  }

  async move(path: string, uid: number, destinationPath: string): Promise<number | null> {
    this.count('move');
    if (!this.must(path).msgs.has(uid)) throw mailError('MAIL_ERR_PROTOCOL', `no message ${uid} in ${path}`);
    const newUid = this.moveNow(path, uid, destinationPath);
    return this.moveReturnsUid ? newUid : null;
  }

  async watch(path: string, onChange: () => void): Promise<() => Promise<void>> {
    this.count('watch');
    const set = this.watchers.get(path) ?? new Set();
    set.add(onChange);
    this.watchers.set(path, set);
    return async () => {
      set.delete(onChange);
    };
  }

  async close(): Promise<void> {}

  // ------------------------------------------------------------------ internals

  private addFolder(path: string, specialUse: SpecialUse | null): void {
    this.folders.set(path, { path, specialUse, uidValidity: ++this.validity, uidNext: 1, modseq: 1, msgs: new Map(), hidden: false });
  }

  private put(path: string, raw: Buffer, flags: MailFlags, receivedAt: number): number {
    const folder = this.must(path);
    const uid = folder.uidNext++;
    folder.msgs.set(uid, { uid, raw, flags: { ...flags }, receivedAt, modseq: ++folder.modseq });
    this.wake(path);
    return uid;
  }

  private moveNow(path: string, uid: number, destination: string): number {
    const from = this.must(path);
    const msg = from.msgs.get(uid);
    if (msg === undefined) throw new Error(`fake imap: no ${path}/${uid}`);
    from.msgs.delete(uid);
    from.modseq += 1;
    this.wake(path);
    return this.put(destination, msg.raw, msg.flags, msg.receivedAt);
  }

  private cursorOf(folder: Folder): FolderCursor {
    return { uidValidity: folder.uidValidity, uidNext: folder.uidNext, highestModseq: String(folder.modseq) };
  }

  private toMessage(m: Msg): MailboxMessage {
    const h = headersOf(m.raw);
    return {
      uid: m.uid,
      messageId: h.get('message-id') ?? null,
      inReplyTo: null,
      references: [],
      flags: { ...m.flags },
      subject: h.get('subject') ?? '',
      from: h.has('from') ? { name: '', address: h.get('from') as string } : null,
      to: (h.get('to') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '').map((address) => ({ name: '', address })),
      receivedAt: m.receivedAt,
      size: m.raw.length,
      linkId: h.get('x-dtob-link') ?? null,
    };
  }

  private must(path: string): Folder {
    const folder = this.folders.get(path);
    if (folder === undefined) throw mailError('MAIL_ERR_NO_FOLDER', `no folder ${path}`);
    return folder;
  }

  private wake(path: string): void {
    for (const fn of this.watchers.get(path) ?? []) fn();
  }

  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }
}
