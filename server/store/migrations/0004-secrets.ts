import type { Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Secrets at rest (server/secrets/secret-store.ts): one envelope-encrypted blob per secret. `kek_id`
 * repeats the key id inside the blob so rotation can find the rows still wrapped under an old key.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('secret')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kek_id', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('secret_kek_id').on('secret').column('kek_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('secret').execute();
}
