import type { Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The tamper-evident audit log (server/audit/audit-log.ts). `seq` is assigned by the repository, not by
 * the database, so it is the same strictly increasing 1, 2, 3… on SQLite and PostgreSQL and a deleted
 * row shows up as a gap; the primary key also makes two writers that raced for the same seq fail
 * instead of forking the chain.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor_at').on('audit_log').columns(['actor', 'at']).execute();
  await db.schema.createIndex('audit_log_target_at').on('audit_log').columns(['target', 'at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
