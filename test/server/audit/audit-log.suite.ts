import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AuditLog, type AuditTables } from '../../../server/audit/audit-log.js';
import { canonicalJson } from '../../../server/audit/canonical-json.js';
import type { Database } from '../../../server/store/schema.js';
import type { Store } from '../../../server/store/store.js';

/** The audit log contract; runs against SQLite and PostgreSQL. */
export function auditLogSuite(
  open: () => Promise<{ store: Store; dispose(): Promise<void> }>,
  /** a second, independent connection to the same database (another process, as far as the lock can tell) */
  openSecond?: (store: Store) => Promise<Store>,
): void {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: number;
  let log: AuditLog;

  beforeEach(async () => {
    ({ store, dispose } = await open());
    clock = 1_700_000_000_000;
    log = new AuditLog(store.db, store.dialect, () => (clock += 1000));
  });
  afterEach(async () => {
    await dispose();
  });

  const table = (): Kysely<Database & AuditTables> => store.db.withTables<AuditTables>();

  async function appendFive(): Promise<void> {
    for (let i = 1; i <= 5; i++) {
      await log.append({ actor: `admin${i % 2}@example.com`, action: 'person.hide', target: `person:u${i}`, before: { hidden: false, i }, after: { hidden: true, i } });
    }
  }

  it('appends a chain: seq from 1, each prev_hash is the previous hash, hash covers the fields', async () => {
    const first = await log.append({ actor: 'admin@example.com', action: 'settings.update', target: 'settings', before: { qps: 20 }, after: { qps: 10 } });
    const second = await log.append({ actor: 'sync', action: 'person.remove', target: 'person:u1', before: { name: '张伟' } });
    assert.equal(first.seq, 1);
    assert.equal(first.prevHash, '0'.repeat(64));
    assert.equal(second.seq, 2);
    assert.equal(second.prevHash, first.hash);
    assert.deepEqual(second.before, { name: '张伟' });
    assert.equal(second.after, null);
    const expected = createHash('sha256')
      .update(canonicalJson({ seq: 1, at: first.at, actor: 'admin@example.com', action: 'settings.update', target: 'settings', before: { qps: 20 }, after: { qps: 10 }, prevHash: '0'.repeat(64) }))
      .digest('hex');
    assert.equal(first.hash, expected);
    assert.deepEqual(await log.verify(), { ok: true, entries: 2 });
  });

  it('verifies an empty log and an intact chain', async () => {
    assert.deepEqual(await log.verify(), { ok: true, entries: 0 });
    await appendFive();
    assert.deepEqual(await log.verify(), { ok: true, entries: 5 });
  });

  it('names exactly the entry whose stored "after" was edited in the database', async () => {
    await appendFive();
    await table().updateTable('audit_log').set({ after: '{"hidden":false,"i":3}' }).where('seq', '=', 3).execute();
    assert.deepEqual(await log.verify(), { ok: false, brokenAt: 3, reason: 'hash mismatch' });
  });

  it('reports a deleted middle entry as a gap at its seq', async () => {
    await appendFive();
    await table().deleteFrom('audit_log').where('seq', '=', 3).execute();
    const verdict = await log.verify();
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.brokenAt, 3);
    assert.match(verdict.reason, /^gap in sequence/);
  });

  it('a tampered entry with its own hash recomputed still breaks the next entry\'s prev link', async () => {
    await appendFive();
    const row = await table().selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const forgedAfter = { hidden: false, i: 3 };
    const hash = createHash('sha256')
      .update(canonicalJson({ seq: 3, at: Number(row.at), actor: row.actor, action: row.action, target: row.target, before: JSON.parse(row.before ?? 'null'), after: forgedAfter, prevHash: row.prev_hash }))
      .digest('hex');
    await table().updateTable('audit_log').set({ after: canonicalJson(forgedAfter), hash }).where('seq', '=', 3).execute();
    // Entry 3 is now self-consistent, so verify cannot tell it was edited; what it can see is that entry 4
    // was chained to the original hash of entry 3. The forger would have to rewrite every later entry too.
    assert.deepEqual(await log.verify(), { ok: false, brokenAt: 4, reason: 'prev_hash does not match entry 3' });
  });

  it('reports a row whose before is no longer JSON as a hash mismatch instead of crashing', async () => {
    await appendFive();
    await table().updateTable('audit_log').set({ before: '{not json' }).where('seq', '=', 2).execute();
    assert.deepEqual(await log.verify(), { ok: false, brokenAt: 2, reason: 'hash mismatch' });
  });

  it('serialises 20 concurrent appends into seq 1..20 with an unbroken chain', async () => {
    const entries = await Promise.all(Array.from({ length: 20 }, (_, i) => log.append({ actor: 'sync', action: 'event.delete', target: `event:${i}` })));
    assert.deepEqual(entries.map((e) => e.seq).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.deepEqual(await log.verify(), { ok: true, entries: 20 });
  });

  if (openSecond !== undefined) {
    it('does not fork the chain when two connection pools append at once', async () => {
      const other = await openSecond(store);
      try {
        const otherLog = new AuditLog(other.db, other.dialect);
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? log : otherLog).append({ actor: `p${i % 2}`, action: 'event.delete', target: `event:${i}` })),
        );
        assert.deepEqual(await log.verify(), { ok: true, entries: 20 });
      } finally {
        await other.close();
      }
    });
  }

  it('lists newest first with filters and seq paging', async () => {
    await appendFive();
    const all = await log.list({ limit: 10 });
    assert.deepEqual(all.map((e) => e.seq), [5, 4, 3, 2, 1]);
    assert.deepEqual((await log.list({ actor: 'admin1@example.com', limit: 10 })).map((e) => e.seq), [5, 3, 1]);
    assert.deepEqual((await log.list({ target: 'person:u2', limit: 10 })).map((e) => e.seq), [2]);
    assert.deepEqual((await log.list({ action: 'nothing', limit: 10 })).length, 0);
    const at2 = all.find((e) => e.seq === 2)?.at ?? 0;
    const at4 = all.find((e) => e.seq === 4)?.at ?? 0;
    assert.deepEqual((await log.list({ from: at2, to: at4, limit: 10 })).map((e) => e.seq), [3, 2]);
    assert.deepEqual((await log.list({ beforeSeq: 4, limit: 2 })).map((e) => e.seq), [3, 2]);
    assert.deepEqual(all[0]?.after, { hidden: true, i: 5 });
  });

  it('is reachable from the store', async () => {
    await store.audit.append({ actor: 'a', action: 'b', target: 'c' });
    assert.deepEqual(await store.audit.verify(), { ok: true, entries: 1 });
  });
}
