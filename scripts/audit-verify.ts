/**
 * `npm run audit:verify`: checks the audit log's hash chain in the configured database (DATABASE_URL /
 * --database-url, read as the server reads it) and names the first broken entry.
 * Exit 0 when intact, 1 when broken, 2 when it could not run.
 */
import { ConfigError, loadConfig } from '../server/config.js';
import { openStore } from '../server/store/store.js';

async function main(): Promise<number> {
  let databaseUrl: string;
  try {
    databaseUrl = loadConfig(process.env, process.argv.slice(2)).databaseUrl;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const store = await openStore(databaseUrl);
  try {
    const verdict = await store.audit.verify();
    if (verdict.ok) {
      process.stdout.write(`audit log OK: ${verdict.entries} entries\n`);
      return 0;
    }
    process.stdout.write(`audit log BROKEN at entry ${verdict.brokenAt}: ${verdict.reason}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`audit-verify: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
