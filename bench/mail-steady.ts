import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../server/logger.js';
import type { SandboxMailbox as GraphSandboxMailbox } from '../server/sandbox/graph/mailbox-api.js';
import { createSandboxMailbox, type SandboxMailbox } from '../server/sandbox/mailbox/sandbox-mailbox.js';
import { openStore } from '../server/store/store.js';
import { folderMap } from '../server/sync/mail/folders.js';
import { MailSyncStore } from '../server/sync/mail/mail-sync-store.js';
import type { Side } from '../server/sync/mail/model.js';
import { MailSyncScheduler } from '../server/sync/mail/scheduler.js';
import { benchMessage, benchMessageId, createPair, DOCUMENTED_GRAPH_LIMITS, graphRequests, seedDingTalk, startGraph, type GraphLimits } from './mail-env.js';
import { quiesce, wirePush } from './mail-push.js';

export type ChangeKind = 'new mail' | 'flag';

/** One round: `burst` changes of one kind made on one side at once, and what they took until all settled. */
export interface RoundSample {
  kind: ChangeKind;
  /** the side the user changed */
  from: Side;
  burst: number;
  /** per change: change → visible on the other side; null when it never showed within the timeout */
  latenciesMs: Array<number | null>;
  /** until everything settled (echoes included): MailboxProvider calls by method */
  imap: Record<string, number>;
  /** the same for GraphMailProvider calls by method */
  graphMethods: Record<string, number>;
  /** Graph HTTP requests of the mailbox's lane (client stats; a `$batch` counts once) */
  graphRequests: number;
}

export interface SteadyStatePhase {
  rounds: number;
  /** changes per round, made back to back (1: each change alone) */
  burst: number;
}

export interface SteadyStateOptions {
  /** messages backfilled before the changes start (80 % INBOX); folder size matters to the IMAP side's reads */
  setupMessages: number;
  /** rounds cycle: DingTalk new mail, Exchange new mail, DingTalk flag change, Exchange flag change */
  phases: readonly SteadyStatePhase[];
  limits?: GraphLimits;
  /** the scheduler's gathering window (its default is 200 ms) */
  debounceMs?: number;
  timeoutMs?: number;
}

export interface SteadyStateResult {
  samples: RoundSample[];
  subscriptions: number;
  /** 429s the client saw during the changes */
  throttled: number;
  /** INBOX differences between the sides at the end (Message-ID, read, flagged); 0 when in agreement */
  mismatches: number;
}

const MAILBOX = 'steady.bench@contoso.example';

/** A linked INBOX message on both sides, with the flags the benchmark last gave it. */
interface Linked {
  uid: number;
  exId: string;
  seen: boolean;
  flagged: boolean;
}

type Check = () => Promise<boolean> | boolean;

/**
 * Steady state of one mailbox pair after its backfill, driven only by change notices (Graph
 * subscriptions to our webhook, IMAP watch), never by polling. Each round's changes are made, then
 * everything is left to settle before the next round, so a round's latencies and call counts belong to
 * its changes alone — with the echo of the engine's own writes, which is part of their cost. Latency is
 * measured in-process from the user's change to the moment the other side's sandbox holds the result,
 * seen through the sandboxes' own change hooks (no API call the counters would see). Everything (both
 * sandboxes, webhook, engine) shares one event loop. The sandbox delivers Graph notifications at once;
 * real Graph adds its own delivery delay (microsoft.md §5.3), which is not in these figures.
 */
export async function runSteadyState(options: SteadyStateOptions): Promise<SteadyStateResult> {
  const limits = options.limits ?? DOCUMENTED_GRAPH_LIMITS;
  const debounceMs = options.debounceMs ?? 200;
  const logger = createLogger('error');
  const folders = folderMap();
  const dir = mkdtempSync(join(tmpdir(), 'bridge-mail-steady-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.sqlite')}`);
  const graph = await startGraph(limits, logger, [MAILBOX]);
  const imap = createSandboxMailbox({ address: 'steady.bench@dingtalk.example' });
  const scheduler = new MailSyncScheduler({ logger, debounceMs });
  const visibility = new Visibility(options.timeoutMs ?? 30_000);
  let wiring: Awaited<ReturnType<typeof wirePush>> | null = null;
  let stopWatch: (() => Promise<void>) | null = null;
  try {
    await seedDingTalk(imap, options.setupMessages);
    const pair = createPair({ mailbox: MAILBOX, imap, graph: graph.client, store: new MailSyncStore(store.db), audit: store.audit, folders, logger });
    await pair.engine.backfill();
    // the backfill's own imports come back in the first Exchange delta: read them once before measuring
    await pair.engine.syncAll();
    scheduler.add(pair.engine);
    wiring = await wirePush({ scheduler, graph: graph.client, pairs: [pair], folders });

    const exchange = graph.sandbox.mailbox(MAILBOX);
    const exIdByMessageId = new Map(exchange.messages('inbox').map((m) => [m.internetMessageId, m.id]));
    const linked: Linked[] = (await imap.changesSince('INBOX', null, [])).changed
      .filter((m) => m.messageId !== null && exIdByMessageId.has(m.messageId))
      .map((m) => ({ uid: m.uid, exId: exIdByMessageId.get(m.messageId) as string, seen: m.flags.seen, flagged: m.flags.flagged }));
    const createdInExchange = new Set<string>();
    graph.onChange((change) => {
      if (change.changeType === 'created' && change.message.internetMessageId !== null) createdInExchange.add(change.message.internetMessageId);
      queueMicrotask(() => visibility.poke());
    });
    stopWatch = await imap.watch('INBOX', () => visibility.poke());
    const world: ChangeWorld = { imap, exchange, linked, createdInExchange };

    await quiesce(graph.sandbox, scheduler, [MAILBOX], debounceMs);
    const throttledBefore = graphRequests(graph.client, MAILBOX).throttled;
    const samples: RoundSample[] = [];
    let serial = 0;
    for (const phase of options.phases) {
      for (let round = 0; round < phase.rounds; round++) {
        const from: Side = round % 2 === 0 ? 'dingtalk' : 'exchange';
        const kind: ChangeKind = round % 4 < 2 ? 'new mail' : 'flag';
        const imapBefore = pair.imapCalls.snapshot();
        const graphBefore = pair.graphCalls.snapshot();
        const requestsBefore = graphRequests(graph.client, MAILBOX).requests;
        const pending: Array<Promise<number | null>> = [];
        for (let k = 0; k < phase.burst; k++, serial++) {
          const prepared = await prepareChange(world, kind, from, serial);
          const started = performance.now();
          const check = await prepared();
          pending.push(visibility.wait(check).then((at) => (at === null ? null : at - started)));
        }
        const latenciesMs = await Promise.all(pending);
        await quiesce(graph.sandbox, scheduler, [MAILBOX], debounceMs);
        samples.push({
          kind,
          from,
          burst: phase.burst,
          latenciesMs,
          imap: pair.imapCalls.since(imapBefore),
          graphMethods: pair.graphCalls.since(graphBefore),
          graphRequests: graphRequests(graph.client, MAILBOX).requests - requestsBefore,
        });
      }
    }

    const exView = new Set(exchange.messages('inbox').map((m) => `${m.internetMessageId}|${m.isRead}|${m.flagged}`));
    const dtView = new Set((await imap.changesSince('INBOX', null, [])).changed.map((m) => `${m.messageId}|${m.flags.seen}|${m.flags.flagged}`));
    const mismatches = [...exView].filter((v) => !dtView.has(v)).length + [...dtView].filter((v) => !exView.has(v)).length;
    return { samples, subscriptions: wiring.subscriptions, throttled: graphRequests(graph.client, MAILBOX).throttled - throttledBefore, mismatches };
  } finally {
    visibility.close();
    await stopWatch?.();
    await scheduler.stop();
    await wiring?.close();
    await graph.close();
    await imap.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ChangeWorld {
  imap: SandboxMailbox;
  exchange: GraphSandboxMailbox;
  linked: Linked[];
  createdInExchange: Set<string>;
}

/**
 * Prepares change number `serial` (a message to deliver is composed beforehand, outside the timing) and
 * returns the act itself, which makes the change as a user would and returns the check that it arrived.
 * Flag changes alternate between the read state and the follow-up flag, on a different message each time.
 */
async function prepareChange(world: ChangeWorld, kind: ChangeKind, from: Side, serial: number): Promise<() => Promise<Check>> {
  const { imap, exchange } = world;
  if (kind === 'new mail' && from === 'dingtalk') {
    const date = new Date();
    const raw = await benchMessage(1_000_000 + serial, imap.address, false, date);
    const messageId = benchMessageId(1_000_000 + serial, date);
    return async () => {
      await imap.deliver(raw, { folder: 'INBOX' });
      return () => world.createdInExchange.has(messageId);
    };
  }
  if (kind === 'new mail') {
    const messageId = `<outlook-${serial}-${Date.now()}@contoso.example>`;
    return async () => {
      await exchange.deliver({ folder: 'inbox', subject: `Outlook 新邮件 ${serial}`, from: { name: 'Peter Müller', address: 'peter.mueller@partner.example' }, to: [MAILBOX], text: 'Sent from Outlook.', internetMessageId: messageId });
      return async () => (await imap.findByMessageId('INBOX', messageId)).length > 0;
    };
  }
  const target = world.linked[serial % world.linked.length];
  if (target === undefined) throw new Error('no linked INBOX message to change');
  const flags = serial % 8 >= 4 ? { flagged: !target.flagged } : { seen: !target.seen };
  return async () => {
    if (from === 'dingtalk') await imap.userSetFlags('INBOX', target.uid, flags);
    else if (flags.flagged !== undefined) exchange.flag(target.exId, flags.flagged);
    else exchange.markRead(target.exId, flags.seen);
    Object.assign(target, flags);
    const want = { seen: target.seen, flagged: target.flagged };
    if (from === 'dingtalk') {
      return () => {
        const now = exchange.message(target.exId);
        return now !== null && now.isRead === want.seen && now.flagged === want.flagged;
      };
    }
    return async () => {
      const now = await imap.getMessage('INBOX', target.uid);
      return now !== null && now.flags.seen === want.seen && now.flags.flagged === want.flagged;
    };
  };
}

interface Waiter {
  check: Check;
  resolve: (at: number | null) => void;
  timer: NodeJS.Timeout | null;
}

/** Waiters for "the change is visible"; re-checked on every sandbox change (poke), never on a timer. */
class Visibility {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly timeoutMs: number) {}

  /** Resolves with the performance.now() at which `check` first held, or null after the timeout. */
  wait(check: Check): Promise<number | null> {
    return new Promise((resolve) => {
      const waiter: Waiter = { check, resolve, timer: null };
      waiter.timer = setTimeout(() => this.finish(waiter, null), this.timeoutMs);
      this.waiters.add(waiter);
      this.pokeOne(waiter);
    });
  }

  poke(): void {
    for (const waiter of this.waiters) this.pokeOne(waiter);
  }

  close(): void {
    for (const waiter of this.waiters) this.finish(waiter, null);
  }

  private pokeOne(waiter: Waiter): void {
    const at = performance.now();
    void Promise.resolve(waiter.check()).then((ok) => {
      if (ok) this.finish(waiter, at);
    });
  }

  private finish(waiter: Waiter, at: number | null): void {
    if (!this.waiters.delete(waiter)) return;
    if (waiter.timer !== null) clearTimeout(waiter.timer);
    waiter.resolve(at);
  }
}
