import type { Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The mail sync engine's status store (server/sync/mail/mail-sync-store.ts). Every table is keyed by
 * `mailbox` (the pairing's key, e.g. the Exchange UPN). Booleans are 0/1 integers and times epoch-ms
 * bigints on both SQLite and PostgreSQL; JSON is text.
 *
 * - mail_link: one row per message pair: agreed folder/flags plus, per side (dt_ = DingTalk IMAP,
 *   ex_ = Exchange), the id, observed folder/flags, content hash, version tag and our stamp. Side ids
 *   are unique per mailbox (NULLs, i.e. released sides, are distinct on both databases).
 * - mail_cursor: per mailbox + side + logical folder, the side's opaque cursor (Graph deltaLink;
 *   UIDVALIDITY/UIDNEXT/HIGHESTMODSEQ).
 * - mail_journal: write-ahead intents (written before a remote write, closed after).
 * - mail_quarantine: items that failed, with the reason and when to retry.
 * - mail_breaker: circuit-breaker stops waiting for an admin.
 * - mail_backfill: initial backfill progress per folder.
 * - mail_folder_state: last success/attempt, recent errors and conflicts per folder.
 */
export async function up(db: AnyDb): Promise<void> {
  let link = db.schema
    .createTable('mail_link')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('seen', 'integer', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull());
  for (const p of ['dt', 'ex']) {
    link = link
      .addColumn(`${p}_id`, 'text')
      .addColumn(`${p}_folder`, 'text')
      .addColumn(`${p}_hash`, 'text')
      .addColumn(`${p}_version`, 'text')
      .addColumn(`${p}_seen`, 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn(`${p}_flagged`, 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn(`${p}_stamp`, 'text');
  }
  await link
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_link_pk', ['mailbox', 'link_id'])
    .execute();
  await db.schema.createIndex('mail_link_dt_id').on('mail_link').columns(['mailbox', 'dt_id']).unique().execute();
  await db.schema.createIndex('mail_link_ex_id').on('mail_link').columns(['mailbox', 'ex_id']).unique().execute();
  await db.schema.createIndex('mail_link_message_id').on('mail_link').columns(['mailbox', 'message_id']).execute();
  await db.schema.createIndex('mail_link_folder').on('mail_link').columns(['mailbox', 'folder']).execute();
  await db.schema.createIndex('mail_link_dt_folder').on('mail_link').columns(['mailbox', 'dt_folder']).execute();
  await db.schema.createIndex('mail_link_ex_folder').on('mail_link').columns(['mailbox', 'ex_folder']).execute();
  await db.schema.createIndex('mail_link_dt_stamp').on('mail_link').columns(['mailbox', 'dt_stamp']).execute();
  await db.schema.createIndex('mail_link_ex_stamp').on('mail_link').columns(['mailbox', 'ex_stamp']).execute();

  await db.schema
    .createTable('mail_cursor')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_cursor_pk', ['mailbox', 'side', 'folder'])
    .execute();

  await db.schema
    .createTable('mail_journal')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text')
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_journal_state').on('mail_journal').columns(['mailbox', 'state']).execute();
  await db.schema.createIndex('mail_journal_token').on('mail_journal').columns(['mailbox', 'token']).execute();

  await db.schema
    .createTable('mail_quarantine')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text')
    .addColumn('journal_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('first_failed_at', 'bigint', (c) => c.notNull())
    .addColumn('last_failed_at', 'bigint', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_quarantine_pk', ['mailbox', 'item_key'])
    .execute();

  await db.schema
    .createTable('mail_breaker')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('side', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('deletes', 'integer', (c) => c.notNull())
    .addColumn('linked', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('released_at', 'bigint')
    .addColumn('released_by', 'text')
    .execute();
  await db.schema.createIndex('mail_breaker_state').on('mail_breaker').columns(['mailbox', 'state']).execute();

  await db.schema
    .createTable('mail_backfill')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('mail_backfill_pk', ['mailbox', 'folder'])
    .execute();

  await db.schema
    .createTable('mail_folder_state')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'bigint')
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('conflicts', 'text', (c) => c.notNull())
    .addColumn('conflict_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_folder_state_pk', ['mailbox', 'folder'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['mail_folder_state', 'mail_backfill', 'mail_breaker', 'mail_quarantine', 'mail_journal', 'mail_cursor', 'mail_link']) {
    await db.schema.dropTable(table).execute();
  }
}
