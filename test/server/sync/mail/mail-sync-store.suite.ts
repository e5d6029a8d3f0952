import assert from 'node:assert/strict';
import type { Store } from '../../../../server/store/store.js';
import { MailSyncStore } from '../../../../server/sync/mail/mail-sync-store.js';
import type { LinkRecord } from '../../../../server/sync/mail/model.js';

const MB = 'wang.fang@contoso.example';

export function link(n: number, over: Partial<LinkRecord> = {}): LinkRecord {
  return {
    linkId: `L${n}`,
    messageId: `<m${n}@dingdemo.example.com>`,
    state: 'active',
    folder: 'inbox',
    seen: true,
    flagged: false,
    dingtalk: { sideId: `imap:7:${n}:INBOX`, folder: 'inbox', contentHash: `hA${n}`, version: null, seen: true, flagged: false, stamp: null },
    exchange: { sideId: `AAMk-${n}`, folder: 'inbox', contentHash: `hB${n}`, version: `ck${n}`, seen: true, flagged: false, stamp: `L${n}` },
    createdAt: 1_000 + n,
    updatedAt: 2_000 + n,
    ...over,
  };
}

/** The status store's contract; runs against SQLite and PostgreSQL. */
export function mailSyncStoreSuite(open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  let store: Store;
  let dispose: () => Promise<void>;
  let mail: MailSyncStore;
  let now = 10_000;

  beforeEach(async () => {
    ({ store, dispose } = await open());
    now = 10_000;
    mail = new MailSyncStore(store.db, () => now);
  });
  afterEach(async () => {
    await dispose();
  });

  describe('links', () => {
    it('round-trips a link, a released side and a detached tombstone, per mailbox', async () => {
      const released = link(2, { folder: 'trash', dingtalk: null, exchange: { ...link(2).exchange!, folder: 'trash' } });
      const detached = link(3, { state: 'detached', exchange: { ...link(3).exchange!, folder: null } });
      for (const l of [link(1), released, detached]) await mail.saveLink(MB, l);
      await mail.saveLink('other@contoso.example', link(9));
      assert.deepEqual(await mail.getLink(MB, 'L1'), link(1));
      assert.deepEqual(await mail.getLink(MB, 'L2'), released);
      assert.deepEqual(await mail.getLink(MB, 'L3'), detached);
      assert.equal(await mail.getLink(MB, 'L9'), null);
      assert.equal(await mail.countLinks(MB), 3);
      assert.deepEqual((await mail.allLinks(MB)).map((l) => l.linkId), ['L1', 'L2', 'L3']);
    });

    it('upserts in place and deletes', async () => {
      await mail.saveLink(MB, link(1));
      await mail.saveLink(MB, { ...link(1), folder: 'archive', flagged: true, updatedAt: 5 });
      assert.equal((await mail.getLink(MB, 'L1'))?.folder, 'archive');
      assert.equal((await mail.getLink(MB, 'L1'))?.createdAt, 1_001, 'created_at never changes');
      await mail.deleteLink(MB, 'L1');
      assert.equal(await mail.getLink(MB, 'L1'), null);
    });

    it('refuses two links claiming one side id', async () => {
      await mail.saveLink(MB, link(1));
      await assert.rejects(mail.saveLink(MB, { ...link(2), exchange: link(1).exchange }));
      await mail.saveLink('other@contoso.example', { ...link(2), exchange: link(1).exchange });
    });

    it('finds links by side ids (in chunks), Message-IDs, stamps and folder', async () => {
      for (let n = 1; n <= 501; n++) await mail.saveLink(MB, link(n, n === 501 ? { folder: 'archive', exchange: { ...link(501).exchange!, folder: 'trash', stamp: 'tok-501' } } : {}));
      const ids = Array.from({ length: 501 }, (_, i) => `imap:7:${i + 1}:INBOX`);
      assert.equal((await mail.linksBySideIds(MB, 'dingtalk', [...ids, 'imap:7:9999:INBOX'])).length, 501);
      assert.deepEqual((await mail.linksBySideIds(MB, 'exchange', ['AAMk-5', 'AAMk-5'])).map((l) => l.linkId), ['L5']);
      assert.deepEqual((await mail.linksByMessageIds(MB, ['<m7@dingdemo.example.com>'])).map((l) => l.linkId), ['L7']);
      assert.deepEqual((await mail.linksByStamps(MB, ['tok-501', 'L8'])).map((l) => l.linkId).sort(), ['L501', 'L8']);
      assert.deepEqual((await mail.linksInFolder(MB, 'trash')).map((l) => l.linkId), ['L501'], 'observed folder counts');
      assert.deepEqual((await mail.linksInFolder(MB, 'archive')).map((l) => l.linkId), ['L501'], 'agreed folder counts');
      assert.equal((await mail.linksInFolder(MB, 'inbox')).length, 501, "L501's DingTalk copy was last seen in the inbox");
      assert.deepEqual(await mail.linksBySideIds(MB, 'dingtalk', []), []);
    });
  });

  describe('cursors', () => {
    it('stores one cursor per mailbox, side and folder, and forgets it on null', async () => {
      await mail.setCursor(MB, 'exchange', 'inbox', '{"deltaLink":"a"}');
      await mail.setCursor(MB, 'exchange', 'inbox', '{"deltaLink":"b"}');
      await mail.setCursor(MB, 'dingtalk', 'inbox', '{"uidValidity":7,"uidNext":9,"highestModseq":"18446744073709551615"}');
      assert.equal(await mail.getCursor(MB, 'exchange', 'inbox'), '{"deltaLink":"b"}');
      assert.match((await mail.getCursor(MB, 'dingtalk', 'inbox')) ?? '', /18446744073709551615/);
      assert.equal(await mail.getCursor(MB, 'exchange', 'sent'), null);
      await mail.setCursor(MB, 'exchange', 'inbox', null);
      assert.equal(await mail.getCursor(MB, 'exchange', 'inbox'), null);
    });
  });

  describe('journal', () => {
    const intent = (id: string) => ({ id, linkId: 'L1', token: 'L1', folder: 'inbox', kinds: ['copy' as const, 'commit' as const], payload: { step: { key: 'new:dingtalk:x' } }, runId: 'run1' });

    it('an intent stays open until the step commits; the commit saves the link and closes it in one transaction', async () => {
      await mail.openIntent(MB, intent('j1'));
      const [open] = await mail.intents(MB, 'open');
      assert.deepEqual({ ...open, createdAt: 0, updatedAt: 0 }, { ...intent('j1'), state: 'open', error: null, createdAt: 0, updatedAt: 0 });
      await mail.commitStep(MB, { save: link(1), journal: { id: 'j1', state: 'adopted' } });
      assert.deepEqual(await mail.intents(MB, 'open'), []);
      assert.equal((await mail.getIntent(MB, 'j1'))?.state, 'adopted');
      assert.ok(await mail.getLink(MB, 'L1'));
    });

    it('a commit that fails leaves the intent open (nothing half-written)', async () => {
      await mail.saveLink(MB, link(2));
      await mail.openIntent(MB, intent('j1'));
      await assert.rejects(mail.commitStep(MB, { save: { ...link(1), exchange: link(2).exchange }, journal: { id: 'j1', state: 'done' } }));
      assert.equal((await mail.getIntent(MB, 'j1'))?.state, 'open');
      assert.equal(await mail.getLink(MB, 'L1'), null);
    });

    it('drops a link with its journal close, and prunes closed rows only', async () => {
      await mail.saveLink(MB, link(1));
      await mail.openIntent(MB, intent('j1'));
      await mail.openIntent(MB, intent('j2'));
      await mail.commitStep(MB, { drop: 'L1', journal: { id: 'j1', state: 'done' } });
      assert.equal(await mail.getLink(MB, 'L1'), null);
      now = 50_000;
      assert.equal(await mail.pruneJournal(MB, 40_000), 1);
      assert.equal(await mail.getIntent(MB, 'j1'), null);
      assert.equal((await mail.getIntent(MB, 'j2'))?.state, 'open');
    });
  });

  describe('quarantine', () => {
    const entry = { key: 'L1', folder: 'inbox', linkId: 'L1', journalId: 'j1', reason: 'GRAPH_ERR_INVALID: bad MIME', code: 'GRAPH_ERR_INVALID', step: { key: 'L1' } };
    const backoff = (attempts: number) => (attempts >= 3 ? null : 1_000 * 2 ** (attempts - 1));

    it('counts attempts, backs off, gives up to an admin, and saves what the sides hold', async () => {
      await mail.openIntent(MB, { id: 'j1', linkId: 'L1', token: null, folder: 'inbox', kinds: ['move'], payload: {}, runId: 'r' });
      const observed = link(1, { dingtalk: { ...link(1).dingtalk!, folder: 'archive' } });
      const first = await mail.quarantine(MB, entry, backoff, observed);
      assert.deepEqual([first.attempts, first.nextAttemptAt, first.firstFailedAt], [1, 11_000, 10_000]);
      assert.equal((await mail.getIntent(MB, 'j1'))?.state, 'quarantined');
      assert.equal((await mail.getLink(MB, 'L1'))?.dingtalk?.folder, 'archive');
      now = 20_000;
      const second = await mail.quarantine(MB, entry, backoff);
      assert.deepEqual([second.attempts, second.nextAttemptAt, second.firstFailedAt, second.lastFailedAt], [2, 22_000, 10_000, 20_000]);
      assert.deepEqual(await mail.dueQuarantine(MB, 21_999), []);
      assert.equal((await mail.dueQuarantine(MB, 22_000)).length, 1);
      const third = await mail.quarantine(MB, entry, backoff);
      assert.equal(third.nextAttemptAt, null);
      assert.deepEqual(await mail.dueQuarantine(MB, Number.MAX_SAFE_INTEGER), [], 'given up: waits for an admin');
      assert.deepEqual((await mail.listQuarantine(MB)).map((q) => [q.key, q.reason, q.step]), [['L1', 'GRAPH_ERR_INVALID: bad MIME', { key: 'L1' }]]);
      assert.equal(await mail.retryQuarantineNow(MB, 30_000), 1);
      assert.equal((await mail.dueQuarantine(MB, 30_000))[0]?.attempts, 0);
      await mail.clearQuarantine(MB, 'L1');
      assert.deepEqual(await mail.listQuarantine(MB), []);
    });
  });

  describe('breaker stops', () => {
    const trip = { reason: 'mass-delete' as const, side: null, deletes: 12, linked: 20 };

    it('keeps one open stop per folder, released by an admin, then closed', async () => {
      const first = await mail.recordBreaker(MB, 'inbox', trip, 'b1');
      const again = await mail.recordBreaker(MB, 'inbox', { ...trip, deletes: 14 }, 'b2');
      assert.equal(again.id, first.id);
      await mail.recordBreaker(MB, 'sent', { reason: 'empty-side', side: 'dingtalk', deletes: 30, linked: 30 }, 'b3');
      let stops = await mail.breakers(MB);
      assert.deepEqual(stops.map((b) => [b.folder, b.deletes, b.state]), [['inbox', 14, 'open'], ['sent', 30, 'open']]);
      assert.equal(stops[1]?.side, 'dingtalk');

      now = 12_000;
      const released = await mail.releaseBreakers(MB, 'inbox', 'admin@contoso.example');
      assert.deepEqual(released.map((b) => [b.id, b.state, b.releasedBy, b.releasedAt]), [['b1', 'released', 'admin@contoso.example', 12_000]]);
      assert.deepEqual(await mail.releaseBreakers(MB, 'inbox', 'admin@contoso.example'), [], 'nothing open any more');
      assert.equal(await mail.closeBreakers(MB, 'inbox', ['released']), 1);
      stops = await mail.breakers(MB);
      assert.deepEqual(stops.map((b) => b.folder), ['sent']);
      assert.equal((await mail.breakers(MB, ['closed'])).length, 1);
    });
  });

  describe('backfill and folder state', () => {
    it('upserts backfill progress per folder', async () => {
      await mail.saveBackfill(MB, { folder: 'inbox', state: 'running', done: 0, total: 100, startedAt: 1, updatedAt: 1, finishedAt: null });
      await mail.saveBackfill(MB, { folder: 'inbox', state: 'done', done: 100, total: 100, startedAt: 999, updatedAt: 5, finishedAt: 5 });
      assert.deepEqual(await mail.backfill(MB), [{ folder: 'inbox', state: 'done', done: 100, total: 100, startedAt: 1, updatedAt: 5, finishedAt: 5 }]);
    });

    it('keeps the last success, the recent errors and conflicts (newest first, a short tail)', async () => {
      await mail.noteFolderRun(MB, 'inbox', { at: 1, ok: true, conflicts: [{ at: 1, key: 'L1', kind: 'folder', resolution: 'exchange folder kept' }] });
      for (let i = 2; i <= 30; i++) await mail.noteFolderRun(MB, 'inbox', { at: i, ok: false, error: `boom ${i}` });
      const [state] = await mail.folderStates(MB);
      assert.equal(state?.lastSuccessAt, 1);
      assert.equal(state?.lastAttemptAt, 30);
      assert.equal(state?.errors.length, 20);
      assert.deepEqual(state?.errors[0], { at: 30, reason: 'boom 30' });
      assert.equal(state?.conflictCount, 1);
      assert.equal(state?.conflicts[0]?.kind, 'folder');
    });
  });
}
