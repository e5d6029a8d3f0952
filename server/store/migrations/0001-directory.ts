import type { Kysely } from 'kysely';

// why: migrations must not depend on today's table types (Kysely's documented migration signature)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('department')
    .addColumn('dept_id', 'bigint', (c) => c.primaryKey())
    .addColumn('parent_id', 'bigint')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('department_parent').on('department').column('parent_id').execute();

  await db.schema
    .createTable('person')
    .addColumn('userid', 'text', (c) => c.primaryKey())
    .addColumn('unionid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('english_name', 'text')
    .addColumn('title', 'text')
    .addColumn('email', 'text')
    .addColumn('org_email', 'text')
    .addColumn('mobile', 'text')
    .addColumn('telephone', 'text')
    .addColumn('job_number', 'text')
    .addColumn('avatar', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_unionid').on('person').column('unionid').execute();

  await db.schema
    .createTable('person_department')
    .addColumn('userid', 'text', (c) => c.notNull().references('person.userid').onDelete('cascade'))
    .addColumn('dept_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_department_pk', ['userid', 'dept_id'])
    .execute();
  await db.schema.createIndex('person_department_dept').on('person_department').column('dept_id').execute();

  await db.schema
    .createTable('processed_event')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('processed_event_received').on('processed_event').column('received_at').execute();

  await db.schema
    .createTable('frequent_contact')
    .addColumn('viewer', 'text', (c) => c.notNull())
    .addColumn('contact_userid', 'text', (c) => c.notNull())
    .addColumn('uses', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('frequent_contact_pk', ['viewer', 'contact_userid'])
    .execute();

  await db.schema
    .createTable('app_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['app_state', 'frequent_contact', 'processed_event', 'person_department', 'person', 'department']) {
    await db.schema.dropTable(table).execute();
  }
}
