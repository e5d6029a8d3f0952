import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { decide, DEFAULT_DECIDE_CONTEXT, type Action, type DecideContext } from './decide.js';
import { errorCode, isRunLevel, reasonOf, throwIfAborted } from './errors.js';
import type { MailSyncStore, QuarantineEntry } from './mail-sync-store.js';
import { linkSideFromItem, SIDES, sideOf, TRASH, type FolderKey, type LinkRecord, type LinkSide, type Side, type SideItem } from './model.js';
import type { FolderPlan, PlannedStep } from './plan.js';
import { refOf, type MailSide, type WrittenItem } from './side.js';

/** Accepts the store's AuditLog (server/audit/audit-log.ts `append(AuditInput)`) or any look-alike. */
export interface AuditSink {
  append(input: { actor: string; action: string; target: string; before?: unknown; after?: unknown }): Promise<unknown>;
}

export interface RetryPolicy {
  /** first retry after this many ms; doubles per attempt */
  baseMs: number;
  maxMs: number;
  /** after this many failures the item waits for an admin (retryQuarantined) */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 8 };

export interface ExecutorOptions {
  mailbox: string;
  store: MailSyncStore;
  sides: Readonly<Record<Side, MailSide>>;
  audit: AuditSink;
  logger: Logger;
  clock?: () => number;
  /** link ids, correlation tokens and journal ids; must be header-safe (mime-stamp.ts) */
  newId?: () => string;
  retry?: RetryPolicy;
  decide?: DecideContext;
  /**
   * Steps with remote writes run this many at a time (default 4). Steps concern distinct pairs, and
   * each is journalled on its own, so running a few at once keeps the Graph lane (4 concurrent requests
   * per mailbox, microsoft.md §7.1) busy when responses take longer than on loopback.
   */
  concurrency?: number;
}

export interface ExecuteReport {
  /** steps whose writes and commit all went through */
  done: number;
  /** of which adopted: the write had already happened before a crash and was found by its token */
  adopted: number;
  quarantined: number;
  /** the source item vanished before it could be copied; nothing written, nothing lost */
  abandoned: number;
  created: number;
  moved: number;
  trashed: number;
  flagWrites: number;
  unlinked: number;
}

/** The one remote-write step's identity when it is replayed after a crash or from quarantine. */
interface Resume {
  journalId: string;
  token: string | null;
  linkId: string;
}

interface JournalPayload {
  step: PlannedStep;
}

class SourceGoneError extends Error {
  override readonly name = 'SourceGoneError';
}

const WRITES = new Set<Action['kind']>(['copy', 'replace', 'move', 'trash']);

/** Graph allows 4 concurrent requests per mailbox (microsoft.md §7.1); more would only queue in its lane. */
const DEFAULT_CONCURRENCY = 4;

/**
 * Applies planned steps with a write-ahead journal (mbsync's journal + TUID, sync-engines.md §2):
 *   1. intent row (with the correlation token) before any remote write,
 *   2. the remote writes (a create carries the token on the item itself),
 *   3. the link row and the journal close in one transaction.
 * recover() replays intents left open by a crash: creates look for their token on the target side
 * first and adopt what they find, moves and trashes look where the item is first, flag writes are
 * idempotent — so a crash at any point neither duplicates nor loses mail. Flag-only steps carry no
 * intent (they are idempotent and re-derived from the cursors, which only advance after execution)
 * and are batched per side. A failing step is quarantined with its reason and a backoff; the rest
 * goes on. Mailbox-wide failures (auth, throttling, connection) stop the run instead (errors.ts).
 *
 * Echo suppression: every commit records what the write left on each side (Graph changeKey, flags,
 * folder), so when the side reports our own write back it matches the status and decide() returns
 * nothing. Every trash and unlink is written to the audit log with the state it replaced.
 */
export class MailExecutor {
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly retry: RetryPolicy;
  private readonly ctx: DecideContext;

  constructor(private readonly options: ExecutorOptions) {
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.ctx = options.decide ?? DEFAULT_DECIDE_CONTEXT;
  }

  /** Runs a plan's steps: flag-only and record-only steps first (batched), then the rest newest first. */
  async execute(plan: FolderPlan, run: { runId: string; signal?: AbortSignal; onStep?: () => void | Promise<void> }): Promise<ExecuteReport> {
    const report = emptyReport();
    const light = plan.steps.filter((s) => s.actions.every((a) => a.kind === 'setFlags' || a.kind === 'commit'));
    const heavy = plan.steps.filter((s) => !light.includes(s));
    await this.runLight(light, plan.folder, run, report);
    await this.runPool(heavy, async (step) => {
      throwIfAborted(run.signal);
      await this.runGuarded(step, plan.folder, run.runId, null, report);
      await run.onStep?.();
    });
    return report;
  }

  /**
   * Runs `work` over the steps in order, at most `concurrency` at once. The first failure (a run-level
   * error: runGuarded quarantines item-level ones itself) stops launching more, waits for those in
   * flight, and is rethrown — nothing keeps writing after the run has failed.
   */
  private async runPool(steps: readonly PlannedStep[], work: (step: PlannedStep) => Promise<void>): Promise<void> {
    const width = Math.max(1, Math.floor(this.options.concurrency ?? DEFAULT_CONCURRENCY));
    let next = 0;
    let failure: { error: unknown } | null = null;
    const worker = async (): Promise<void> => {
      while (failure === null && next < steps.length) {
        const step = steps[next++] as PlannedStep;
        try {
          await work(step);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, steps.length) }, () => worker()));
    if (failure !== null) throw (failure as { error: unknown }).error;
  }

  /** Replays every intent a crash left open. Call before planning anything new. */
  async recover(run: { runId: string; signal?: AbortSignal }): Promise<ExecuteReport> {
    const report = emptyReport();
    for (const intent of await this.options.store.intents(this.options.mailbox, 'open')) {
      throwIfAborted(run.signal);
      this.options.logger.info({ mailbox: this.options.mailbox, journalId: intent.id, kinds: intent.kinds }, 'replaying an open mail sync intent');
      const { step } = intent.payload as JournalPayload;
      await this.runGuarded(step, intent.folder, run.runId, { journalId: intent.id, token: intent.token, linkId: intent.linkId }, report);
    }
    return report;
  }

  /**
   * Retries quarantined items that are due. Items whose half-done create may exist (an intent with a
   * token) are replayed by token; other linked items are looked up afresh on both sides and decided
   * again, so a retry never applies a stale decision.
   */
  async retryDue(run: { runId: string; signal?: AbortSignal }): Promise<ExecuteReport> {
    const report = emptyReport();
    for (const entry of await this.options.store.dueQuarantine(this.options.mailbox, this.clock())) {
      throwIfAborted(run.signal);
      await this.retryOne(entry, run.runId, report);
    }
    return report;
  }

  private async retryOne(entry: QuarantineEntry, runId: string, report: ExecuteReport): Promise<void> {
    const intent = entry.journalId === null ? null : await this.options.store.getIntent(this.options.mailbox, entry.journalId);
    const pending = intent !== null && (intent.state === 'quarantined' || intent.state === 'open') ? intent : null;
    if (entry.linkId !== null && (pending === null || pending.token === null)) {
      // a linked pair without a half-done create: look at both sides afresh and decide again
      const link = await this.options.store.getLink(this.options.mailbox, entry.linkId);
      const step = link === null ? null : await this.freshStep(entry.key, link);
      if (pending !== null) await this.options.store.closeIntent(this.options.mailbox, pending.id, 'abandoned', 'superseded by a fresh decision');
      if (step === null || step.actions.length === 0) await this.options.store.clearQuarantine(this.options.mailbox, entry.key);
      else await this.runGuarded(step, entry.folder, runId, null, report);
      return;
    }
    // a new item or pair, or a create that may have happened: replay the journalled step, token first
    const step = pending !== null ? (pending.payload as JournalPayload).step : (entry.step as PlannedStep);
    const resume: Resume | null = pending === null ? null : { journalId: pending.id, token: pending.token, linkId: pending.linkId };
    await this.runGuarded(step, entry.folder, runId, resume, report);
  }

  /** Both sides of a link as they are now (located by id, stamp or Message-ID), decided again. */
  private async freshStep(key: string, link: LinkRecord): Promise<PlannedStep> {
    const current: Record<Side, SideItem | null> = { dingtalk: null, exchange: null };
    for (const side of SIDES) {
      const stored = sideOf(link, side);
      current[side] = stored === null ? null : await this.options.sides[side].locate(refOfSide(link, stored), this.claimedElsewhere(side, link.linkId));
    }
    return {
      key,
      link,
      dingtalk: current.dingtalk,
      exchange: current.exchange,
      actions: decide(link, current.dingtalk, current.exchange, this.ctx),
      conflict: null,
      receivedAt: 0,
      involvesGone: SIDES.some((s) => sideOf(link, s) !== null && current[s] === null),
    };
  }

  private async runLight(steps: readonly PlannedStep[], folder: FolderKey, run: { runId: string; signal?: AbortSignal; onStep?: () => void | Promise<void> }, report: ExecuteReport): Promise<void> {
    throwIfAborted(run.signal);
    const failures = new Map<PlannedStep, unknown>();
    const written = new Map<PlannedStep, Partial<Record<Side, WrittenItem>>>();
    for (const side of SIDES) {
      const jobs = steps.flatMap((step) =>
        step.actions.filter((a): a is Extract<Action, { kind: 'setFlags' }> => a.kind === 'setFlags' && a.side === side).map((action) => ({ step, action })),
      );
      if (jobs.length === 0) continue;
      const updates = jobs.map(({ step, action }) => {
        const item = itemOf(step, side);
        return { ref: refOf(item), ...(action.seen !== undefined ? { seen: action.seen } : {}), ...(action.flagged !== undefined ? { flagged: action.flagged } : {}) };
      });
      let results: Array<WrittenItem | Error>;
      try {
        results = await this.options.sides[side].setFlags(updates);
      } catch (error) {
        if (isRunLevel(error)) throw error;
        results = jobs.map(() => (error instanceof Error ? error : new Error(String(error))));
      }
      jobs.forEach(({ step }, i) => {
        const result = results[i] ?? new Error('no result for a flag update');
        if (result instanceof Error) failures.set(step, result);
        else written.set(step, { ...written.get(step), [side]: result });
      });
      report.flagWrites += updates.length;
    }
    for (const step of steps) {
      const cur = { dingtalk: step.dingtalk, exchange: step.exchange };
      for (const action of step.actions) {
        if (action.kind !== 'setFlags') continue;
        const w = written.get(step)?.[action.side];
        if (w !== undefined) cur[action.side] = withFlags(itemOf(step, action.side), action, w);
      }
      const failure = failures.get(step);
      if (failure !== undefined) {
        await this.quarantine(step, folder, null, failure, cur, report);
        await run.onStep?.();
        continue;
      }
      const commit = step.actions.find((a) => a.kind === 'commit');
      if (commit === undefined || commit.kind !== 'commit') continue;
      const linkId = step.link?.linkId ?? this.newId();
      await this.options.store.commitStep(this.options.mailbox, { save: this.buildLink(linkId, step, cur, commit), clearQuarantine: step.key });
      report.done += 1;
      await run.onStep?.();
    }
  }

  private async runGuarded(step: PlannedStep, folder: FolderKey, runId: string, resume: Resume | null, report: ExecuteReport, mayLookAgain = true): Promise<void> {
    const linkId = resume?.linkId ?? step.link?.linkId ?? this.newId();
    const creates = step.actions.some((a) => a.kind === 'copy' || a.kind === 'replace');
    // a first copy is stamped with the link id itself; a later copy of a linked pair gets a fresh token
    const token = resume !== null ? resume.token : creates ? (step.link === null ? linkId : this.newId()) : null;
    let journalId = resume?.journalId ?? null;
    const cur: Record<Side, SideItem | null> = { dingtalk: step.dingtalk, exchange: step.exchange };
    try {
      if (journalId === null && step.actions.some((a) => WRITES.has(a.kind))) {
        journalId = this.newId();
        const payload: JournalPayload = { step };
        await this.options.store.openIntent(this.options.mailbox, { id: journalId, linkId, token, folder, kinds: step.actions.map((a) => a.kind), payload, runId });
      }
      const adopted = await this.applyWrites(step, cur, linkId, token, runId, resume !== null, report);
      await this.finish(step, cur, linkId, journalId, adopted, runId);
      report.done += 1;
      if (adopted) report.adopted += 1;
      if (step.actions.some((a) => a.kind === 'unlink')) report.unlinked += 1;
      if (resume !== null) await this.settleReplay(linkId, step.key, folder, runId, report);
    } catch (error) {
      if (error instanceof SourceGoneError) {
        this.options.logger.info({ mailbox: this.options.mailbox, key: step.key }, 'source message vanished before it could be copied; nothing written');
        await this.options.store.commitStep(this.options.mailbox, {
          clearQuarantine: step.key,
          ...(journalId !== null ? { journal: { id: journalId, state: 'abandoned' as const, error: error.message } } : {}),
        });
        report.abandoned += 1;
        return;
      }
      if (isRunLevel(error)) throw error;
      if (mayLookAgain && step.link !== null && token === null) {
        // the item moved or changed under us between the read and the write ("an item moved while
        // being synced"): look at both sides again and decide again, once, instead of waiting for a retry
        this.options.logger.info({ mailbox: this.options.mailbox, key: step.key, reason: reasonOf(error) }, 'mail sync write failed; deciding again from a fresh look');
        if (journalId !== null) await this.options.store.closeIntent(this.options.mailbox, journalId, 'abandoned', `superseded: ${reasonOf(error)}`);
        let fresh: PlannedStep;
        try {
          fresh = await this.freshStep(step.key, step.link);
        } catch (lookError) {
          if (isRunLevel(lookError)) throw lookError;
          await this.quarantine(step, folder, null, lookError, cur, report);
          return;
        }
        if (fresh.actions.length > 0) await this.runGuarded(fresh, folder, runId, null, report, false);
        else await this.options.store.clearQuarantine(this.options.mailbox, step.key);
        return;
      }
      await this.quarantine(step, folder, journalId, error, cur, report);
    }
  }

  /**
   * A replayed step was planned from what the sides held before the crash or the failure; changes made
   * since were read (and their cursors moved on) while it waited. Look at both sides again and settle
   * the difference now, so nothing the user did meanwhile is lost.
   */
  private async settleReplay(linkId: string, key: string, folder: FolderKey, runId: string, report: ExecuteReport): Promise<void> {
    const link = await this.options.store.getLink(this.options.mailbox, linkId);
    if (link === null || link.state !== 'active') return;
    const fresh = await this.freshStep(key, link);
    if (fresh.actions.length > 0) await this.runGuarded(fresh, folder, runId, null, report, false);
  }

  /** Runs the remote writes of a step; returns true when a write was found already done (adopted). */
  private async applyWrites(
    step: PlannedStep,
    cur: Record<Side, SideItem | null>,
    linkId: string,
    token: string | null,
    runId: string,
    resuming: boolean,
    report: ExecuteReport,
  ): Promise<boolean> {
    let adopted = false;
    for (const action of step.actions) {
      switch (action.kind) {
        case 'copy':
        case 'replace': {
          if (token === null) throw new Error('a create needs a correlation token');
          const old = cur[action.to];
          const found = resuming ? await this.options.sides[action.to].findByStamp(token, action.folder) : null;
          if (found !== null) {
            cur[action.to] = found;
            adopted = true;
          } else {
            // a replayed copy reads its source where it is now (the user may have moved it meanwhile)
            if (resuming) cur[action.from] = await this.whereNow(action.from, cur[action.from], linkId, true);
            cur[action.to] = await this.create(action, cur[action.from], token);
            report.created += 1;
          }
          if (action.kind === 'replace' && old !== null && old.sideId !== cur[action.to]?.sideId) {
            await this.trashItem(action.to, old, linkId, runId, resuming, 'replaced by an edited copy');
            report.trashed += 1;
          }
          break;
        }
        case 'move': {
          const item = await this.whereNow(action.side, cur[action.side], linkId, resuming);
          if (item.folder !== action.folder) {
            const w = await this.options.sides[action.side].move(refOf(item), action.folder);
            cur[action.side] = { ...item, sideId: w.sideId, folder: w.folder ?? action.folder, version: w.version ?? item.version };
          } else {
            cur[action.side] = item;
            adopted = true;
          }
          report.moved += 1;
          break;
        }
        case 'trash': {
          const item = await this.whereNow(action.side, cur[action.side], linkId, resuming);
          cur[action.side] = item.folder === TRASH ? item : await this.trashItem(action.side, item, linkId, runId, false, 'deleted or trashed on the other side');
          report.trashed += 1;
          break;
        }
        case 'setFlags': {
          const item = itemOf({ ...step, dingtalk: cur.dingtalk, exchange: cur.exchange }, action.side);
          const [result] = await this.options.sides[action.side].setFlags([
            { ref: refOf(item), ...(action.seen !== undefined ? { seen: action.seen } : {}), ...(action.flagged !== undefined ? { flagged: action.flagged } : {}) },
          ]);
          if (result === undefined || result instanceof Error) throw result ?? new Error('no result for a flag update');
          cur[action.side] = withFlags(item, action, result);
          report.flagWrites += 1;
          break;
        }
        case 'commit':
        case 'unlink':
          break;
      }
    }
    return adopted;
  }

  private async finish(step: PlannedStep, cur: Record<Side, SideItem | null>, linkId: string, journalId: string | null, adopted: boolean, runId: string): Promise<void> {
    const terminal = step.actions[step.actions.length - 1];
    const journal = journalId === null ? {} : { journal: { id: journalId, state: adopted ? ('adopted' as const) : ('done' as const) } };
    if (terminal?.kind === 'commit') {
      await this.options.store.commitStep(this.options.mailbox, { save: this.buildLink(linkId, step, cur, terminal), clearQuarantine: step.key, ...journal });
      return;
    }
    if (terminal?.kind === 'unlink' && step.link !== null) {
      const link = step.link;
      const detached: LinkRecord | null =
        terminal.reason === 'gone' ? null : { ...link, state: 'detached', dingtalk: this.sideAfter(cur.dingtalk, link.dingtalk), exchange: this.sideAfter(cur.exchange, link.exchange), updatedAt: this.clock() };
      await this.options.audit.append({
        actor: 'sync',
        action: 'mail.unlink',
        target: `mail:${this.options.mailbox}:link:${link.linkId}`,
        before: link,
        after: detached === null ? { reason: terminal.reason, runId } : { reason: terminal.reason, state: 'detached', runId },
      });
      await this.options.store.commitStep(this.options.mailbox, {
        ...(detached === null ? { drop: link.linkId } : { save: detached }),
        clearQuarantine: step.key,
        ...journal,
      });
    }
  }

  private async create(action: Extract<Action, { kind: 'copy' | 'replace' }>, source: SideItem | null, token: string): Promise<SideItem> {
    if (source === null) throw new SourceGoneError('no source item to copy');
    const raw = await this.options.sides[action.from].fetchRaw(refOf(source));
    if (raw === null) throw new SourceGoneError(`source ${source.sideId} is gone`);
    const w = await this.options.sides[action.to].create({ folder: action.folder, raw, seen: action.seen, flagged: action.flagged, stamp: token, receivedAt: source.receivedAt });
    return {
      sideId: w.sideId,
      folder: w.folder ?? action.folder,
      messageId: source.messageId,
      contentHash: w.contentHash,
      seen: action.seen,
      flagged: action.flagged,
      linkId: token,
      version: w.version,
      receivedAt: source.receivedAt,
    };
  }

  /** When replaying, asks the side where the item is now (a move may have happened before the crash). */
  private async whereNow(side: Side, item: SideItem | null, linkId: string, resuming: boolean): Promise<SideItem> {
    if (item === null) throw new SourceGoneError(`no ${side} item to move`);
    if (!resuming) return item;
    const now = await this.options.sides[side].locate(refOf(item), this.claimedElsewhere(side, linkId));
    if (now === null) throw new SourceGoneError(`${side} item ${item.sideId} is gone`);
    return now;
  }

  private async trashItem(side: Side, item: SideItem, linkId: string, runId: string, resuming: boolean, why: string): Promise<SideItem> {
    const now = resuming ? await this.options.sides[side].locate(refOf(item), this.claimedElsewhere(side, linkId)) : item;
    if (now === null || now.folder === TRASH) return now ?? item;
    const w = await this.options.sides[side].trash(refOf(now));
    const after: SideItem = { ...now, sideId: w.sideId, folder: w.folder ?? TRASH, version: w.version ?? now.version };
    await this.options.audit.append({
      actor: 'sync',
      action: 'mail.trash',
      target: `mail:${this.options.mailbox}:${side}:${now.sideId}`,
      before: { side, sideId: now.sideId, folder: now.folder, messageId: now.messageId, seen: now.seen, flagged: now.flagged, linkId },
      after: { side, sideId: after.sideId, folder: after.folder, why, runId },
    });
    return after;
  }

  private async quarantine(
    step: PlannedStep,
    folder: FolderKey,
    journalId: string | null,
    error: unknown,
    cur: Record<Side, SideItem | null>,
    report: ExecuteReport,
  ): Promise<void> {
    const reason = reasonOf(error);
    this.options.logger.warn({ mailbox: this.options.mailbox, key: step.key, reason }, 'mail sync item quarantined');
    // keep what partial writes changed (a copy moved before a later write failed), never forget a side
    const observed =
      step.link === null ? undefined : { ...step.link, dingtalk: this.sideAfter(cur.dingtalk, step.link.dingtalk), exchange: this.sideAfter(cur.exchange, step.link.exchange) };
    await this.options.store.quarantine(
      this.options.mailbox,
      // linkId names an existing pair only; a new one is found again through its journal intent
      { key: step.key, folder, linkId: step.link?.linkId ?? null, journalId, reason, code: errorCode(error), step },
      (attempts) => (attempts >= this.retry.maxAttempts ? null : Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempts - 1))),
      observed,
    );
    report.quarantined += 1;
  }

  /** A located candidate that already belongs to another pair (same Message-ID) is not ours. */
  private claimedElsewhere(side: Side, linkId: string): (sideId: string) => Promise<boolean> {
    return async (sideId) => (await this.options.store.linksBySideIds(this.options.mailbox, side, [sideId])).some((l) => l.linkId !== linkId);
  }

  private sideAfter(item: SideItem | null, stored: LinkSide | null): LinkSide | null {
    if (item === null) return stored;
    const side = linkSideFromItem(item);
    // a write that does not report the content hash keeps the one we had for the same item
    if (side.contentHash === null && stored !== null && stored.sideId === item.sideId) side.contentHash = stored.contentHash;
    return side;
  }

  private buildLink(linkId: string, step: PlannedStep, cur: Record<Side, SideItem | null>, commit: Extract<Action, { kind: 'commit' }>): LinkRecord {
    const prev = step.link;
    const now = this.clock();
    return {
      linkId,
      messageId: prev?.messageId ?? cur.dingtalk?.messageId ?? cur.exchange?.messageId ?? null,
      state: 'active',
      folder: commit.folder,
      seen: commit.seen,
      flagged: commit.flagged,
      dingtalk: cur.dingtalk === null ? null : this.sideAfter(cur.dingtalk, prev?.dingtalk ?? null),
      exchange: cur.exchange === null ? null : this.sideAfter(cur.exchange, prev?.exchange ?? null),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    };
  }
}

function emptyReport(): ExecuteReport {
  return { done: 0, adopted: 0, quarantined: 0, abandoned: 0, created: 0, moved: 0, trashed: 0, flagWrites: 0, unlinked: 0 };
}

function itemOf(step: Pick<PlannedStep, 'dingtalk' | 'exchange'>, side: Side): SideItem {
  const item = side === 'dingtalk' ? step.dingtalk : step.exchange;
  if (item === null) throw new Error(`planned a write on the ${side} side without an item there`);
  return item;
}

function withFlags(item: SideItem, action: Extract<Action, { kind: 'setFlags' }>, written: WrittenItem): SideItem {
  return {
    ...item,
    seen: action.seen ?? item.seen,
    flagged: action.flagged ?? item.flagged,
    version: written.version ?? item.version,
  };
}

function refOfSide(link: LinkRecord, side: LinkSide) {
  return { sideId: side.sideId, folder: side.folder, messageId: link.messageId, stamp: side.stamp };
}
