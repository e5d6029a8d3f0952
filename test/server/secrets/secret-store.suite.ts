import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Keyring } from '../../../server/secrets/keyring.js';
import { SecretStore, type SecretTables } from '../../../server/secrets/secret-store.js';
import type { Store } from '../../../server/store/store.js';

const ring = (currentId: string, ...keys: Array<[string, Buffer]>): Keyring => ({ currentId, keys: new Map(keys) });

/** The secret store contract; runs against SQLite and PostgreSQL. */
export function secretStoreSuite(open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  let store: Store;
  let dispose: () => Promise<void>;
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  beforeEach(async () => {
    ({ store, dispose } = await open());
  });
  afterEach(async () => {
    await dispose();
  });

  it('stores, replaces and reads secrets; unknown ids are null', async () => {
    const secrets = new SecretStore(store.db, ring('k1', ['k1', k1]));
    await secrets.put('dingtalk:appSecret', 'first');
    await secrets.put('dingtalk:appSecret', '第二个-secret');
    await secrets.put('user:张伟@example.com:refreshToken', 'rt-1');
    assert.equal(await secrets.get('dingtalk:appSecret'), '第二个-secret');
    assert.equal(await secrets.get('user:张伟@example.com:refreshToken'), 'rt-1');
    assert.equal(await secrets.get('graph:clientSecret'), null);
    assert.equal(await secrets.delete('dingtalk:appSecret'), true);
    assert.equal(await secrets.get('dingtalk:appSecret'), null);
  });

  it('refuses a blob copied to another id', async () => {
    const secrets = new SecretStore(store.db, ring('k1', ['k1', k1]));
    await secrets.put('user:a@example.com:refreshToken', 'token-of-a');
    await secrets.put('user:b@example.com:refreshToken', 'token-of-b');
    const db = store.db.withTables<SecretTables>();
    const a = await db.selectFrom('secret').select('blob').where('id', '=', 'user:a@example.com:refreshToken').executeTakeFirstOrThrow();
    await db.updateTable('secret').set({ blob: a.blob }).where('id', '=', 'user:b@example.com:refreshToken').execute();
    await assert.rejects(secrets.get('user:b@example.com:refreshToken'), /could not be decrypted/);
  });

  it('rotation re-wraps every data key under the new key; afterwards the old key is not needed', async () => {
    const before = new SecretStore(store.db, ring('k1', ['k1', k1]));
    await before.put('dingtalk:appSecret', 'app-secret');
    await before.put('user:a@example.com:refreshToken', 'rt-a');
    await before.put('graph:clientSecret', 'graph-secret');
    const rotating = new SecretStore(store.db, ring('k2', ['k1', k1], ['k2', k2]));
    assert.equal(await rotating.rotate(ring('k2', ['k1', k1], ['k2', k2])), 3);
    assert.deepEqual(await rotating.countByKey(), { k2: 3 });
    assert.equal(await rotating.rotate(ring('k2', ['k2', k2])), 0, 'nothing left to re-wrap');

    const onlyNew = new SecretStore(store.db, ring('k2', ['k2', k2]));
    assert.equal(await onlyNew.get('dingtalk:appSecret'), 'app-secret');
    assert.equal(await onlyNew.get('user:a@example.com:refreshToken'), 'rt-a');
    assert.equal(await onlyNew.get('graph:clientSecret'), 'graph-secret');
    await assert.rejects(new SecretStore(store.db, ring('k1', ['k1', k1])).get('dingtalk:appSecret'), /wrapped under key k2, which is not configured/);
  });

  it('rotation changes nothing when an old key is missing', async () => {
    await new SecretStore(store.db, ring('k1', ['k1', k1])).put('dingtalk:appSecret', 'app-secret');
    const k3 = randomBytes(32);
    await new SecretStore(store.db, ring('k3', ['k3', k3])).put('graph:clientSecret', 'graph-secret');
    const rotating = new SecretStore(store.db, ring('k2', ['k2', k2], ['k3', k3]));
    await assert.rejects(rotating.rotate(ring('k2', ['k2', k2], ['k3', k3])), /wrapped under key k1, which is not configured/);
    assert.deepEqual(await rotating.countByKey(), { k1: 1, k3: 1 });
  });
}
