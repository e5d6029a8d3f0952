import type { Kysely } from 'kysely';
import { AuditLog } from '../audit/audit-log.js';
import { openDatabase, type DialectName } from './dialect.js';
import { DirectoryRepository } from './directory-repository.js';
import { migrateToLatest } from './migrate.js';
import { SyncRunRepository } from './sync-run-repository.js';
import type { Database } from './schema.js';

/** The store as the rest of the server sees it: migrated database plus its repositories. */
export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  directory: DirectoryRepository;
  runs: SyncRunRepository;
  /** append-only, hash-chained record of admin and destructive sync actions */
  audit: AuditLog;
  close(): Promise<void>;
}

export async function openStore(url: string, options: { schema?: string } = {}): Promise<Store> {
  const { db, dialect } = openDatabase(url, options);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect,
    directory: new DirectoryRepository(db),
    runs: new SyncRunRepository(db),
    audit: new AuditLog(db, dialect),
    close: () => db.destroy(),
  };
}
