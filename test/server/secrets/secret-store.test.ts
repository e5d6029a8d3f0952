import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretStore } from '../../../server/secrets/secret-store.js';
import { openStore } from '../../../server/store/store.js';
import { secretStoreSuite } from './secret-store.suite.js';

describe('server/secrets/secret-store (SQLite)', () => {
  secretStoreSuite(async () => {
    const store = await openStore('sqlite::memory:');
    return { store, dispose: () => store.close() };
  });

  it('leaves none of the stored plaintexts in the database file or its WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-at-rest-'));
    try {
      const path = join(dir, 'bridge.sqlite');
      const plaintexts = ['dt-app-secret-7f3a9c21e', 'M.R3_BAY.refresh-token-91b2c0ffee', 'graph~client~secret~5a6b7c'];
      const store = await openStore(`sqlite:${path}`);
      const secrets = new SecretStore(store.db, { currentId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
      await secrets.put('dingtalk:appSecret', plaintexts[0] ?? '');
      await secrets.put('user:a@example.com:refreshToken', plaintexts[1] ?? '');
      await secrets.put('graph:clientSecret', plaintexts[2] ?? '');
      assert.equal(await secrets.get('graph:clientSecret'), plaintexts[2], 'the secrets really were written');
      await store.close();

      const files = [path, `${path}-wal`].filter((f) => existsSync(f));
      const raw = Buffer.concat(files.map((f) => readFileSync(f)));
      assert.ok(raw.includes(Buffer.from('dingtalk:appSecret', 'utf8')), 'the ids are in the file, so the scan sees its contents');
      for (const plain of plaintexts) {
        assert.equal(raw.includes(Buffer.from(plain, 'utf8')), false, `${plain} in UTF-8`);
        assert.equal(raw.includes(Buffer.from(plain, 'utf16le')), false, `${plain} in UTF-16LE`);
        assert.equal(raw.includes(Buffer.from(plain, 'utf16le').swap16()), false, `${plain} in UTF-16BE`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
