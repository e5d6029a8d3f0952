import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-directory.js';
import * as m0002 from './migrations/0002-sync-runs.js';
import * as m0003 from './migrations/0003-audit-log.js';
import * as m0004 from './migrations/0004-secrets.js';
import * as m0005 from './migrations/0005-policy.js';
import * as m0006 from './migrations/0006-mail-sync.js';
import * as m0007 from './migrations/0007-mail-threads.js';
import * as m0008 from './migrations/0008-mail-accounts.js';
import * as m0009 from './migrations/0009-address-book-externals.js';
import type { Database } from './schema.js';

/**
 * Versioned migrations, listed in code (not read from a folder) so the bundled server and tests see
 * the same set. Names sort in order; never rename or edit a released migration, add a new one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-directory': m0001,
  '0002-sync-runs': m0002,
  '0003-audit-log': m0003,
  '0004-secrets': m0004,
  '0005-policy': m0005,
  '0006-mail-sync': m0006,
  '0007-mail-threads': m0007,
  '0008-mail-accounts': m0008,
  '0009-address-book-externals': m0009,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error(`database migration failed: ${(error as Error).message}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
