import { LINK_PROPERTY_ID } from '../../connectors/graph/message-mapping.js';
import { normalizePropertyId, type MailboxState, type NewMessage, type Recipient, type StoredMessage } from './mail-store.js';
import { messageFromMime, renderMime } from './mime.js';

export type AddressInput = string | { name: string; address: string };

/** A message arriving as if delivered by Exchange transport (or, with isDraft, saved by a user). */
export interface DeliverInput {
  /** folder id or well-known name; default `inbox` */
  folder?: string;
  /** RFC 5322 source; its headers fill the fields not given here, and `$value` returns these bytes */
  mime?: Buffer | string;
  subject?: string;
  from?: AddressInput;
  to?: AddressInput[];
  cc?: AddressInput[];
  text?: string;
  html?: string;
  /** epoch ms; default now */
  receivedAt?: number;
  sentAt?: number;
  isRead?: boolean;
  flagged?: boolean;
  isDraft?: boolean;
  internetMessageId?: string;
  inReplyTo?: string;
  references?: string;
  /** stamps our link property as if we had imported it */
  linkId?: string;
}

/** What tests see of a stored message. `id` is the immutable id (what the client asks for). */
export interface SandboxMessage {
  id: string;
  restId: string;
  changeKey: string;
  folderId: string;
  subject: string;
  isRead: boolean;
  flagged: boolean;
  isDraft: boolean;
  internetMessageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  receivedAt: number;
  sentAt: number | null;
  linkId: string | null;
  /** every single-value extended property, keyed by its id as set */
  extendedProperties: Record<string, string>;
}

/**
 * The test-side API of one sandbox mailbox: seeds and mutates it directly, "as if a user acted in
 * Outlook". Every change lands in the change log (delta) and fires notifications like an API change.
 */
export class SandboxMailbox {
  /** the extended property id `deliver({linkId})` and `setLinkId` write (the client's LINK_PROPERTY_ID) */
  readonly linkPropertyId: string;
  readonly #linkKey: string;

  constructor(
    readonly state: MailboxState,
    private readonly newMessageId: () => string,
    linkPropertyId: string = LINK_PROPERTY_ID,
  ) {
    this.#linkKey = normalizePropertyId(linkPropertyId);
    this.linkPropertyId = linkPropertyId;
  }

  get upn(): string {
    return this.state.upn;
  }

  get userId(): string {
    return this.state.userId;
  }

  /** A folder id by id or well-known name; throws for unknown folders. */
  folderId(ref: string): string {
    const folder = this.state.folder(ref);
    if (folder === undefined) throw new Error(`no folder ${ref} in ${this.upn}`);
    return folder.id;
  }

  createFolder(displayName: string, parent = 'msgfolderroot'): string {
    return this.state.createFolder(displayName, this.folderId(parent)).id;
  }

  async deliver(input: DeliverInput = {}): Promise<SandboxMessage> {
    const folderId = this.folderId(input.folder ?? 'inbox');
    const fromMime: NewMessage = input.mime === undefined ? {} : await messageFromMime(Buffer.isBuffer(input.mime) ? input.mime : Buffer.from(input.mime));
    const extended = new Map(fromMime.extended ?? []);
    if (input.linkId !== undefined) extended.set(this.#linkKey, { id: this.linkPropertyId, value: input.linkId });
    const isDraft = input.isDraft ?? false;
    const body = input.html !== undefined ? { contentType: 'html' as const, content: input.html } : input.text !== undefined ? { contentType: 'text' as const, content: input.text } : undefined;
    const fields: NewMessage = {
      ...fromMime,
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(input.from !== undefined ? { from: recipient(input.from), sender: recipient(input.from) } : {}),
      ...(input.to !== undefined ? { toRecipients: input.to.map(recipient) } : {}),
      ...(input.cc !== undefined ? { ccRecipients: input.cc.map(recipient) } : {}),
      ...(input.inReplyTo !== undefined ? { inReplyTo: input.inReplyTo } : {}),
      ...(input.references !== undefined ? { references: input.references } : {}),
      internetMessageId: input.internetMessageId ?? fromMime.internetMessageId ?? (isDraft ? null : `<${this.newMessageId()}@sandbox.invalid>`),
      isDraft,
      isRead: input.isRead ?? isDraft,
      flagStatus: input.flagged === true ? 'flagged' : 'notFlagged',
      extended,
      ...(input.receivedAt !== undefined ? { receivedAt: input.receivedAt } : {}),
      sentAt: isDraft ? null : (input.sentAt ?? fromMime.sentAt ?? input.receivedAt ?? null),
    };
    return this.#view(this.state.insert(folderId, fields));
  }

  markRead(id: string, isRead = true): SandboxMessage {
    return this.#view(this.state.update(this.#message(id), (m) => void (m.isRead = isRead)));
  }

  flag(id: string, flagged = true): SandboxMessage {
    return this.#view(this.state.update(this.#message(id), (m) => void (m.flagStatus = flagged ? 'flagged' : 'notFlagged')));
  }

  setLinkId(id: string, linkId: string): SandboxMessage {
    return this.#view(this.state.update(this.#message(id), (m) => void m.extended.set(this.#linkKey, { id: this.linkPropertyId, value: linkId })));
  }

  /** Any other change a user could make (subject of a draft, categories, …) as one update. */
  edit(id: string, mutate: (message: StoredMessage) => void): SandboxMessage {
    return this.#view(this.state.update(this.#message(id), mutate));
  }

  move(id: string, folder: string): SandboxMessage {
    return this.#view(this.state.move(this.#message(id), this.folderId(folder)));
  }

  /** Deletes like Outlook's "delete" with Recoverable Items (soft; delta reason `changed`). */
  remove(id: string): void {
    this.state.remove(this.#message(id), false);
  }

  /** Deletes for good (delta reason `deleted`). */
  purge(id: string): void {
    this.state.remove(this.#message(id), true);
  }

  /** Hard-deletes everything in a folder ("Empty folder"); returns how many messages went. */
  emptyFolder(folder: string): number {
    const messages = this.state.messagesIn(this.folderId(folder));
    for (const message of messages) this.state.remove(message, true);
    return messages.length;
  }

  message(id: string): SandboxMessage | null {
    const message = this.state.message(id);
    return message === undefined ? null : this.#view(message);
  }

  /** Messages of one folder (or all), newest first. */
  messages(folder?: string): SandboxMessage[] {
    const list = folder === undefined ? [...this.state.messages.values()] : this.state.messagesIn(this.folderId(folder));
    return list.sort((a, b) => b.receivedAt - a.receivedAt).map((m) => this.#view(m));
  }

  async mime(id: string): Promise<Buffer> {
    return renderMime(this.#message(id));
  }

  #message(id: string): StoredMessage {
    const message = this.state.message(id);
    if (message === undefined) throw new Error(`no message ${id} in ${this.upn}`);
    return message;
  }

  #view(m: StoredMessage): SandboxMessage {
    return {
      id: m.immutableId,
      restId: m.restId,
      changeKey: m.changeKey,
      folderId: m.folderId,
      subject: m.subject,
      isRead: m.isRead,
      flagged: m.flagStatus === 'flagged',
      isDraft: m.isDraft,
      internetMessageId: m.internetMessageId,
      inReplyTo: m.inReplyTo,
      references: m.references,
      receivedAt: m.receivedAt,
      sentAt: m.sentAt,
      linkId: m.extended.get(this.#linkKey)?.value || null,
      extendedProperties: Object.fromEntries([...m.extended.values()].map((p) => [p.id, p.value])),
    };
  }
}

function recipient(input: AddressInput): Recipient {
  if (typeof input !== 'string') return { emailAddress: { name: input.name, address: input.address } };
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(input);
  if (match !== null) return { emailAddress: { name: match[1]?.trim() || (match[2] as string), address: match[2] as string } };
  return { emailAddress: { name: input.trim(), address: input.trim() } };
}
