import type { Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Headers of the messages the mail sync has seen in each DingTalk mailbox (server/threads/thread-store.ts),
 * enough to answer "the DingTalk thread of this Outlook message" without touching IMAP: one row per
 * (mailbox, Message-ID), threaded by `thread_key` (the first Message-ID of References, else In-Reply-To,
 * else its own), as mail clients thread by References (RFC 5322 §3.6.4).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('mail_thread_message')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('thread_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('from_json', 'text', (c) => c.notNull())
    .addColumn('to_json', 'text', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('seen', 'integer', (c) => c.notNull())
    .addColumn('linked_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_thread_message_pk', ['mailbox', 'message_id'])
    .execute();
  await db.schema.createIndex('mail_thread_message_thread').on('mail_thread_message').columns(['mailbox', 'thread_key']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('mail_thread_message').execute();
}
