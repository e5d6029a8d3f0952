import { sql, type Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Visibility policy, roles and HR overlay fields (server/policy/). List columns hold JSON arrays: the
 * rows are few, read together, and never queried by element. `policy_version` is bumped by every write
 * so each request can tell, with one tiny read, whether its cached snapshot is still current — on any
 * instance, which is why it lives in the database rather than in memory.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('visibility_rule')
    .addColumn('dept_id', 'bigint', (c) => c.primaryKey())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('allow_dept_ids', 'text', (c) => c.notNull())
    .addColumn('allow_userids', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('field_mask')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('target_dept_ids', 'text', (c) => c.notNull())
    .addColumn('viewers', 'text', (c) => c.notNull())
    .addColumn('exempt_userids', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('address_book')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dept_ids', 'text', (c) => c.notNull())
    .addColumn('userids', 'text', (c) => c.notNull())
    .addColumn('viewers', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('role_assignment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('dept_ids', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('viewer_mapping')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('person_overlay')
    .addColumn('userid', 'text', (c) => c.primaryKey())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('show_mobile', 'integer', (c) => c.notNull())
    .addColumn('show_telephone', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('policy_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('policy_version').values({ id: 1, version: 1 }).execute();
  // Viewers are found by e-mail on every request (identity → DingTalk person).
  await sql`create index person_email_lower on person (lower(email))`.execute(db);
  await sql`create index person_org_email_lower on person (lower(org_email))`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index person_org_email_lower`.execute(db);
  await sql`drop index person_email_lower`.execute(db);
  for (const table of ['policy_version', 'person_overlay', 'viewer_mapping', 'role_assignment', 'address_book', 'field_mask', 'visibility_rule']) {
    await db.schema.dropTable(table).execute();
  }
}
