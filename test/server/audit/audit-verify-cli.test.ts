import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditTables } from '../../../server/audit/audit-log.js';
import { openStore } from '../../../server/store/store.js';

const SCRIPT = join(import.meta.dirname, '../../../scripts/audit-verify.ts');

function runVerify(databaseUrl: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DATABASE_URL: databaseUrl };
  const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], { env, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/audit-verify.ts', () => {
  let dir: string;
  let url: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
    url = `sqlite:${join(dir, 'bridge.sqlite')}`;
    const store = await openStore(url);
    for (let i = 1; i <= 4; i++) await store.audit.append({ actor: 'admin@example.com', action: 'person.hide', target: `person:u${i}`, after: { hidden: true } });
    await store.close();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints OK with the entry count and exits 0 on an intact log', () => {
    const { status, stdout, stderr } = runVerify(url);
    assert.equal(stderr, '');
    assert.equal(stdout, 'audit log OK: 4 entries\n');
    assert.equal(status, 0);
  });

  it('names the tampered entry and exits 1', async () => {
    const store = await openStore(url);
    await store.db.withTables<AuditTables>().updateTable('audit_log').set({ target: 'person:someone-else' }).where('seq', '=', 2).execute();
    await store.close();
    const { status, stdout } = runVerify(url);
    assert.equal(stdout, 'audit log BROKEN at entry 2: hash mismatch\n');
    assert.equal(status, 1);
  });
});
