import type { Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** History of long runs (full directory syncs, reconciles) with their outcome, for the status API. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sync_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_run_kind_started').on('sync_run').columns(['kind', 'started_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sync_run').execute();
}
