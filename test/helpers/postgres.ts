import { openStore, type Store } from '../../server/store/store.js';
import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** PostgreSQL on loopback (the machine kind runs it; .ci/run makes sure it is up). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Creates a throw-away schema so concurrent runs never see each other's tables. */
export async function createTestSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A migrated store in a throw-away PostgreSQL schema, and how to get rid of both. */
export async function openTestPgStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  const { schema, drop } = await createTestSchema();
  const store = await openStore(TEST_POSTGRES_URL, { schema });
  return {
    store,
    async dispose() {
      await store.close();
      await drop();
    },
  };
}
