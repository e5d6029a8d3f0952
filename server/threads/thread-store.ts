import type { Kysely } from 'kysely';
import type { ThreadMessage, ThreadParticipant, ThreadResponse } from '../../shared/addin-api.js';
import type { Database } from '../store/schema.js';
import type { ThreadLookup } from './thread-lookup.js';

/** Row type of migration 0007, owned here (a type alias for withTables). */
export type ThreadTables = {
  mail_thread_message: {
    mailbox: string;
    message_id: string;
    thread_key: string;
    subject: string;
    from_json: string;
    to_json: string;
    preview: string;
    sent_at: number;
    seen: number;
    linked_at: number | null;
    updated_at: number;
  };
};

/** What the mail sync records of each DingTalk message it sees. */
export interface ThreadMessageRecord {
  mailbox: string;
  messageId: string;
  inReplyTo: string | null;
  references: readonly string[];
  subject: string;
  from: ThreadParticipant | null;
  to: readonly ThreadParticipant[];
  preview: string;
  sentAt: number;
  /** null when the sighting does not tell (a fetched source): what is recorded stays */
  seen: boolean | null;
  /** when the message was linked to its Exchange copy; null while it is not (yet) */
  linkedAt: number | null;
}

const PREVIEW_LENGTH = 255;

/**
 * The threads of each DingTalk mailbox, as the mail sync saw them; answers the Thread view without
 * touching IMAP. A message is found by its Message-ID (the same on both sides, since the sync copies the
 * RFC 5322 source), and its thread is every message sharing its thread key.
 */
export class ThreadStore implements ThreadLookup {
  private readonly db: Kysely<Database & ThreadTables>;

  constructor(
    db: Kysely<Database>,
    private readonly now: () => number = Date.now,
    /**
     * When the message was linked to its Exchange copy (the mail sync's link table), overriding the
     * recorded `linkedAt`; null = not linked.
     */
    private readonly linkedAt?: (mailbox: string, messageId: string) => Promise<number | null>,
  ) {
    this.db = db.withTables<ThreadTables>();
  }

  async record(message: ThreadMessageRecord): Promise<void> {
    const row = {
      mailbox: message.mailbox.toLowerCase(),
      message_id: message.messageId,
      thread_key: threadKeyOf(message),
      subject: message.subject,
      from_json: JSON.stringify(message.from),
      to_json: JSON.stringify(message.to),
      preview: message.preview.slice(0, PREVIEW_LENGTH),
      sent_at: message.sentAt,
      seen: message.seen === true ? 1 : 0,
      linked_at: message.linkedAt,
      updated_at: this.now(),
    };
    await this.db
      .insertInto('mail_thread_message')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['mailbox', 'message_id']).doUpdateSet((eb) => ({
          seen: message.seen === null ? eb.ref('mail_thread_message.seen') : eb.val(row.seen),
          subject: row.subject,
          preview: row.preview,
          updated_at: row.updated_at,
          // a link, once made, is kept even when a later sighting does not know of it
          linked_at: eb.fn.coalesce('mail_thread_message.linked_at', eb.val(row.linked_at)),
        })),
      )
      .execute();
  }

  async markSeen(mailbox: string, messageId: string, seen: boolean): Promise<void> {
    await this.db
      .updateTable('mail_thread_message')
      .set({ seen: seen ? 1 : 0, updated_at: this.now() })
      .where('mailbox', '=', mailbox.toLowerCase())
      .where('message_id', '=', messageId)
      .execute();
  }

  async byInternetMessageId(viewer: string, internetMessageId: string): Promise<ThreadResponse | null> {
    const mailbox = viewer.toLowerCase();
    const anchor = await this.db
      .selectFrom('mail_thread_message')
      .selectAll()
      .where('mailbox', '=', mailbox)
      .where('message_id', '=', internetMessageId)
      .executeTakeFirst();
    if (anchor === undefined) return null;
    const linkedAt = this.linkedAt === undefined ? anchor.linked_at : await this.linkedAt(mailbox, internetMessageId);
    if (linkedAt === null) return null;
    const rows = await this.db
      .selectFrom('mail_thread_message')
      .selectAll()
      .where('mailbox', '=', mailbox)
      .where('thread_key', '=', anchor.thread_key)
      .orderBy('sent_at')
      .orderBy('message_id')
      .execute();
    const messages: ThreadMessage[] = rows.map((r) => ({
      id: r.message_id,
      source: 'dingtalk',
      internetMessageId: r.message_id,
      from: (JSON.parse(r.from_json) as ThreadParticipant | null) ?? { name: '' },
      to: JSON.parse(r.to_json) as ThreadParticipant[],
      subject: r.subject,
      preview: r.preview,
      sentAt: Number(r.sent_at),
      read: Number(r.seen) === 1,
    }));
    const participants = new Map<string, ThreadParticipant>();
    for (const m of messages) for (const p of [m.from, ...m.to]) if (p.email !== undefined && !participants.has(p.email.toLowerCase())) participants.set(p.email.toLowerCase(), p);
    const first = rows[0];
    return {
      threadId: anchor.thread_key,
      subject: first?.subject ?? anchor.subject,
      linkedAt: Number(linkedAt),
      lastSyncedAt: Math.max(...rows.map((r) => Number(r.updated_at))),
      participants: [...participants.values()],
      messages,
    };
  }
}

/** The thread a message belongs to: the root of its References chain, else its parent, else itself. */
export function threadKeyOf(message: { messageId: string; inReplyTo: string | null; references: readonly string[] }): string {
  return message.references[0] ?? message.inReplyTo ?? message.messageId;
}
