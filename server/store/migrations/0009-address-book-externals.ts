import { sql, type Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Address books may hold external contacts (a JSON array, read with the book). */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('address_book').addColumn('external_contacts', 'text', (c) => c.notNull().defaultTo(sql`'[]'`)).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('address_book').dropColumn('external_contacts').execute();
}
