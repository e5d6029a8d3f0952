import assert from 'node:assert/strict';
import type { FolderSyncResult, SyncFolderOptions } from '../../../../server/sync/mail/mailbox-sync.js';
import { MailSyncScheduler, type SchedulableSync, type Timers } from '../../../../server/sync/mail/scheduler.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';

/** Timers driven by hand: nothing fires until advance(). */
class ManualTimers implements Timers {
  now = 0;
  private nextId = 1;
  private pending: Array<{ id: number; at: number; callback: () => void }> = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  get armed(): number {
    return this.pending.length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      const due = this.pending.filter((p) => p.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.now = due.at;
      due.callback();
      await settle();
    }
    this.now = target;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

interface Call {
  mailbox: string;
  folder: string;
  options: SyncFolderOptions;
  finish(): void;
}

/** An engine whose syncs finish only when the test says so (to observe serialisation). */
class StubEngine implements SchedulableSync {
  readonly folders = ['inbox', 'sent', 'archive', 'trash'];
  readonly hints: string[] = [];
  constructor(
    readonly mailbox: string,
    private readonly calls: Call[],
    private readonly autoFinish: boolean,
    private readonly failing = new Set<string>(),
  ) {}

  noteHint(folder: string): void {
    this.hints.push(folder);
  }

  syncFolder(folder: string, options: SyncFolderOptions = {}): Promise<FolderSyncResult> {
    return new Promise((resolve, reject) => {
      const finish = () => (this.failing.has(folder) ? reject(new Error(`${folder} failed`)) : resolve({} as FolderSyncResult));
      this.calls.push({ mailbox: this.mailbox, folder, options, finish });
      if (this.autoFinish) finish();
    });
  }
}

describe('server/sync/mail/scheduler', () => {
  let timers: ManualTimers;
  let calls: Call[];
  let scheduler: MailSyncScheduler;
  const log = memoryLogger('warn');
  const make = (options: { deltaIntervalMs?: number; reconcileIntervalMs?: number } = {}) =>
    new MailSyncScheduler({ logger: log.logger, timers, debounceMs: 200, deltaIntervalMs: options.deltaIntervalMs ?? 60_000, reconcileIntervalMs: options.reconcileIntervalMs ?? 3_600_000 });

  beforeEach(() => {
    timers = new ManualTimers();
    calls = [];
    scheduler = make();
  });

  it('collapses a burst of notices for one folder into one sync of the side that changed, after the debounce', async () => {
    const engine = new StubEngine('a@x', calls, true);
    scheduler.add(engine);
    for (let i = 0; i < 10; i++) scheduler.notify('a@x', 'inbox', 'exchange');
    await timers.advance(199);
    assert.equal(calls.length, 0);
    await timers.advance(1);
    assert.deepEqual(calls.map((c) => [c.folder, c.options]), [['inbox', { sides: ['exchange'] }]]);
    assert.equal(engine.hints.length, 10, 'each notice counts towards lag');
    await scheduler.idle();
  });

  it('merges notices from both sides for one folder into one sync of both', async () => {
    scheduler.add(new StubEngine('a@x', calls, true));
    scheduler.notify('a@x', 'inbox', 'exchange');
    scheduler.notify('a@x', 'inbox', 'dingtalk');
    scheduler.notify('a@x', 'sent');
    await timers.advance(200);
    assert.deepEqual(calls.map((c) => [c.folder, c.options]), [
      ['inbox', { sides: ['dingtalk', 'exchange'] }],
      ['sent', { sides: ['dingtalk', 'exchange'] }],
    ]);
  });

  it('runs one folder at a time per mailbox; a notice during a run queues one more run', async () => {
    scheduler.add(new StubEngine('a@x', calls, false));
    scheduler.notify('a@x', 'inbox');
    await timers.advance(200);
    scheduler.notify('a@x', 'archive');
    scheduler.notify('a@x', 'inbox');
    scheduler.notify('a@x', 'inbox');
    await timers.advance(1_000);
    assert.deepEqual(calls.map((c) => c.folder), ['inbox'], 'nothing starts while inbox runs');
    assert.equal(scheduler.queueDepth('a@x'), 2);
    calls[0]?.finish();
    await settle();
    assert.deepEqual(calls.map((c) => c.folder), ['inbox', 'archive']);
    calls[1]?.finish();
    await settle();
    assert.deepEqual(calls.map((c) => c.folder), ['inbox', 'archive', 'inbox']);
    calls[2]?.finish();
    await scheduler.idle();
    assert.equal(calls.length, 3);
  });

  it('runs different mailboxes in parallel', async () => {
    scheduler.add(new StubEngine('a@x', calls, false));
    scheduler.add(new StubEngine('b@x', calls, false));
    scheduler.notify('a@x', 'inbox');
    scheduler.notify('b@x', 'inbox');
    await timers.advance(200);
    assert.deepEqual(calls.map((c) => c.mailbox).sort(), ['a@x', 'b@x']);
    calls.forEach((c) => c.finish());
    await scheduler.idle();
  });

  it('a failing sync is logged and the lane goes on', async () => {
    scheduler.add(new StubEngine('a@x', calls, true, new Set(['inbox'])));
    scheduler.notify('a@x', 'inbox');
    scheduler.notify('a@x', 'sent');
    await timers.advance(200);
    await scheduler.idle();
    assert.deepEqual(calls.map((c) => c.folder), ['inbox', 'sent']);
    assert.ok(log.lines.some((l) => l.msg === 'scheduled mail sync failed' && l.folder === 'inbox'));
  });

  it('a notice without a folder (e.g. Graph lifecycle `missed`) queues every folder', async () => {
    scheduler.add(new StubEngine('a@x', calls, true));
    scheduler.notify('a@x', null, 'exchange');
    await timers.advance(200);
    assert.deepEqual(calls.map((c) => c.folder), ['inbox', 'sent', 'archive', 'trash']);
    scheduler.notify('nobody@x', 'inbox');
    await timers.advance(200);
    assert.equal(calls.length, 4, 'unknown mailboxes are ignored');
  });

  it('runs a delta of every folder periodically and a full reconcile on the longer timer', async () => {
    scheduler = make({ deltaIntervalMs: 60_000, reconcileIntervalMs: 180_000 });
    scheduler.add(new StubEngine('a@x', calls, true));
    scheduler.start();
    await timers.advance(60_000 + 200);
    assert.deepEqual(calls.map((c) => c.options), Array(4).fill({ sides: ['dingtalk', 'exchange'] }));
    calls.length = 0;
    await timers.advance(120_000);
    assert.ok(calls.some((c) => c.options.full === true));
    assert.deepEqual(calls.filter((c) => c.options.full === true).map((c) => c.folder), ['inbox', 'sent', 'archive', 'trash']);
    await scheduler.stop();
    calls.length = 0;
    assert.equal(timers.armed, 0);
    await timers.advance(600_000);
    assert.equal(calls.length, 0);
  });

  it('remove() stops scheduling a mailbox', async () => {
    scheduler.add(new StubEngine('a@x', calls, true));
    scheduler.notify('a@x', 'inbox');
    await scheduler.remove('a@x');
    await timers.advance(1_000);
    assert.equal(calls.length, 0);
    assert.throws(() => {
      scheduler.add(new StubEngine('b@x', calls, true));
      scheduler.add(new StubEngine('b@x', calls, true));
    }, /already scheduled/);
  });
});
