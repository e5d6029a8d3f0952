import type { Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Which mailboxes are synced (server/mail-accounts/). The DingTalk Mail client password is not here: it
 * lives envelope-encrypted in `secret` under `mail:<mailbox>:appPassword`.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('mail_account')
    .addColumn('mailbox', 'text', (c) => c.primaryKey())
    .addColumn('dingtalk_address', 'text', (c) => c.notNull())
    .addColumn('imap_host', 'text', (c) => c.notNull())
    .addColumn('imap_port', 'integer', (c) => c.notNull())
    .addColumn('smtp_host', 'text', (c) => c.notNull())
    .addColumn('smtp_port', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('mail_account').execute();
}
