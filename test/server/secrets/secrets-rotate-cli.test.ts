import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretStore } from '../../../server/secrets/secret-store.js';
import { openStore } from '../../../server/store/store.js';

const SCRIPT = join(import.meta.dirname, '../../../scripts/secrets-rotate.ts');

function rotate(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/secrets-rotate.ts', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  let dir: string;
  let url: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-rotate-'));
    url = `sqlite:${join(dir, 'bridge.sqlite')}`;
    const store = await openStore(url);
    const secrets = new SecretStore(store.db, { currentId: 'k1', keys: new Map([['k1', k1]]) });
    await secrets.put('dingtalk:appSecret', 'app-secret');
    await secrets.put('user:a@example.com:refreshToken', 'rt-a');
    await store.close();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-wraps every secret under the new key and says so; the old key is then not needed', async () => {
    const { status, stdout, stderr } = rotate({ DATABASE_URL: url, BRIDGE_MASTER_KEY: k2.toString('base64'), BRIDGE_MASTER_KEY_ID: 'k2', BRIDGE_PREVIOUS_MASTER_KEYS: `k1:${k1.toString('base64')}` });
    assert.equal(stderr, '');
    assert.match(stdout, /^re-wrapped 2 secret\(s\) under key k2 \(before: k1: 2\)\n/);
    assert.equal(status, 0);
    for (const key of [k1, k2]) assert.ok(!stdout.includes(key.toString('base64')));
    const store = await openStore(url);
    try {
      assert.equal(await new SecretStore(store.db, { currentId: 'k2', keys: new Map([['k2', k2]]) }).get('dingtalk:appSecret'), 'app-secret');
    } finally {
      await store.close();
    }
  });

  it('refuses without the old key and changes nothing', () => {
    const { status, stderr } = rotate({ DATABASE_URL: url, BRIDGE_MASTER_KEY: k2.toString('base64'), BRIDGE_MASTER_KEY_ID: 'k2' });
    assert.match(stderr, /wrapped under key k1, which is not configured \(add it to BRIDGE_PREVIOUS_MASTER_KEYS\); nothing was changed/);
    assert.equal(status, 1);
  });

  it('refuses to rotate to a throw-away sandbox key', () => {
    const { status, stderr } = rotate({ DATABASE_URL: url });
    assert.match(stderr, /set the new master key in BRIDGE_MASTER_KEY/);
    assert.equal(status, 1);
  });
});
