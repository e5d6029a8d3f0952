import assert from 'node:assert/strict';
import type { Progress } from '../../../../shared/progress.js';
import { toSyncKindStatus, type MailboxSync } from '../../../../server/sync/mail/mailbox-sync.js';
import type { AuditSink } from '../../../../server/sync/mail/executor.js';
import { graphError } from './fakes/fake-graph.js';
import { Glitches, KillSwitch } from './fakes/kill-switch.js';
import { MAILBOX, PATH_OF, quiesce, World, writesOf } from './fakes/world.js';

type Calls = { graph: Record<string, number>; imap: Record<string, number> };

describe('server/sync/mail/mailbox-sync', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.open();
  });
  afterEach(async () => {
    await world.close();
  });

  const snapshotCalls = (): Calls => ({ graph: { ...world.graph.calls }, imap: { ...world.imap.calls } });
  /** provider calls made since `before`, by method */
  const callsSince = (before: Calls): Calls => {
    const diff = (now: Record<string, number>, then: Record<string, number>) =>
      Object.fromEntries(Object.entries(now).filter(([k, v]) => v !== (then[k] ?? 0)).map(([k, v]) => [k, v - (then[k] ?? 0)]));
    return { graph: diff(world.graph.calls, before.graph), imap: diff(world.imap.calls, before.imap) };
  };
  const uidOf = (path: string, messageId: string): number => {
    const found = world.imap.list(path).find((m) => m.messageId === messageId);
    assert.ok(found, `${messageId} in ${path}`);
    return found.uid;
  };
  const graphIdOf = (messageId: string): string => {
    const found = world.graph.all().find((m) => m.internetMessageId === messageId);
    assert.ok(found, `${messageId} in exchange`);
    return found.id;
  };
  const synced = async (engine: MailboxSync): Promise<void> => {
    await engine.backfill();
    await quiesce(engine);
  };

  describe('backfill', () => {
    it('copies mail both ways newest first, links a message both sides hold without copying it, and reports progress', async () => {
      world.imap.deliver({ messageId: '<old@dt>', receivedAt: 1_000 });
      world.imap.deliver({ messageId: '<new@dt>', receivedAt: 3_000, seen: true });
      world.imap.deliver({ messageId: '<both@x>', receivedAt: 2_000, seen: true });
      world.graph.deliver({ messageId: '<both@x>', receivedAt: 2_000, flagged: true });
      world.graph.deliver({ messageId: '<sent@ex>', folder: 'sentitems', receivedAt: 2_500 });
      const order: string[] = [];
      const importMessage = world.graph.importMessage.bind(world.graph);
      world.graph.importMessage = async (mailbox, folderId, message) => {
        const created = await importMessage(mailbox, folderId, message);
        order.push(created.internetMessageId ?? '');
        return created;
      };
      const progress: Progress[] = [];
      const engine = world.engine({ onProgress: (p) => progress.push(p) });

      const result = await engine.backfill();

      assert.deepEqual(order, ['<new@dt>', '<old@dt>'], 'newest first');
      assert.deepEqual(world.view('exchange'), ['<both@x>|inbox|seen|flagged', '<new@dt>|inbox|seen|-', '<old@dt>|inbox|unseen|-', '<sent@ex>|sent|unseen|-']);
      assert.deepEqual(world.view('dingtalk'), world.view('exchange'));
      assert.deepEqual(world.duplicates(), []);
      assert.equal(world.graph.created.get('<both@x>'), undefined, 'the pair was linked, not copied');
      assert.deepEqual({ done: result.progress.done, total: result.progress.total }, { done: 4, total: 4 });
      assert.deepEqual(progress.map((p) => p.done), [1, 2, 3, 4]);
      assert.ok(progress.every((p) => p.total === 4));
      assert.equal((await world.mail.allLinks(MAILBOX)).length, 4);
      assert.ok((await world.mail.backfill(MAILBOX)).every((r) => r.state === 'done'));

      // the engine's own writes come back as changes: nothing is written again
      assert.equal(writesOf(await engine.syncAll()), 0);
      assert.equal(await quiesce(engine), 1);
      const again = await world.engine().backfill();
      assert.ok(again.folders.every((f) => f.outcome === 'skipped'));
    });

    it('resumes after an interruption without copying anything twice', async () => {
      for (let i = 0; i < 6; i++) world.imap.deliver({ messageId: `<m${i}@dt>`, receivedAt: 1_000 + i });
      const abort = new AbortController();
      let steps = 0;
      // One step at a time, so the abort lands at an exact count (with several in flight, those finish first).
      const first = world.engine({
        concurrency: 1,
        onProgress: () => {
          steps += 1;
          if (steps === 2) abort.abort();
        },
      });
      await assert.rejects(first.backfill({ signal: abort.signal }), { name: 'AbortError' });
      assert.equal(world.graph.all().length, 2);
      const rows = await world.mail.backfill(MAILBOX);
      assert.equal(rows.find((r) => r.folder === 'inbox')?.state, 'running');

      const second = world.engine();
      const result = await second.backfill();
      assert.equal(result.progress.total, 4, 'only what is not linked yet is planned again');
      assert.equal(world.graph.all().length, 6);
      assert.deepEqual(world.duplicates(), []);
      assert.ok([...world.graph.created.values()].every((n) => n === 1));
    });

    it('persists progress while a large folder is being copied', async () => {
      for (let i = 0; i < 60; i++) world.imap.deliver({ messageId: `<big${i}@dt>`, receivedAt: 1_000 + i });
      const abort = new AbortController();
      const engine = world.engine({ onProgress: (p) => (p.done === 55 ? abort.abort() : undefined) });
      await assert.rejects(engine.backfill({ signal: abort.signal }), { name: 'AbortError' });
      const row = (await world.mail.backfill(MAILBOX)).find((r) => r.folder === 'inbox');
      assert.deepEqual([row?.state, row?.done, row?.total], ['running', 50, 60]);
    });
  });

  describe('API calls per change (budget ≤ 1.1 per side)', () => {
    it('a read flag set in DingTalk: one read there, one $batch write in Exchange', async () => {
      const uid = world.imap.deliver({ messageId: '<a@dt>' });
      const engine = world.engine();
      await synced(engine);
      const before = snapshotCalls();
      world.imap.userSetFlags('INBOX', uid, { seen: true });
      await engine.syncFolder('inbox', { sides: ['dingtalk'] });
      assert.deepEqual(callsSince(before), { imap: { changesSince: 1 }, graph: { updateMessages: 1 } });
      assert.deepEqual(world.view('exchange'), ['<a@dt>|inbox|seen|-']);
    });

    it('five flag changes in DingTalk reach Exchange in one $batch call', async () => {
      const uids = [1, 2, 3, 4, 5].map((i) => world.imap.deliver({ messageId: `<f${i}@dt>` }));
      const engine = world.engine();
      await synced(engine);
      const before = snapshotCalls();
      for (const uid of uids) world.imap.userSetFlags('INBOX', uid, { flagged: true });
      await engine.syncFolder('inbox', { sides: ['dingtalk'] });
      assert.deepEqual(callsSince(before), { imap: { changesSince: 1 }, graph: { updateMessages: 1 } });
      assert.deepEqual(world.view('exchange'), world.view('dingtalk'));
    });

    it('a flag set in Outlook: one delta read, one STORE in DingTalk', async () => {
      world.graph.deliver({ messageId: '<b@ex>' });
      const engine = world.engine();
      await synced(engine);
      const before = snapshotCalls();
      world.graph.userSetFlag(graphIdOf('<b@ex>'), true);
      await engine.syncFolder('inbox', { sides: ['exchange'] });
      assert.deepEqual(callsSince(before), { graph: { delta: 1 }, imap: { setFlags: 1 } });
      assert.deepEqual(world.view('dingtalk'), ['<b@ex>|inbox|unseen|flagged']);
    });

    it('new mail: the source is read once for the change and once for its MIME, the target written once', async () => {
      const engine = world.engine();
      await synced(engine);
      let before = snapshotCalls();
      world.imap.deliver({ messageId: '<n1@dt>' });
      await engine.syncFolder('inbox', { sides: ['dingtalk'] });
      assert.deepEqual(callsSince(before), { imap: { changesSince: 1, fetchRaw: 1 }, graph: { importMessage: 1 } });

      before = snapshotCalls();
      world.graph.deliver({ messageId: '<n2@ex>' });
      await engine.syncFolder('inbox', { sides: ['exchange'] });
      assert.deepEqual(callsSince(before), { graph: { delta: 1, getMime: 1 }, imap: { append: 1 } });
      assert.deepEqual(world.view('dingtalk'), world.view('exchange'));
    });
  });

  it('a notification-driven Exchange delta reads no folder-wide status (it would grow with the folder)', async () => {
    world.graph.deliver({ messageId: '<big@ex>' });
    await synced(world.engine());
    const trace = new KillSwitch();
    world.graph.userSetRead(graphIdOf('<big@ex>'), true);
    await world.engine({ kill: trace }).syncFolder('inbox', { sides: ['exchange'] });
    assert.equal(trace.trace.filter((c) => c === 'store.linksInFolder').length, 0);
    assert.deepEqual(world.view('dingtalk'), ['<big@ex>|inbox|seen|-']);
  });

  describe('echo suppression', () => {
    it('our own writes never bounce back, over ten cycles of both sides', async () => {
      const uid = world.imap.deliver({ messageId: '<e@dt>' });
      world.graph.deliver({ messageId: '<e2@ex>' });
      const engine = world.engine();
      await synced(engine);
      world.imap.userSetFlags('INBOX', uid, { seen: true, flagged: true });
      world.graph.userSetRead(graphIdOf('<e2@ex>'), true);
      await engine.syncAll();
      const before = snapshotCalls();
      for (let i = 0; i < 10; i++) assert.equal(writesOf(await engine.syncAll()), 0);
      const calls = callsSince(before);
      assert.equal(calls.graph.updateMessages ?? 0, 0);
      assert.equal(calls.imap.setFlags ?? 0, 0);
      assert.deepEqual(world.view('dingtalk'), ['<e2@ex>|inbox|seen|-', '<e@dt>|inbox|seen|flagged']);
      assert.deepEqual(world.view('exchange'), world.view('dingtalk'));
    });
  });

  describe('moves, deletes and scope', () => {
    it('a move in Outlook moves the DingTalk copy, whichever folder syncs first', async () => {
      world.graph.deliver({ messageId: '<m1@ex>' });
      world.graph.deliver({ messageId: '<m2@ex>' });
      const engine = world.engine();
      await synced(engine);
      world.graph.userMove(graphIdOf('<m1@ex>'), 'archive');
      world.graph.userMove(graphIdOf('<m2@ex>'), 'archive');
      await engine.syncFolder('inbox');
      await engine.syncFolder('archive');
      assert.deepEqual(world.view('dingtalk'), ['<m1@ex>|archive|unseen|-', '<m2@ex>|archive|unseen|-']);
      assert.equal(world.imap.created.get('<m1@ex>'), 1);
      assert.equal(await quiesce(engine), 1);
    });

    it('a move in DingTalk seen from its destination first is a move, not a new message', async () => {
      world.imap.deliver({ messageId: '<d1@dt>' });
      const engine = world.engine();
      await synced(engine);
      world.imap.userMove('INBOX', uidOf('INBOX', '<d1@dt>'), 'Archive');
      await engine.syncFolder('archive', { sides: ['dingtalk'] });
      assert.deepEqual(world.view('exchange'), ['<d1@dt>|archive|unseen|-']);
      await quiesce(engine);
      assert.equal(world.graph.created.get('<d1@dt>'), 1);
      assert.deepEqual(world.duplicates(), []);
    });

    it('a delete in DingTalk moves the Exchange copy to Deleted Items (never a hard delete) and audits it', async () => {
      world.imap.deliver({ messageId: '<del@dt>' });
      const engine = world.engine();
      await synced(engine);
      world.imap.userExpunge('INBOX', uidOf('INBOX', '<del@dt>'));
      await engine.syncFolder('inbox');
      assert.deepEqual(world.view('exchange'), ['<del@dt>|trash|unseen|-']);
      const entry = world.auditEntries.find((e) => e.action === 'mail.trash');
      assert.ok(entry);
      assert.equal(entry.actor, 'sync');
      assert.equal((entry.before as { folder: string }).folder, 'inbox');
      assert.equal((entry.after as { folder: string }).folder, 'trash');
      const [link] = await world.mail.allLinks(MAILBOX);
      assert.equal(link?.dingtalk, null, 'the deleted side is released');
      assert.equal(link?.folder, 'trash');
      // the trashed copy is not copied back into DingTalk
      await quiesce(engine);
      await engine.reconcile();
      assert.deepEqual(world.view('dingtalk'), []);
    });

    it('a run can be reverted from the audit log: what it trashed goes back, and the other side gets its copy again', async () => {
      for (const id of ['<r1@dt>', '<r2@dt>']) world.imap.deliver({ messageId: id });
      const engine = world.engine();
      await synced(engine);
      world.imap.userExpunge('INBOX', uidOf('INBOX', '<r1@dt>'));
      world.imap.userExpunge('INBOX', uidOf('INBOX', '<r2@dt>'));
      await engine.syncFolder('inbox');
      assert.deepEqual(world.view('exchange'), ['<r1@dt>|trash|unseen|-', '<r2@dt>|trash|unseen|-']);
      const trashed = world.auditEntries.filter((e) => e.action === 'mail.trash');
      const runIds = new Set(trashed.map((e) => (e.after as { runId: string }).runId));
      assert.equal(runIds.size, 1, 'one run trashed both');

      const result = await engine.revertTrash(trashed.map((e) => ({ before: e.before, after: e.after })), 'admin@contoso.example');
      assert.deepEqual(result, { restored: 2, missing: 0 });
      await quiesce(engine);
      assert.deepEqual(world.view('exchange'), ['<r1@dt>|inbox|unseen|-', '<r2@dt>|inbox|unseen|-']);
      assert.deepEqual(world.view('dingtalk'), ['<r1@dt>|inbox|unseen|-', '<r2@dt>|inbox|unseen|-'], 'restored in DingTalk too (edit beats delete)');
      assert.equal(world.auditEntries.filter((e) => e.action === 'mail.restore').length, 2);
      assert.deepEqual(world.duplicates(), []);
      // reverting again finds nothing left in trash
      assert.deepEqual(await engine.revertTrash(trashed.map((e) => ({ before: e.before, after: e.after })), 'admin@contoso.example'), { restored: 0, missing: 2 });
    });

    it('trash in Outlook trashes in DingTalk; emptying the DingTalk trash leaves the Outlook copy in Deleted Items', async () => {
      world.graph.deliver({ messageId: '<t@ex>' });
      const engine = world.engine();
      await synced(engine);
      world.graph.userMove(graphIdOf('<t@ex>'), 'deleteditems');
      await engine.syncAll();
      assert.deepEqual(world.view('dingtalk'), ['<t@ex>|trash|unseen|-']);
      world.imap.userExpunge(PATH_OF.trash as string, uidOf(PATH_OF.trash as string, '<t@ex>'));
      await quiesce(engine);
      assert.deepEqual(world.view('exchange'), ['<t@ex>|trash|unseen|-']);
      assert.equal(world.graph.all().length, 1);
    });

    it('edit beats delete: an Outlook subject edit re-creates the message DingTalk deleted', async () => {
      world.graph.deliver({ messageId: '<ed@ex>', subject: 'Customs notice' });
      const engine = world.engine();
      await synced(engine);
      world.graph.userEditSubject(graphIdOf('<ed@ex>'), 'Customs notice (updated)');
      world.imap.userExpunge('INBOX', uidOf('INBOX', '<ed@ex>'));
      await engine.syncFolder('inbox');
      assert.deepEqual(world.view('dingtalk'), ['<ed@ex>|inbox|unseen|-']);
      assert.equal(world.imap.list('INBOX')[0]?.subject, 'Customs notice (updated)');
      const status = await engine.status();
      assert.equal(status.folders.find((f) => f.folder === 'inbox')?.conflicts[0]?.kind, 'edit-beats-delete');
    });

    it('a content edit in Outlook replaces the DingTalk copy; the old copy goes to trash', async () => {
      world.graph.deliver({ messageId: '<c@ex>', subject: 'v1' });
      const engine = world.engine();
      await synced(engine);
      world.graph.userEditSubject(graphIdOf('<c@ex>'), 'v2');
      await engine.syncFolder('inbox');
      assert.deepEqual(world.imap.list('INBOX').map((m) => m.subject), ['v2']);
      assert.deepEqual(world.imap.list(PATH_OF.trash as string).map((m) => m.subject), ['v1']);
      assert.ok(world.auditEntries.some((e) => e.action === 'mail.trash' && (e.after as { why: string }).why.includes('replaced')));
      assert.equal(await quiesce(engine), 2, 'one pass learns the new copy, then nothing');
    });

    it('a message moved out of the mapped folders is unlinked, never deleted, and never copied again', async () => {
      world.graph.deliver({ messageId: '<j@ex>' });
      const engine = world.engine();
      await synced(engine);
      world.graph.userMove(graphIdOf('<j@ex>'), 'junkemail');
      await engine.syncAll();
      assert.deepEqual(world.view('dingtalk'), ['<j@ex>|inbox|unseen|-']);
      const [link] = await world.mail.allLinks(MAILBOX);
      assert.equal(link?.state, 'detached');
      assert.ok(world.auditEntries.some((e) => e.action === 'mail.unlink'));
      await engine.reconcile();
      await quiesce(engine);
      assert.equal(world.graph.all().length, 1);
      assert.equal(world.imap.list('INBOX').length, 1);
    });
  });

  describe('identity changes', () => {
    it('an IMAP UIDVALIDITY change relinks by stamp and Message-ID and copies nothing again', async () => {
      world.imap.deliver({ messageId: '<u1@dt>' });
      world.graph.deliver({ messageId: '<u2@ex>' });
      const engine = world.engine();
      await synced(engine);
      const before = snapshotCalls();
      world.imap.resetUidValidity('INBOX');
      await engine.syncAll();
      const calls = callsSince(before);
      assert.equal(calls.imap.append ?? 0, 0);
      assert.equal(calls.graph.importMessage ?? 0, 0);
      assert.equal(calls.graph.moveMessage ?? 0, 0, 'nothing treated as deleted');
      const links = await world.mail.allLinks(MAILBOX);
      const uv = world.imap.uidValidityOf('INBOX');
      assert.ok(links.every((l) => l.dingtalk?.sideId.startsWith(`imap:${uv}:`)));
      // and the relinked ids work: a flag set after the reset propagates
      world.imap.userSetFlags('INBOX', uidOf('INBOX', '<u2@ex>'), { seen: true });
      await engine.syncFolder('inbox', { sides: ['dingtalk'] });
      assert.deepEqual(world.view('exchange'), ['<u1@dt>|inbox|unseen|-', '<u2@ex>|inbox|seen|-']);
      assert.deepEqual(world.duplicates(), []);
    });

    it('an expired Graph delta token (410) resyncs the folder without duplicates and keeps changes', async () => {
      world.graph.deliver({ messageId: '<g1@ex>' });
      world.imap.deliver({ messageId: '<g2@dt>' });
      const engine = world.engine();
      await synced(engine);
      world.graph.expireDeltaTokens();
      world.graph.userSetRead(graphIdOf('<g2@dt>'), true);
      world.graph.deliver({ messageId: '<g3@ex>' });
      const before = snapshotCalls();
      await engine.syncFolder('inbox');
      const calls = callsSince(before);
      assert.equal(calls.graph.importMessage ?? 0, 0);
      assert.equal(calls.imap.append, 1, 'only the new message is copied');
      assert.deepEqual(world.view('dingtalk'), ['<g1@ex>|inbox|unseen|-', '<g2@dt>|inbox|seen|-', '<g3@ex>|inbox|unseen|-']);
      assert.deepEqual(world.duplicates(), []);
      assert.equal(await quiesce(engine), 2);
    });

    it('a 410 answered with a fresh round still notices a message deleted meanwhile (delete → trash, never a re-copy)', async () => {
      world.imap.deliver({ messageId: '<gone@dt>' });
      const engine = world.engine();
      await synced(engine);
      world.graph.expireDeltaTokens();
      world.graph.userHardDelete(graphIdOf('<gone@dt>'));
      await engine.syncFolder('inbox', { sides: ['exchange'] });
      assert.deepEqual(world.view('dingtalk'), ['<gone@dt>|trash|unseen|-']);
      assert.equal(world.graph.all().length, 0);
    });

    it('an item repeated within one delta response is handled once', async () => {
      world.graph.deliver({ messageId: '<r@ex>' });
      const engine = world.engine();
      await synced(engine);
      world.graph.duplicateDeltaItems = true;
      world.graph.deliver({ messageId: '<r2@ex>' });
      world.graph.userSetRead(graphIdOf('<r@ex>'), true);
      const before = snapshotCalls();
      await engine.syncFolder('inbox', { sides: ['exchange'] });
      assert.deepEqual(callsSince(before).imap, { append: 1, setFlags: 1 });
      assert.deepEqual(world.duplicates(), []);
    });
  });

  describe('circuit breaker', () => {
    const linkedInbox = async (n: number): Promise<MailboxSync> => {
      for (let i = 0; i < n; i++) world.imap.deliver({ messageId: `<cb${i}@dt>` });
      const engine = world.engine();
      await synced(engine);
      return engine;
    };

    it('a run that would trash more than a quarter of a folder trashes nothing and waits for an admin', async () => {
      const engine = await linkedInbox(20);
      for (let i = 0; i < 12; i++) world.imap.userExpunge('INBOX', uidOf('INBOX', `<cb${i}@dt>`));
      const stopped = await engine.syncFolder('inbox');
      assert.equal(stopped.outcome, 'stopped');
      assert.equal(stopped.breaker?.reason, 'mass-delete');
      assert.equal(stopped.held, 12);
      assert.equal(world.view('exchange').filter((v) => v.includes('|trash|')).length, 0, 'nothing trashed');
      const status = await engine.status();
      assert.equal(status.state, 'stopped');
      assert.equal(status.breakers.length, 1);
      assert.match(toSyncKindStatus(status).errors[0]?.reason ?? '', /circuit breaker on inbox: mass-delete \(12 of 20\)/);

      // still withheld on the next run: the deletions are read again, not forgotten
      assert.equal((await engine.syncFolder('inbox')).outcome, 'stopped');

      assert.equal(await engine.releaseBreaker('inbox', 'admin@contoso.example'), true);
      const released = await engine.syncFolder('inbox');
      assert.equal(released.outcome, 'ok');
      assert.equal(world.view('exchange').filter((v) => v.includes('|trash|')).length, 12);
      assert.ok(world.auditEntries.some((e) => e.action === 'mail.breaker.release' && e.actor === 'admin@contoso.example'));
      assert.equal(world.auditEntries.filter((e) => e.action === 'mail.trash').length, 12);
      assert.equal((await engine.status()).breakers.length, 0);
    });

    it('ten deletes or a small share pass without the breaker', async () => {
      const engine = await linkedInbox(60);
      for (let i = 0; i < 14; i++) world.imap.userExpunge('INBOX', uidOf('INBOX', `<cb${i}@dt>`));
      const result = await engine.syncFolder('inbox');
      assert.equal(result.outcome, 'ok', '14 of 60 is under 25%');
      assert.equal(world.view('exchange').filter((v) => v.includes('|trash|')).length, 14);
    });

    it('a side that suddenly reads empty deletes nothing, looks nothing up and is recorded; the stop clears once it reads again', async () => {
      const engine = await linkedInbox(15);
      world.imap.setHidden('INBOX', true);
      const before = snapshotCalls();
      const [result] = await engine.reconcile('inbox');
      assert.equal(result?.outcome, 'stopped');
      assert.equal(result?.breaker?.reason, 'empty-side');
      assert.equal(result?.breaker?.side, 'dingtalk');
      const calls = callsSince(before);
      assert.equal(calls.graph.moveMessage ?? 0, 0);
      assert.equal((calls.imap.findByMessageId ?? 0) + (calls.imap.getMessage ?? 0), 0, 'no lookups spent on an empty read');
      assert.equal((await engine.status()).folders.find((f) => f.folder === 'inbox')?.state, 'stopped');

      world.imap.setHidden('INBOX', false);
      const [again] = await engine.reconcile('inbox');
      assert.equal(again?.outcome, 'ok');
      assert.equal((await engine.status()).breakers.length, 0);
      assert.equal(world.view('exchange').length, 15);
    });
  });

  describe('quarantine', () => {
    it('one failing message is quarantined with its reason; the rest goes on; a later retry copies it once', async () => {
      world.imap.deliver({ messageId: '<ok1@dt>' });
      world.imap.deliver({ messageId: '<bad@dt>' });
      world.imap.deliver({ messageId: '<ok2@dt>' });
      world.graph.failImport.set('<bad@dt>', 'before');
      const engine = world.engine({ retry: { baseMs: 60_000, maxMs: 600_000, maxAttempts: 5 } });
      await engine.backfill();
      assert.deepEqual(world.view('exchange'), ['<ok1@dt>|inbox|unseen|-', '<ok2@dt>|inbox|unseen|-']);
      const status = await engine.status();
      assert.equal(status.quarantined.length, 1);
      assert.match(status.quarantined[0]?.reason ?? '', /GRAPH_ERR_INVALID: import rejected/);
      assert.equal(status.quarantined[0]?.nextAttemptAt, world.clock.now + 60_000);

      // not due yet: nothing retried, and the item is not planned a second time meanwhile
      await engine.syncAll();
      assert.equal(world.graph.calls.importMessage, 3);

      world.graph.failImport.delete('<bad@dt>');
      world.clock.now += 60_000;
      await engine.syncFolder('inbox');
      assert.deepEqual(world.view('exchange'), world.view('dingtalk'));
      assert.equal((await engine.status()).quarantined.length, 0);
      assert.equal(world.graph.created.get('<bad@dt>'), 1);
    });

    it('a create whose answer was lost is found by its stamp on retry, not created again', async () => {
      world.imap.deliver({ messageId: '<lost@dt>' });
      world.graph.failImport.set('<lost@dt>', 'after');
      const engine = world.engine({ retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 5 } });
      await engine.backfill();
      assert.equal((await engine.status()).quarantined.length, 1);
      world.graph.failImport.delete('<lost@dt>');
      world.clock.now += 1_000;
      const report = await engine.recover();
      assert.equal(report.adopted, 1);
      assert.equal(world.graph.created.get('<lost@dt>'), 1);
      assert.equal((await engine.status()).quarantined.length, 0);
      assert.equal(await quiesce(engine), 1);
    });

    it('a failed flag write is retried from a fresh look at both sides', async () => {
      const uid = world.imap.deliver({ messageId: '<fl@dt>' });
      const engine = world.engine({ retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 5 } });
      await synced(engine);
      const updateMessages = world.graph.updateMessages.bind(world.graph);
      world.graph.updateMessages = async (mailbox, updates) => updates.map(() => graphError('GRAPH_ERR_PRECONDITION', 412));
      world.imap.userSetFlags('INBOX', uid, { flagged: true });
      await engine.syncFolder('inbox', { sides: ['dingtalk'] });
      assert.equal((await engine.status()).quarantined[0]?.code, 'GRAPH_ERR_PRECONDITION');
      world.graph.updateMessages = updateMessages;
      world.clock.now += 1_000;
      await engine.syncFolder('inbox', { sides: ['exchange'] });
      assert.deepEqual(world.view('exchange'), ['<fl@dt>|inbox|unseen|flagged']);
      assert.equal((await engine.status()).quarantined.length, 0);
    });

    it('our own copy whose APPEND answer was lost is not mistaken for new mail; the retry adopts it', async () => {
      const glitches = new Glitches();
      const engine = world.engine({ glitches, retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 5 } });
      await synced(engine);
      glitches.arm('imap', 'lose', 1);
      world.graph.deliver({ messageId: '<echo@ex>' });
      await engine.syncAll();
      assert.equal(world.imap.created.get('<echo@ex>'), 1, 'the append happened');
      assert.equal((await engine.status()).quarantined.length, 1);
      await engine.syncAll();
      assert.deepEqual(world.duplicates(), [], 'the stamped copy was not copied back to Exchange');
      world.clock.now += 1_000;
      const report = await engine.recover();
      assert.equal(report.adopted, 1);
      assert.equal(world.imap.created.get('<echo@ex>'), 1);
      await quiesce(engine);
      assert.deepEqual(world.view('dingtalk'), world.view('exchange'));
    });

    it('a change the user makes while a copy waits in quarantine is not lost when the copy is adopted', async () => {
      const glitches = new Glitches();
      const engine = world.engine({ glitches, retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 5 } });
      glitches.arm('graph', 'lose', 1);
      const uid = world.imap.deliver({ messageId: '<late@dt>' });
      await engine.syncAll();
      world.imap.userSetFlags('INBOX', uid, { seen: true });
      await engine.syncAll();
      world.clock.now += 1_000;
      await quiesce(engine);
      assert.deepEqual(world.view('exchange'), ['<late@dt>|inbox|seen|-']);
      assert.deepEqual(world.view('dingtalk'), world.view('exchange'));
    });

    it('new mail moved while its copy waits in quarantine is copied once, into the right folder', async () => {
      const glitches = new Glitches();
      const engine = world.engine({ glitches, retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 5 } });
      glitches.arm('graph', 'lose', 1);
      const uid = world.imap.deliver({ messageId: '<wander@dt>' });
      await engine.syncAll();
      world.imap.userMove('INBOX', uid, 'Archive');
      await engine.syncAll();
      assert.deepEqual(world.duplicates(), [], 'the moved source is left to the pending copy');
      world.clock.now += 1_000;
      await quiesce(engine);
      assert.deepEqual(world.view('exchange'), ['<wander@dt>|archive|unseen|-']);
      assert.equal(world.graph.created.get('<wander@dt>'), 1);
    });

    it('an item moved by the user while the engine moves it: the engine looks again instead of failing', async () => {
      world.graph.deliver({ messageId: '<race@ex>' });
      const engine = world.engine();
      await synced(engine);
      world.graph.userMove(graphIdOf('<race@ex>'), 'archive');
      world.imap.userMove('INBOX', uidOf('INBOX', '<race@ex>'), PATH_OF.trash as string);
      // only Exchange is read: the plan moves a DingTalk UID that no longer exists
      const result = await engine.syncFolder('archive', { sides: ['exchange'] });
      assert.equal(result.report.quarantined, 0);
      assert.deepEqual(world.view('dingtalk'), ['<race@ex>|archive|unseen|-'], 'a move beats a trash');
      await quiesce(engine);
      assert.deepEqual(world.view('exchange'), world.view('dingtalk'));
    });

    it('gives up after the last attempt and waits for an admin, who can retry everything', async () => {
      world.imap.deliver({ messageId: '<stuck@dt>' });
      world.graph.failImport.set('<stuck@dt>', 'before');
      const engine = world.engine({ retry: { baseMs: 1_000, maxMs: 1_000, maxAttempts: 2 } });
      await engine.backfill();
      world.clock.now += 1_000;
      await engine.recover();
      let [entry] = (await engine.status()).quarantined;
      assert.deepEqual([entry?.attempts, entry?.nextAttemptAt], [2, null]);
      world.clock.now += 86_400_000;
      await engine.recover();
      assert.equal(world.graph.calls.importMessage, 2, 'no more automatic attempts');
      world.graph.failImport.delete('<stuck@dt>');
      assert.equal(await engine.retryQuarantined('admin@contoso.example'), 1);
      await engine.recover();
      [entry] = (await engine.status()).quarantined;
      assert.equal(entry, undefined);
      assert.deepEqual(world.view('exchange'), ['<stuck@dt>|inbox|unseen|-']);
    });

    it('the store\'s AuditLog is an audit sink as it is', () => {
      const sink: AuditSink = world.store.audit;
      assert.equal(typeof sink.append, 'function');
    });

    it('a mailbox-wide failure (auth) stops the run instead of quarantining every item', async () => {
      world.imap.deliver({ messageId: '<x@dt>' });
      const engine = world.engine();
      world.graph.importMessage = async () => {
        throw graphError('GRAPH_ERR_AUTH', 401, 'token expired');
      };
      await assert.rejects(engine.backfill(), { code: 'GRAPH_ERR_AUTH' });
      const status = await engine.status();
      assert.equal(status.quarantined.length, 0);
      assert.equal(status.queued, 1, 'the open intent waits for recovery');
    });
  });

  describe('status', () => {
    it('reports per folder: last success, lag of pending hints, errors and conflicts', async () => {
      world.imap.deliver({ messageId: '<s@dt>', seen: true });
      world.graph.deliver({ messageId: '<s@dt>', flagged: true });
      const engine = world.engine();
      await engine.backfill();
      let status = await engine.status();
      const inbox = status.folders.find((f) => f.folder === 'inbox');
      assert.equal(inbox?.state, 'idle');
      assert.equal(inbox?.lastSuccessAt, world.clock.now);
      assert.equal(inbox?.lagSeconds, 0);
      assert.equal(inbox?.conflictCount, 1, 'the first-sync flag disagreement');
      assert.equal(inbox?.backfill?.state, 'done');

      engine.noteHint('inbox', world.clock.now);
      world.clock.now += 3_000;
      status = await engine.status();
      assert.equal(status.folders.find((f) => f.folder === 'inbox')?.lagSeconds, 3);
      assert.equal(status.queued, 1);
      await engine.syncFolder('inbox');
      status = await engine.status();
      assert.equal(status.lagSeconds, 0);
      const kind = toSyncKindStatus(status);
      assert.equal(kind.kind, 'mail');
      assert.equal(kind.state, 'idle');
      assert.equal(kind.queued, 0);
      assert.equal(kind.progress, null);
    });
  });
});
