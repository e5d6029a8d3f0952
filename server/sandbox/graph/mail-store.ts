import { createHash } from 'node:crypto';
import type { IdFactory } from './ids.js';

/**
 * The in-memory Exchange mailbox behind the Graph sandbox: folders (well-known and custom), messages,
 * and a per-mailbox change log that per-folder delta (microsoft.md §4.2) and change notifications (§5.3)
 * are derived from. Every mutation, whether from the HTTP API or the test-side API, goes through here.
 */
export interface Recipient {
  emailAddress: { name: string; address: string };
}

export interface ExtendedProperty {
  id: string;
  value: string;
}

export type FlagStatus = 'notFlagged' | 'flagged' | 'complete';

export interface StoredMessage {
  /** stable across moves (§4.3) */
  immutableId: string;
  /** changes on every move (§4.5) */
  restId: string;
  changeKey: string;
  folderId: string;
  createdAt: number;
  lastModifiedAt: number;
  receivedAt: number;
  sentAt: number | null;
  internetMessageId: string | null;
  conversationId: string;
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  from: Recipient | null;
  sender: Recipient | null;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  isRead: boolean;
  isDraft: boolean;
  flagStatus: FlagStatus;
  importance: 'low' | 'normal' | 'high';
  categories: string[];
  inferenceClassification: 'focused' | 'other';
  /** keyed by normalizePropertyId */
  extended: Map<string, ExtendedProperty>;
  internetMessageHeaders: Array<{ name: string; value: string }>;
  inReplyTo: string | null;
  references: string | null;
  /** the MIME we were given (MIME create, deliver({mime})); null → $value renders one */
  mime: Buffer | null;
}

/** What a create needs; everything else gets Exchange's defaults. */
export type NewMessage = Partial<Omit<StoredMessage, 'immutableId' | 'restId' | 'changeKey' | 'folderId' | 'createdAt' | 'lastModifiedAt' | 'conversationId'>>;

export interface StoredFolder {
  id: string;
  displayName: string;
  parentFolderId: string | null;
  wellKnownName: string | null;
}

/** One change-log line: a message entered, changed in, or left a folder. */
export interface LogEntry {
  seq: number;
  folderId: string;
  messageId: string;
  /** the REST id the message had in this folder at that moment (a later move changes it) */
  restId: string;
  kind: 'in' | 'update' | 'out' | 'softDelete' | 'hardDelete';
}

export interface MailChange {
  mailbox: MailboxState;
  folderId: string;
  message: StoredMessage;
  changeType: 'created' | 'updated' | 'deleted';
  /** one half of a move (deleted from the source, created in the destination) */
  move: boolean;
}

/** Display names of the well-known folders a new mailbox has (§4.1). msgfolderroot is their parent. */
const WELL_KNOWN: ReadonlyArray<[string, string]> = [
  ['inbox', 'Inbox'],
  ['drafts', 'Drafts'],
  ['sentitems', 'Sent Items'],
  ['deleteditems', 'Deleted Items'],
  ['junkemail', 'Junk Email'],
  ['outbox', 'Outbox'],
  ['archive', 'Archive'],
];

export class MailboxState {
  readonly folders = new Map<string, StoredFolder>();
  readonly messages = new Map<string, StoredMessage>();
  readonly log: LogEntry[] = [];
  readonly #wellKnown = new Map<string, string>();
  readonly #restIndex = new Map<string, string>();
  readonly rootFolderId: string;

  constructor(
    readonly upn: string,
    readonly userId: string,
    readonly displayName: string,
    private readonly ids: IdFactory,
    private readonly clock: () => number,
    private readonly onChange: (change: MailChange) => void,
  ) {
    this.rootFolderId = ids.folderId();
    this.folders.set(this.rootFolderId, { id: this.rootFolderId, displayName: 'Top of Information Store', parentFolderId: null, wellKnownName: 'msgfolderroot' });
    this.#wellKnown.set('msgfolderroot', this.rootFolderId);
    for (const [name, displayName] of WELL_KNOWN) {
      const folder = this.createFolder(displayName, this.rootFolderId);
      folder.wellKnownName = name;
      this.#wellKnown.set(name, folder.id);
    }
  }

  get seq(): number {
    return this.log.length;
  }

  /** A folder by id or well-known name (case-insensitive name, case-sensitive id). */
  folder(ref: string): StoredFolder | undefined {
    const byName = this.#wellKnown.get(ref.toLowerCase());
    return this.folders.get(byName ?? ref);
  }

  childFolders(parentId: string): StoredFolder[] {
    return [...this.folders.values()].filter((f) => f.parentFolderId === parentId);
  }

  createFolder(displayName: string, parentFolderId: string): StoredFolder {
    const folder: StoredFolder = { id: this.ids.folderId(), displayName, parentFolderId, wellKnownName: null };
    this.folders.set(folder.id, folder);
    return folder;
  }

  /** A message by immutable or current REST id (ids are case-sensitive, §4.3). */
  message(id: string): StoredMessage | undefined {
    return this.messages.get(id) ?? this.messages.get(this.#restIndex.get(id) ?? '');
  }

  messagesIn(folderId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.folderId === folderId);
  }

  insert(folderId: string, fields: NewMessage): StoredMessage {
    const now = this.clock();
    const immutableId = this.ids.immutableId();
    const internetMessageId = fields.internetMessageId ?? null;
    const references = fields.references ?? null;
    const inReplyTo = fields.inReplyTo ?? null;
    const message: StoredMessage = {
      immutableId,
      restId: this.ids.restId(),
      changeKey: this.ids.changeKey(),
      folderId,
      createdAt: now,
      lastModifiedAt: now,
      receivedAt: fields.receivedAt ?? now,
      sentAt: fields.sentAt ?? null,
      internetMessageId,
      conversationId: conversationIdFor(references, inReplyTo, internetMessageId ?? immutableId),
      subject: fields.subject ?? '',
      body: fields.body ?? { contentType: 'text', content: '' },
      from: fields.from ?? null,
      sender: fields.sender ?? fields.from ?? null,
      toRecipients: fields.toRecipients ?? [],
      ccRecipients: fields.ccRecipients ?? [],
      bccRecipients: fields.bccRecipients ?? [],
      replyTo: fields.replyTo ?? [],
      isRead: fields.isRead ?? false,
      isDraft: fields.isDraft ?? false,
      flagStatus: fields.flagStatus ?? 'notFlagged',
      importance: fields.importance ?? 'normal',
      categories: fields.categories ?? [],
      inferenceClassification: fields.inferenceClassification ?? 'focused',
      extended: fields.extended ?? new Map(),
      internetMessageHeaders: fields.internetMessageHeaders ?? [],
      inReplyTo,
      references,
      mime: fields.mime ?? null,
    };
    this.messages.set(immutableId, message);
    this.#restIndex.set(message.restId, immutableId);
    this.#record(folderId, message, 'in');
    this.onChange({ mailbox: this, folderId, message, changeType: 'created', move: false });
    return message;
  }

  /** Applies `mutate` as one change: new changeKey and lastModifiedDateTime, one log entry, one notification. */
  update(message: StoredMessage, mutate: (m: StoredMessage) => void): StoredMessage {
    mutate(message);
    this.#touch(message);
    this.#record(message.folderId, message, 'update');
    this.onChange({ mailbox: this, folderId: message.folderId, message, changeType: 'updated', move: false });
    return message;
  }

  /**
   * Moves keep the immutable id, change the REST id and the changeKey (§4.3, §4.5); delta shows them as
   * removed from the source and created in the destination (§4.2).
   */
  move(message: StoredMessage, destinationFolderId: string): StoredMessage {
    if (message.folderId === destinationFolderId) return message;
    const source = message.folderId;
    this.#record(source, message, 'out');
    this.#restIndex.delete(message.restId);
    message.restId = this.ids.restId();
    this.#restIndex.set(message.restId, message.immutableId);
    message.folderId = destinationFolderId;
    this.#touch(message);
    this.#record(destinationFolderId, message, 'in');
    this.onChange({ mailbox: this, folderId: source, message, changeType: 'deleted', move: true });
    this.onChange({ mailbox: this, folderId: destinationFolderId, message, changeType: 'created', move: true });
    return message;
  }

  copy(message: StoredMessage, destinationFolderId: string): StoredMessage {
    const { immutableId: _i, restId: _r, changeKey: _c, folderId: _f, createdAt: _a, lastModifiedAt: _l, conversationId: _v, ...fields } = message;
    return this.insert(destinationFolderId, { ...fields, extended: new Map(message.extended), categories: [...message.categories] });
  }

  /** DELETE moves the item to Recoverable Items (soft); permanentDelete and emptying a folder are hard (§4.5). */
  remove(message: StoredMessage, hard: boolean): void {
    this.#record(message.folderId, message, hard ? 'hardDelete' : 'softDelete');
    this.messages.delete(message.immutableId);
    this.#restIndex.delete(message.restId);
    this.onChange({ mailbox: this, folderId: message.folderId, message, changeType: 'deleted', move: false });
  }

  #touch(message: StoredMessage): void {
    message.changeKey = this.ids.changeKey();
    message.lastModifiedAt = Math.max(this.clock(), message.lastModifiedAt);
  }

  #record(folderId: string, message: StoredMessage, kind: LogEntry['kind']): void {
    this.log.push({ seq: this.log.length + 1, folderId, messageId: message.immutableId, restId: message.restId, kind });
  }
}

/** `String {guid} Name X` in one canonical spelling: type and hex tags lower case, GUID upper case. */
export function normalizePropertyId(id: string): string {
  return id
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(\w+)/, (type) => type.toLowerCase())
    .replace(/\{([0-9a-f-]+)\}/i, (_m, guid: string) => `{${guid.toUpperCase()}}`)
    .replace(/\b0x([0-9a-f]+)\b/gi, (_m, hex: string) => `0x${hex.toLowerCase().padStart(4, '0')}`);
}

const PROPERTY_ID =
  /^(Binary|Boolean|Currency|CLSID|Double|Float|Integer|Long|Short|String|SystemTime|ApplicationTime|Object)(Array)? (\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\} (Name \S.*|Id 0x[0-9a-f]{1,4})|0x[0-9a-f]{1,4})$/i;

/** The three id formats of §4.4. */
export function isValidPropertyId(id: string): boolean {
  return PROPERTY_ID.test(id.trim());
}

/** Exchange groups a thread by its root; here: first References id, else In-Reply-To, else the message itself. */
export function conversationIdFor(references: string | null, inReplyTo: string | null, own: string): string {
  const root = references?.match(/<[^<>\s]+>/)?.[0] ?? inReplyTo?.trim() ?? own;
  return `AAQkAD${createHash('sha256').update(root).digest('base64url').slice(0, 38)}=`;
}

/** First 255 characters of the body as plain text (§4.1 bodyPreview). */
export function previewOf(body: { contentType: 'html' | 'text'; content: string }): string {
  const text = body.contentType === 'html' ? htmlToText(body.content) : body.content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
