import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { GraphMailProvider } from '../../../../server/connectors/graph/contract.js';
import { GraphClient, type GraphClientOptions } from '../../../../server/connectors/graph/graph-client.js';
import type { MailboxProvider, MailFlags } from '../../../../server/connectors/mailbox/contract.js';
import { openImapMailbox } from '../../../../server/connectors/mailbox/imap-mailbox.js';
import { composeMessage } from '../../../../server/connectors/mailbox/mime.js';
import { graphWebhook } from '../../../../server/http/graph-webhook.js';
import type { GraphSandboxOptions } from '../../../../server/sandbox/graph/app.js';
import type { SandboxMessage } from '../../../../server/sandbox/graph/mailbox-api.js';
import { openStore, type Store } from '../../../../server/store/store.js';
import { DingTalkSide } from '../../../../server/sync/mail/dingtalk-side.js';
import { ExchangeSide } from '../../../../server/sync/mail/exchange-side.js';
import { folderMap } from '../../../../server/sync/mail/folders.js';
import { MailSyncStore } from '../../../../server/sync/mail/mail-sync-store.js';
import { MailboxSync } from '../../../../server/sync/mail/mailbox-sync.js';
import type { FolderKey } from '../../../../server/sync/mail/model.js';
import { MailSyncScheduler } from '../../../../server/sync/mail/scheduler.js';
import { startDovecot, type DovecotServer, type DovecotUser } from '../../../helpers/dovecot.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';
import { graphEnv, UPN, type GraphEnv } from '../../connectors/graph/graph-harness.js';
import { ImapPeer } from '../../connectors/mailbox/dovecot-fixture.js';
import { isWrite } from './fakes/kill-switch.js';
import { quiesce } from './fakes/world.js';

/*
 * Fault runs of the two-way mail sync against the real connectors: GraphClient over HTTP against the
 * Graph sandbox, the IMAP connector against a private Dovecot. A "process" is a MailboxSync with new
 * sides and new clients over the same SQLite file; a crash kills it between (or right after) any call it
 * makes to a provider, the status store or the audit log. Every test ends with both sides converged.
 */

const FOLDERS = folderMap();
/** Where the logical folders live: Dovecot's special-use folders (test/helpers/dovecot.ts) and Graph's well-known names. */
const IMAP_PATH: Record<string, string> = { inbox: 'INBOX', sent: 'Sent', archive: 'Archive', trash: 'Trash' };
const GRAPH_FOLDER: Record<string, string> = { inbox: 'inbox', sent: 'sentitems', archive: 'archive', trash: 'deleteditems' };
/** failed items are retried on the very next run (the default waits 30 s) */
const RETRY_NOW = { baseMs: 0, maxMs: 0, maxAttempts: 20 };
const DT_FROM = '"张伟" <zhang.wei@dingtalk.example>';
const EX_FROM = '"李雷" <li.lei@contoso.example>';

let dovecot: DovecotServer;

/** A small seeded PRNG (mulberry32): the same seed always crashes at the same points. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class ProcessKilled extends Error {
  override readonly name = 'ProcessKilled';
  constructor(readonly at: string) {
    super(`process killed at ${at}`);
  }
}

/**
 * Kills the "process" at write number `killAt` (kill-switch.ts names the writes: provider writes, status
 * store writes, audit) over everything it wraps: `before` refuses that call,
 * `after` lets it take effect and loses its answer. Every later call throws too, so nothing the dying
 * engine attempts afterwards (quarantine, cursors, audit) lands.
 */
class Crash {
  calls = 0;
  dead = false;
  at: string | null = null;

  constructor(
    private readonly killAt: number,
    private readonly mode: 'before' | 'after',
    /** count only this call (e.g. `graph.importMessage`) instead of every write */
    private readonly only?: string,
  ) {}

  wrap<T extends object>(label: string, target: T): T {
    return new Proxy(target, {
      get: (t, prop) => {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function' || prop === 'constructor') return value;
        // why: `apply(t, …)` keeps the target as `this`, which private (#) fields of the clients need
        return (...args: unknown[]) => this.call(`${label}.${String(prop)}`, () => (value as (...a: unknown[]) => unknown).apply(t, args));
      },
    });
  }

  private call(at: string, run: () => unknown): unknown {
    if (this.dead) throw new ProcessKilled(at);
    if (this.only !== undefined ? at !== this.only : !isWrite(at)) return run();
    const step = this.calls++;
    if (step !== this.killAt) return run();
    this.at = `${at} (${this.mode})`;
    if (this.mode === 'before') {
      this.dead = true;
      throw new ProcessKilled(at);
    }
    return Promise.resolve(run()).then(
      () => this.die(at),
      () => this.die(at),
    );
  }

  private die(at: string): never {
    this.dead = true;
    throw new ProcessKilled(at);
  }
}

interface ProcessOptions {
  crash?: Crash;
  graphClient?: Partial<Omit<GraphClientOptions, 'logger'>>;
  /** wraps the raw providers (after the crash wrapper) to act at a precise moment */
  imapHook?: (provider: MailboxProvider) => MailboxProvider;
  graphHook?: (provider: GraphMailProvider) => GraphMailProvider;
  onProgress?: () => void;
}

/** One engine "process": its own clients, sides and store handle over the shared SQLite file. */
interface SyncProcess {
  sync: MailboxSync;
  graph: GraphClient;
  imap: MailboxProvider;
  close(): Promise<void>;
}

/** One test's world: a fresh Dovecot user, a Graph sandbox mailbox, a SQLite file, and the engine processes run over them. */
class Rig {
  /** every Message-ID the test put anywhere; none may get lost */
  readonly expected = new Set<string>();
  private readonly processes: SyncProcess[] = [];
  readonly log = memoryLogger('warn');
  private inspector: MailboxProvider | null = null;

  private constructor(
    readonly env: GraphEnv,
    readonly account: DovecotUser,
    public peer: ImapPeer,
    readonly dir: string,
  ) {}

  static async open(sandbox: GraphSandboxOptions = {}): Promise<Rig> {
    const env = await graphEnv({ randomSeed: 7, ...sandbox });
    const account = await dovecot.createUser();
    return new Rig(env, account, new ImapPeer(dovecot, account), await mkdtemp(join(tmpdir(), 'mail-fault-')));
  }

  get logger(): Logger {
    return this.log.logger;
  }

  get dbPath(): string {
    return join(this.dir, 'sync.db');
  }

  newGraphClient(extra: Partial<Omit<GraphClientOptions, 'logger'>> = {}): GraphClient {
    const { sandbox, origin } = this.env;
    return new GraphClient({
      tenantId: sandbox.tenantId,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      tokenEndpoint: `${origin}/{tenant}/oauth2/v2.0/token`,
      baseUrl: `${origin}/v1.0`,
      backoffBaseMs: 5,
      tokenRefreshMarginMs: 0,
      timeoutMs: 10_000,
      ...extra,
      logger: this.logger,
    });
  }

  newImap(): MailboxProvider {
    return openImapMailbox({ host: dovecot.host, port: dovecot.port, secure: false, user: this.account.user, password: this.account.password, logger: this.logger, pollIntervalMs: 100 });
  }

  /** Starts a new engine process over the store file (a restart when one ran before). */
  async start(options: ProcessOptions = {}): Promise<SyncProcess> {
    const store: Store = await openStore(`sqlite:${this.dbPath}`);
    const graph = this.newGraphClient(options.graphClient);
    const imap = this.newImap();
    const crash = options.crash;
    const wrap = <T extends object>(label: string, target: T): T => (crash === undefined ? target : crash.wrap(label, target));
    const imapSeen = options.imapHook === undefined ? imap : options.imapHook(imap);
    const graphSeen = options.graphHook === undefined ? graph : options.graphHook(graph);
    const sync = new MailboxSync({
      mailbox: UPN,
      store: wrap('store', new MailSyncStore(store.db)),
      sides: {
        dingtalk: new DingTalkSide({ provider: wrap('imap', imapSeen), folders: FOLDERS, logger: this.logger }),
        exchange: new ExchangeSide({ provider: wrap('graph', graphSeen), mailbox: UPN, folders: FOLDERS, logger: this.logger }),
      },
      folders: FOLDERS,
      audit: wrap('audit', store.audit),
      logger: this.logger,
      retry: RETRY_NOW,
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    });
    let closed = false;
    const proc: SyncProcess = {
      sync,
      graph,
      imap,
      async close() {
        if (closed) return;
        closed = true;
        await imap.close().catch(() => undefined);
        await graph.close().catch(() => undefined);
        await store.close();
      },
    };
    this.processes.push(proc);
    return proc;
  }

  /** Runs `work` in a process that is killed by `crash`; asserts it did die, then closes it. */
  async crashRun(crash: Crash, work: (proc: SyncProcess) => Promise<unknown>, options: Omit<ProcessOptions, 'crash'> = {}): Promise<void> {
    const proc = await this.start({ ...options, crash });
    await assert.rejects(work(proc), (error: Error) => error instanceof ProcessKilled || crash.dead, 'the process died');
    assert.ok(crash.dead, 'the crash point was reached');
    await proc.close();
  }

  /** A clean process: finishes what earlier ones left (backfill, then syncs until nothing is planned). */
  async finish(proc?: SyncProcess): Promise<SyncProcess> {
    const p = proc ?? (await this.start());
    await p.sync.backfill();
    await quiesce(p.sync, 8);
    return p;
  }

  async imapMail(prefix: string, count: number, options: { path?: string; flags?: (i: number) => Partial<MailFlags> } = {}): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const messageId = `<${prefix}-${i}@dingtalk.example>`;
      const raw = await composeMessage({
        from: DT_FROM,
        to: [UPN],
        subject: `${prefix} ${i} 钉钉`,
        text: `body ${prefix} ${i}`,
        messageId,
        date: new Date(Date.UTC(2026, 0, 5, 9, i)),
      });
      await this.peer.deliver(options.path ?? 'INBOX', raw, options.flags?.(i) ?? {});
      this.expected.add(messageId);
      ids.push(messageId);
    }
    return ids;
  }

  async graphMail(prefix: string, count: number, options: { folder?: string; read?: (i: number) => boolean; flagged?: (i: number) => boolean } = {}): Promise<SandboxMessage[]> {
    const out: SandboxMessage[] = [];
    for (let i = 0; i < count; i++) {
      const messageId = `<${prefix}-${i}@contoso.example>`;
      out.push(
        await this.env.seed.deliver({
          folder: options.folder ?? 'inbox',
          internetMessageId: messageId,
          subject: `${prefix} ${i} Outlook`,
          from: EX_FROM,
          to: [UPN],
          text: `body ${prefix} ${i}`,
          receivedAt: Date.UTC(2026, 0, 6, 9, i),
          isRead: options.read?.(i) ?? false,
          flagged: options.flagged?.(i) ?? false,
        }),
      );
      this.expected.add(messageId);
    }
    return out;
  }

  /** `Message-ID|folder|seen|flagged` of every message in the mapped folders of one side, sorted. */
  async held(): Promise<{ dingtalk: string[]; exchange: string[] }> {
    this.inspector ??= this.newImap();
    const dingtalk: string[] = [];
    for (const [key, path] of Object.entries(IMAP_PATH)) {
      const all = await this.inspector.changesSince(path, null, []);
      for (const m of all.changed) dingtalk.push(line(m.messageId, key, m.flags.seen, m.flags.flagged));
    }
    const exchange: string[] = [];
    for (const [key, name] of Object.entries(GRAPH_FOLDER)) {
      for (const m of this.env.seed.messages(name)) if (!m.isDraft) exchange.push(line(m.internetMessageId, key, m.isRead, m.flagged));
    }
    return { dingtalk: dingtalk.sort(), exchange: exchange.sort() };
  }

  /** Both sides hold the same messages in the same folders with the same flags, none twice, none lost. */
  async assertConverged(options: { exceptTrash?: boolean } = {}): Promise<{ dingtalk: string[]; exchange: string[] }> {
    const all = await this.held();
    // after a hard delete on one side, the other side's copy waits in its trash: that is the design
    const keep = (l: string): boolean => options.exceptTrash !== true || !l.includes('|trash|');
    const held = { dingtalk: all.dingtalk.filter(keep), exchange: all.exchange.filter(keep) };
    const anywhere = new Set([...all.dingtalk, ...all.exchange].map((l) => l.split('|')[0] as string));
    assert.deepEqual([...this.expected].filter((id) => !anywhere.has(id)), [], 'nothing lost anywhere');
    for (const side of ['dingtalk', 'exchange'] as const) {
      const ids = held[side].map((l) => l.split('|')[0] as string);
      assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], `no Message-ID twice on ${side}`);
      if (options.exceptTrash !== true) assert.deepEqual([...this.expected].filter((id) => !ids.includes(id)), [], `nothing lost on ${side}`);
    }
    assert.deepEqual(held.dingtalk, held.exchange, 'both sides agree');
    return held;
  }

  /** A new "user" session after the old one was kicked. */
  async reconnectPeer(): Promise<void> {
    await this.peer.close().catch(() => undefined);
    this.peer = new ImapPeer(dovecot, this.account);
  }

  /** Active links in the status store (one per synced message). */
  async activeLinks(): Promise<number> {
    const store = await openStore(`sqlite:${this.dbPath}`);
    try {
      return (await new MailSyncStore(store.db).allLinks(UPN)).filter((l) => l.state === 'active').length;
    } finally {
      await store.close();
    }
  }

  async imapUid(path: string, messageId: string): Promise<number> {
    this.inspector ??= this.newImap();
    const uids = await this.inspector.findByMessageId(path, messageId);
    assert.equal(uids.length, 1, `${messageId} once in ${path}`);
    return uids[0] as number;
  }

  graphMessage(messageId: string): SandboxMessage {
    const found = this.env.seed.messages().filter((m) => m.internetMessageId === messageId);
    assert.equal(found.length, 1, `${messageId} once in exchange`);
    return found[0] as SandboxMessage;
  }

  async close(): Promise<void> {
    for (const p of this.processes) await p.close().catch(() => undefined);
    await this.inspector?.close().catch(() => undefined);
    await this.peer.close().catch(() => undefined);
    await this.env.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function line(messageId: string | null, folder: string, seen: boolean, flagged: boolean): string {
  return `${messageId ?? '(none)'}|${folder}|${seen ? 'seen' : 'unseen'}|${flagged ? 'flagged' : '-'}`;
}

/** A mix on both sides: inbox and sent mail, some read or flagged, one message both sides already hold. */
async function seedBothSides(rig: Rig, tag: string): Promise<void> {
  await rig.imapMail(`${tag}-dt`, 6, { flags: (i) => ({ seen: i % 2 === 0, flagged: i % 3 === 0 }) });
  await rig.imapMail(`${tag}-dtsent`, 2, { path: 'Sent', flags: () => ({ seen: true }) });
  await rig.graphMail(`${tag}-ex`, 6, { read: (i) => i % 2 === 1, flagged: (i) => i === 4 });
  await rig.graphMail(`${tag}-exarch`, 2, { folder: 'archive', read: () => true });
  // the same message in both mailboxes before the first sync: linked, never copied
  const shared = `<${tag}-both@example.com>`;
  const raw = await composeMessage({ from: DT_FROM, to: [UPN], subject: `${tag} both`, text: 'both', messageId: shared, date: new Date(Date.UTC(2026, 0, 4)) });
  await rig.peer.deliver('INBOX', raw, { seen: true });
  await rig.env.seed.deliver({ mime: raw, internetMessageId: shared, isRead: true, receivedAt: Date.UTC(2026, 0, 4) });
  rig.expected.add(shared);
}

describe('mail sync fault runs (Graph sandbox over HTTP + Dovecot)', function () {
  this.timeout(30_000);
  let rig: Rig;

  before(async () => {
    dovecot = await startDovecot();
  });
  after(async () => {
    await dovecot?.stop();
  });
  afterEach(async () => {
    await rig?.close();
  });

  describe('crash during backfill at seeded random points', () => {
    for (const seed of [11, 23, 37]) {
      it(`seed ${seed}: two crashes, two restarts, then finished: nothing lost, nothing twice`, async () => {
        rig = await Rig.open();
        await seedBothSides(rig, `s${seed}`);
        const random = prng(seed);
        const points: string[] = [];
        for (let round = 0; round < 2; round++) {
          // a clean backfill of this mailbox makes 73 writes: the first crash lands within it, the second
          // within what the restarted process has left
          const killAt = round === 0 ? 3 + Math.floor(random() * 50) : Math.floor(random() * 15);
          const crash = new Crash(killAt, random() < 0.5 ? 'before' : 'after');
          await rig.crashRun(crash, (p) => p.sync.backfill());
          points.push(crash.at ?? '');
        }
        const final = await rig.finish();
        const held = await rig.assertConverged();
        assert.equal(held.exchange.length, rig.expected.size);
        // one link per message, all active
        assert.equal(await rig.activeLinks(), rig.expected.size, `links after crashes at ${points.join(', ')}`);
        assert.ok((await final.sync.backfill()).folders.every((f) => f.outcome === 'skipped'));
      });
    }
  });

  describe('crash right after a create took effect (its answer lost with the process)', () => {
    for (const call of ['graph.importMessage', 'imap.append'] as const) {
      for (const nth of [0, 3]) {
        it(`${call} #${nth}: the restart adopts the copy by its stamp instead of copying again`, async () => {
          rig = await Rig.open();
          await seedBothSides(rig, `c${nth}`);
          await rig.crashRun(new Crash(nth, 'after', call), (p) => p.sync.backfill());
          const final = await rig.start();
          const result = await final.sync.backfill();
          await quiesce(final.sync, 8);
          await rig.assertConverged();
          assert.equal(await rig.activeLinks(), rig.expected.size);
          assert.ok(result.progress.done > 0);
        });
      }
    }
  });

  describe('steady state', () => {
    it('crashes while copying new mail and flag changes both ways, then lost Graph answers: converges', async () => {
      rig = await Rig.open();
      await rig.imapMail('st-dt', 3);
      await rig.graphMail('st-ex', 3);
      await (await rig.finish()).close();
      await rig.assertConverged();

      await rig.imapMail('st-newdt', 4, { flags: (i) => ({ flagged: i === 1 }) });
      await rig.graphMail('st-newex', 4, { read: (i) => i === 2 });
      await rig.peer.setFlags('INBOX', await rig.imapUid('INBOX', '<st-dt-0@dingtalk.example>'), { seen: true });
      rig.env.seed.flag(rig.graphMessage('<st-ex-1@contoso.example>').id);
      // the first two Graph writes run but answer 500 (a lost answer; the client re-checks before redoing)
      rig.env.sandbox.setKnobs({ failNextAfterCommit: 2 });
      const random = prng(5);
      for (const killAt of [2 + Math.floor(random() * 20), Math.floor(random() * 6)]) {
        await rig.crashRun(new Crash(killAt, random() < 0.5 ? 'before' : 'after'), (p) => quiesce(p.sync, 8));
      }
      await rig.finish();
      const held = await rig.assertConverged();
      assert.ok(held.exchange.includes('<st-dt-0@dingtalk.example>|inbox|seen|-'));
      assert.ok(held.dingtalk.includes('<st-ex-1@contoso.example>|inbox|unseen|flagged'));
      assert.ok(held.dingtalk.includes('<st-newdt-1@dingtalk.example>|inbox|unseen|flagged'));
      assert.equal(rig.env.sandbox.knobs().failNextAfterCommit, 0, 'the lost answers were exercised');
    });
  });

  describe('Graph change notifications duplicated, reordered, delayed and dropped', () => {
    it('every change arrives (dropped ones through the delta net), nothing doubled', async () => {
      rig = await Rig.open();
      await rig.imapMail('nt-dt', 2);
      await rig.graphMail('nt-ex', 2);
      const proc = await rig.finish();
      const scheduler = new MailSyncScheduler({ logger: rig.logger, debounceMs: 20 });
      scheduler.add(proc.sync);
      const clientState = 'fault-runs-client-state';
      const receiver = Fastify({ logger: false });
      let received = 0;
      await receiver.register(
        graphWebhook({
          onNotifications: (list) => {
            received += list.length;
            for (const n of list) if (n.clientState === clientState) scheduler.notify(UPN, 'inbox', 'exchange');
          },
          onLifecycle: () => undefined,
          clientStateFor: () => clientState,
        }),
        { prefix: '/hooks' },
      );
      await receiver.listen({ host: '127.0.0.1', port: 0 });
      const stopWatch = await proc.imap.watch('INBOX', () => scheduler.notify(UPN, 'inbox', 'dingtalk'));
      try {
        const base = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks/graph`;
        await proc.graph.createSubscription(UPN, {
          folderId: rig.env.seed.folderId('inbox'),
          notificationUrl: `${base}/notifications`,
          lifecycleNotificationUrl: `${base}/lifecycle`,
          clientState,
          expiresAt: Date.now() + 3_600_000,
        });
        rig.env.sandbox.setKnobs({ duplicateNotifications: 0.4, reorderNotifications: 0.3, dropNotifications: 0.3, notificationDelayMs: 15 });
        const fresh = await rig.graphMail('nt-new', 10, { flagged: (i) => i === 3 });
        rig.env.seed.markRead(rig.graphMessage('<nt-ex-0@contoso.example>').id);
        rig.env.seed.flag(fresh[5]?.id ?? '');
        await rig.imapMail('nt-newdt', 2);
        await rig.env.sandbox.notificationsSettled();
        await scheduler.idle();
        const stats = rig.env.sandbox.stats().notifications;
        assert.ok(stats.dropped > 0 && stats.duplicated > 0 && stats.reordered > 0, JSON.stringify(stats));
        assert.ok(received > 0, 'notifications reached the webhook');
      } finally {
        await stopWatch();
        await scheduler.remove(UPN);
        await receiver.close();
      }
      // the periodic delta (here called directly) is the net under dropped notifications
      await proc.sync.syncFolder('inbox');
      await quiesce(proc.sync, 8);
      const held = await rig.assertConverged();
      assert.ok(held.dingtalk.includes('<nt-ex-0@contoso.example>|inbox|seen|-'));
      assert.ok(held.dingtalk.includes('<nt-new-5@contoso.example>|inbox|unseen|flagged'));
    });
  });

  describe('429 storm during backfill', () => {
    it('completes under a tiny request budget and one request at a time, with no duplicates', async () => {
      rig = await Rig.open({ knobs: { concurrencyPerMailbox: 1, budgetPerWindow: 6, budgetWindowMs: 100, retryAfterSeconds: 0.02 } });
      await seedBothSides(rig, 'tr');
      const proc = await rig.start({ graphClient: { maxAttempts: 12, maxBackoffMs: 200 } });
      await rig.finish(proc);
      await rig.assertConverged();
      const traffic = rig.env.sandbox.stats().mailboxes[UPN.toLowerCase()];
      const throttled = (traffic?.budgetThrottled ?? 0) + (traffic?.concurrencyThrottled ?? 0);
      assert.ok(throttled > 0, `429s seen: ${JSON.stringify(traffic)}`);
    });
  });

  describe('token expiry mid-run', () => {
    it('completes when tokens expire during the backfill', async () => {
      rig = await Rig.open({ knobs: { tokenTtlSeconds: 1 } });
      await seedBothSides(rig, 'tk');
      let steps = 0;
      const proc = await rig.start({
        onProgress: () => {
          steps += 1;
          if (steps % 4 === 0) rig.env.sandbox.expireTokens();
        },
      });
      await rig.finish(proc);
      await rig.assertConverged();
      assert.ok(steps >= 8, `${steps} steps`);
      assert.ok(rig.env.sandbox.stats().tokensIssued >= 3, `tokens issued: ${rig.env.sandbox.stats().tokensIssued}`);
    });
  });

  describe('a synced folder suddenly empty', () => {
    it('Graph inbox emptied: the breaker stops, nothing is deleted in DingTalk until released, then it goes to Trash', async () => {
      rig = await Rig.open();
      const ids = (await rig.graphMail('br-ex', 12)).map((m) => m.internetMessageId as string);
      const proc = await rig.finish();
      assert.equal(rig.env.seed.emptyFolder('inbox'), 12);

      for (let run = 0; run < 2; run++) {
        const result = await proc.sync.syncFolder('inbox');
        assert.equal(result.outcome, 'stopped');
        assert.equal(result.report.trashed, 0);
      }
      const before = await rig.held();
      assert.equal(before.dingtalk.filter((l) => l.includes('|inbox|')).length, 12, 'nothing deleted on the DingTalk side');
      const status = await proc.sync.status();
      assert.equal(status.breakers.filter((b) => b.folder === 'inbox' && b.state === 'open').length, 1, JSON.stringify(status.breakers));
      assert.equal(status.state, 'stopped');

      assert.equal(await proc.sync.releaseBreaker('inbox', 'admin-1'), true);
      const released = await proc.sync.syncFolder('inbox');
      assert.equal(released.outcome, 'ok');
      assert.equal(released.report.trashed, 12);
      const after = await rig.held();
      assert.deepEqual(after.dingtalk.filter((l) => l.includes('|inbox|')), []);
      const inTrash = after.dingtalk.filter((l) => l.includes('|trash|')).map((l) => l.split('|')[0]);
      assert.deepEqual(inTrash.sort(), [...ids].sort(), 'moved to Trash, not expunged');
      assert.deepEqual((await proc.sync.status()).breakers.filter((b) => b.state === 'open'), []);
      await quiesce(proc.sync, 8);
      const settled = await rig.assertConverged({ exceptTrash: true });
      assert.deepEqual(settled.exchange, [], 'not resurrected in Exchange');
      assert.equal((await rig.held()).dingtalk.length, 12, 'the DingTalk copies stay in Trash, once each');
    });

    it('DingTalk INBOX expunged by the user: the breaker stops, nothing moves in Exchange until released, then Deleted Items', async () => {
      rig = await Rig.open();
      const ids = await rig.imapMail('br-dt', 12);
      const proc = await rig.finish();
      for (const id of ids) await rig.peer.remove('INBOX', await rig.imapUid('INBOX', id));

      const result = await proc.sync.syncFolder('inbox');
      assert.equal(result.outcome, 'stopped');
      assert.equal(rig.env.seed.messages('inbox').length, 12, 'nothing moved in Exchange');
      assert.equal((await proc.sync.status()).breakers.filter((b) => b.folder === 'inbox' && b.state === 'open').length, 1);

      assert.equal(await proc.sync.releaseBreaker('inbox', 'admin-1'), true);
      assert.equal((await proc.sync.syncFolder('inbox')).outcome, 'ok');
      assert.equal(rig.env.seed.messages('inbox').length, 0);
      assert.deepEqual(rig.env.seed.messages('deleteditems').map((m) => m.internetMessageId).sort(), [...ids].sort(), 'in Deleted Items, not hard deleted');
      await quiesce(proc.sync, 8);
      const settled = await rig.assertConverged({ exceptTrash: true });
      assert.deepEqual(settled.dingtalk, [], 'not resurrected in DingTalk');
      assert.equal((await rig.held()).exchange.length, 12, 'the Exchange copies stay in Deleted Items, once each');
    });
  });

  describe('UIDVALIDITY change on Dovecot', () => {
    it('the next sync relinks by stamp / Message-ID and copies nothing again', async () => {
      rig = await Rig.open();
      await seedBothSides(rig, 'uv');
      await (await rig.finish()).close();
      const graphCount = rig.env.seed.messages().length;
      await rig.peer.resetUidValidity('INBOX');
      await dovecot.kick(rig.account.user);
      await rig.reconnectPeer();
      const proc = await rig.start();
      const results = await proc.sync.syncAll();
      assert.equal(results.reduce((n, r) => n + r.report.created, 0), 0, 'nothing copied again');
      assert.ok(rig.log.lines.some((l) => l.msg === 'IMAP UIDVALIDITY changed; relinking the folder'), 'the change was seen and relinked');
      assert.equal(rig.env.seed.messages().length, graphCount);
      await quiesce(proc.sync, 8);
      await rig.assertConverged();
      // new mail still flows after the relink
      await rig.imapMail('uv-after', 1);
      await quiesce(proc.sync, 8);
      await rig.assertConverged();
      assert.equal(rig.env.seed.messages().length, graphCount + 1);
    });
  });

  describe('an item moved by the user while the engine is copying it', () => {
    it('moved in DingTalk while being read for the copy, and in Outlook likewise: both converge in Archive', async () => {
      rig = await Rig.open();
      await rig.imapMail('mv-dt', 3);
      await rig.graphMail('mv-ex', 3);
      const user = rig.newImap();
      const movingDt = '<mv-dt-1@dingtalk.example>';
      const movingEx = rig.graphMessage('<mv-ex-1@contoso.example>');
      let movedDt = false;
      let movedEx = false;
      const proc = await rig.start({
        // the user moves the message in the instant between the engine's read and its copy
        imapHook: (imap) =>
          new Proxy(imap, {
            get: (t, prop) => {
              const value = Reflect.get(t, prop, t) as unknown;
              if (prop !== 'fetchRaw' || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
              return async (path: string, uid: number) => {
                const raw = (await (value as MailboxProvider['fetchRaw']).call(t, path, uid)) as Buffer | null;
                if (!movedDt && raw?.includes(movingDt) === true) {
                  movedDt = true;
                  await user.move('INBOX', await rig.imapUid('INBOX', movingDt), 'Archive');
                }
                return raw;
              };
            },
          }),
        graphHook: (graph) =>
          new Proxy(graph, {
            get: (t, prop) => {
              const value = Reflect.get(t, prop, t) as unknown;
              if (prop !== 'getMime' || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
              return async (mailbox: string, id: string) => {
                const raw = await (value as GraphMailProvider['getMime']).call(t, mailbox, id);
                if (!movedEx && id === movingEx.id) {
                  movedEx = true;
                  rig.env.seed.move(id, 'archive');
                }
                return raw;
              };
            },
          }),
      });
      try {
        await rig.finish(proc);
      } finally {
        await user.close();
      }
      assert.ok(movedDt && movedEx, 'both moves happened mid-copy');
      const held = await rig.assertConverged();
      assert.ok(held.exchange.some((l) => l.startsWith(`${movingDt}|archive|`)), JSON.stringify(held));
      assert.ok(held.dingtalk.some((l) => l.startsWith('<mv-ex-1@contoso.example>|archive|')), JSON.stringify(held));
    });
  });
});
