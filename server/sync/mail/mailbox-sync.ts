import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SyncKindStatus } from '../../../shared/addin-api.js';
import { computeProgress, type Progress } from '../../../shared/progress.js';
import type { DecideContext } from './decide.js';
import { reasonOf } from './errors.js';
import { MailExecutor, type AuditSink, type ExecuteReport, type RetryPolicy } from './executor.js';
import { backfillOrder, folderKeys, type FolderMap } from './folders.js';
import { gatherSide } from './gather.js';
import type { BreakerStop, ConflictEvent, FolderEvent, MailSyncStore, QuarantineEntry } from './mail-sync-store.js';
import { SIDES, TRASH, type FolderKey, type LinkRecord, type Side } from './model.js';
import { DEFAULT_BREAKER, EMPTY_VIEW, planFolder, type BreakerConfig, type BreakerTrip, type FolderPlan, type PlannedStep, type Relink, type SideView } from './plan.js';
import type { MailSide } from './side.js';

export interface MailboxSyncOptions {
  /** the pairing's key in the status store (e.g. the Exchange UPN) */
  mailbox: string;
  store: MailSyncStore;
  sides: Readonly<Record<Side, MailSide>>;
  folders: FolderMap;
  /** `store.audit` (AuditLog) fits */
  audit: AuditSink;
  logger: Logger;
  clock?: () => number;
  newId?: () => string;
  /** who wins true conflicts (default `exchange`: Outlook is the inbox users asked for) */
  priority?: Side;
  breaker?: Partial<BreakerConfig>;
  retry?: RetryPolicy;
  /** steps with remote writes run this many at a time (default 4, Graph's per-mailbox limit) */
  concurrency?: number;
  /** backfill progress, for the CLI and the status API */
  onProgress?: (progress: Progress) => void;
}

export interface SyncFolderOptions {
  /** sides to read (default both); a notification for one side reads only that side */
  sides?: readonly Side[];
  /** ignore the cursors and read the whole folder on both read sides (the periodic full reconcile) */
  full?: boolean;
  signal?: AbortSignal;
}

export interface FolderSyncResult {
  folder: FolderKey;
  /** `stopped`: the circuit breaker withheld destructive steps and waits for an admin */
  outcome: 'ok' | 'stopped';
  breaker: BreakerTrip | null;
  planned: number;
  held: number;
  conflicts: number;
  report: ExecuteReport;
}

export interface BackfillResult {
  folders: Array<{ folder: FolderKey; planned: number; outcome: 'ok' | 'stopped' | 'skipped' }>;
  progress: Progress;
}

export type FolderState = 'idle' | 'running' | 'error' | 'stopped';

export interface FolderStatus {
  folder: FolderKey;
  state: FolderState;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** seconds since the oldest change notice not yet synced; 0 when caught up; null before the first success */
  lagSeconds: number | null;
  queued: number;
  errors: FolderEvent[];
  conflicts: ConflictEvent[];
  conflictCount: number;
  backfill: { state: 'running' | 'done'; done: number; total: number | null } | null;
}

export interface MailboxSyncStatus {
  mailbox: string;
  state: FolderState;
  /** the oldest of the folders' last successes (honest about the folder furthest behind) */
  lastSuccessAt: number | null;
  lagSeconds: number | null;
  /** folder syncs waiting + intents left open by a crash */
  queued: number;
  folders: FolderStatus[];
  /** most recent first, across folders */
  errors: FolderEvent[];
  quarantined: QuarantineEntry[];
  /** circuit-breaker stops waiting for an admin (`released` ones run on the next sync) */
  breakers: BreakerStop[];
  progress: Progress | null;
}

/** Backfill progress rows are written every this many steps (and at each folder's end). */
const BACKFILL_SAVE_EVERY = 50;

interface Prepared {
  folder: FolderKey;
  plan: FolderPlan;
  cursors: Array<{ side: Side; cursor: string }>;
  allowMassDelete: boolean;
}

/**
 * The two-way mail sync of one DingTalk mailbox ⇄ one Exchange mailbox. Work on one mailbox must be
 * serialised by the caller (scheduler.ts does it); different mailboxes run independently.
 *
 * A folder sync: replay open intents and due retries → read changes (per side, from the stored
 * cursor) → plan (decide + breaker) → execute → only then persist the cursors, so a crash re-reads
 * what it had not applied yet. A tripped breaker keeps the cursors where they were: the withheld
 * deletions come back on every run until an admin releases the folder.
 */
export class MailboxSync {
  readonly mailbox: string;
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly executor: MailExecutor;
  private readonly ctx: DecideContext;
  private readonly breaker: BreakerConfig;
  private readonly running = new Set<FolderKey>();
  private readonly pending = new Map<FolderKey, number>();
  private backfillProgress: { startedAt: number; done: number; total: number } | null = null;

  constructor(private readonly options: MailboxSyncOptions) {
    this.mailbox = options.mailbox;
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.ctx = { priority: options.priority ?? 'exchange' };
    this.breaker = { ...DEFAULT_BREAKER, ...options.breaker };
    this.executor = new MailExecutor({
      mailbox: options.mailbox,
      store: options.store,
      sides: options.sides,
      audit: options.audit,
      logger: options.logger,
      clock: this.clock,
      newId: this.newId,
      decide: this.ctx,
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    });
  }

  get folders(): FolderKey[] {
    return folderKeys(this.options.folders);
  }

  /** A change notice for a folder arrived (the scheduler calls this); it counts towards lag until synced. */
  noteHint(folder: FolderKey, at: number = this.clock()): void {
    if (!this.pending.has(folder)) this.pending.set(folder, at);
  }

  /** Replays intents a crash left open, then retries quarantined items that are due. */
  async recover(signal?: AbortSignal): Promise<ExecuteReport> {
    await this.prepareSides();
    const runId = this.newId();
    const recovered = await this.executor.recover({ runId, ...(signal !== undefined ? { signal } : {}) });
    const retried = await this.executor.retryDue({ runId, ...(signal !== undefined ? { signal } : {}) });
    return sumReports(recovered, retried);
  }

  async syncFolder(folder: FolderKey, options: SyncFolderOptions = {}): Promise<FolderSyncResult> {
    const startedAt = this.clock();
    this.running.add(folder);
    try {
      await this.recover(options.signal);
      const prepared = await this.prepare(folder, options);
      return await this.run(prepared, startedAt, options.signal);
    } catch (error) {
      this.options.logger.error({ mailbox: this.mailbox, folder, reason: reasonOf(error) }, 'mail folder sync failed');
      await this.options.store.noteFolderRun(this.mailbox, folder, { at: this.clock(), ok: false, error: reasonOf(error) });
      throw error;
    } finally {
      this.running.delete(folder);
    }
  }

  /** Every mapped folder, both sides, from the cursors. */
  async syncAll(options: Omit<SyncFolderOptions, 'sides'> = {}): Promise<FolderSyncResult[]> {
    const results: FolderSyncResult[] = [];
    for (const folder of this.folders) results.push(await this.syncFolder(folder, options));
    return results;
  }

  /** The safety net: re-reads whole folders on both sides and settles whatever the deltas missed. */
  async reconcile(folder?: FolderKey, signal?: AbortSignal): Promise<FolderSyncResult[]> {
    const folders = folder === undefined ? this.folders : [folder];
    const results: FolderSyncResult[] = [];
    for (const f of folders) results.push(await this.syncFolder(f, { full: true, ...(signal !== undefined ? { signal } : {}) }));
    return results;
  }

  /**
   * The initial sync: every folder without a finished backfill is read whole on both sides and
   * planned first (so the total is known), then executed folder by folder, newest mail first.
   * Resumable: the status store makes re-planning skip what is already linked, the journal finishes
   * what a crash interrupted, and progress rows say where it stood. Pacing is the connectors' job
   * (the Graph lane holds the 4-concurrent / 10,000-per-10-minutes budget); this just calls them.
   */
  async backfill(options: { signal?: AbortSignal } = {}): Promise<BackfillResult> {
    const startedAt = this.clock();
    await this.recover(options.signal);
    const rows = new Map((await this.options.store.backfill(this.mailbox)).map((r) => [r.folder, r]));
    const result: BackfillResult['folders'] = [];
    const todo: Prepared[] = [];
    for (const folder of backfillOrder(this.options.folders)) {
      const row = rows.get(folder);
      if (row?.state === 'done') {
        result.push({ folder, planned: 0, outcome: 'skipped' });
        continue;
      }
      const prepared = await this.prepare(folder, options.signal !== undefined ? { signal: options.signal } : {});
      todo.push(prepared);
      await this.options.store.saveBackfill(this.mailbox, {
        folder,
        state: 'running',
        done: 0,
        total: prepared.plan.steps.length,
        startedAt: row?.startedAt ?? startedAt,
        updatedAt: this.clock(),
        finishedAt: null,
      });
    }
    const progress = { startedAt, done: 0, total: todo.reduce((n, p) => n + p.plan.steps.length, 0) };
    this.backfillProgress = progress;
    try {
      for (const prepared of todo) {
        const folderStart = progress.done;
        const row = rows.get(prepared.folder);
        const saveRow = (state: 'running' | 'done') =>
          this.options.store.saveBackfill(this.mailbox, {
            folder: prepared.folder,
            state,
            done: progress.done - folderStart,
            total: prepared.plan.steps.length,
            startedAt: row?.startedAt ?? startedAt,
            updatedAt: this.clock(),
            finishedAt: state === 'done' ? this.clock() : null,
          });
        const onStep = async (): Promise<void> => {
          progress.done += 1;
          this.options.onProgress?.(computeProgress(progress.done, progress.total, progress.startedAt, this.clock()));
          if ((progress.done - folderStart) % BACKFILL_SAVE_EVERY === 0) await saveRow('running');
        };
        this.running.add(prepared.folder);
        let outcome: FolderSyncResult;
        try {
          outcome = await this.run(prepared, this.clock(), options.signal, onStep);
        } finally {
          this.running.delete(prepared.folder);
        }
        await saveRow('done');
        result.push({ folder: prepared.folder, planned: prepared.plan.steps.length, outcome: outcome.outcome });
      }
    } finally {
      this.backfillProgress = null;
    }
    return { folders: result, progress: computeProgress(progress.done, progress.total, startedAt, this.clock()) };
  }

  /** An admin lets the withheld deletions of a folder run on its next sync; audited. */
  async releaseBreaker(folder: FolderKey, adminId: string): Promise<boolean> {
    const released = await this.options.store.releaseBreakers(this.mailbox, folder, adminId);
    if (released.length === 0) return false;
    await this.options.audit.append({
      actor: adminId,
      action: 'mail.breaker.release',
      target: `mail:${this.mailbox}:folder:${folder}`,
      before: released.map((b) => ({ id: b.id, reason: b.reason, side: b.side, deletes: b.deletes, linked: b.linked, state: 'open' })),
      after: { state: 'released' },
    });
    this.options.logger.warn({ mailbox: this.mailbox, folder, adminId }, 'mail sync circuit breaker released by an admin');
    return true;
  }

  /**
   * Undoes what a run sent to trash: each `mail.trash` audit entry of the run (read by the caller from
   * the audit log) names the item's place in trash and the folder it came from, and the item is moved
   * back there — as a user would. The next sync then carries the restore to the other side like any
   * user move (edit beats delete: a copy the other side no longer has is created again). Items no longer
   * in trash (emptied since) are skipped and counted. Each restore is audited.
   */
  async revertTrash(entries: ReadonlyArray<{ before: unknown; after: unknown }>, adminId: string): Promise<{ restored: number; missing: number }> {
    let restored = 0;
    let missing = 0;
    for (const entry of entries) {
      const before = entry.before as { side?: Side; folder?: FolderKey | null; messageId?: string | null } | null;
      const after = entry.after as { side?: Side; sideId?: string } | null;
      const side = after?.side ?? before?.side;
      if (side === undefined || after?.sideId === undefined || before?.folder === undefined || before.folder === null) continue;
      const ref = { sideId: after.sideId, folder: TRASH, messageId: before.messageId ?? null, stamp: null };
      try {
        const now = await this.options.sides[side].locate(ref, async () => false);
        if (now === null || now.folder !== TRASH) {
          missing++;
          continue;
        }
        const moved = await this.options.sides[side].move({ ...ref, sideId: now.sideId }, before.folder);
        await this.options.audit.append({
          actor: adminId,
          action: 'mail.restore',
          target: `mail:${this.mailbox}:${side}:${now.sideId}`,
          before: { side, sideId: now.sideId, folder: TRASH },
          after: { side, sideId: moved.sideId, folder: before.folder },
        });
        restored++;
      } catch (error) {
        this.options.logger.warn({ mailbox: this.mailbox, side, reason: reasonOf(error) }, 'could not restore an item from trash');
        missing++;
      }
    }
    return { restored, missing };
  }

  /** Makes every quarantined item due now (including those that used up their retries). */
  async retryQuarantined(adminId: string): Promise<number> {
    const count = await this.options.store.retryQuarantineNow(this.mailbox, this.clock());
    this.options.logger.info({ mailbox: this.mailbox, adminId, count }, 'quarantined mail items scheduled for retry');
    return count;
  }

  async status(): Promise<MailboxSyncStatus> {
    const now = this.clock();
    const [states, quarantined, breakers, backfill, open] = await Promise.all([
      this.options.store.folderStates(this.mailbox),
      this.options.store.listQuarantine(this.mailbox),
      this.options.store.breakers(this.mailbox, ['open', 'released']),
      this.options.store.backfill(this.mailbox),
      this.options.store.intents(this.mailbox, 'open'),
    ]);
    const folders: FolderStatus[] = this.folders.map((folder) => {
      const st = states.find((s) => s.folder === folder);
      const lastError = st?.errors[0];
      const state: FolderState = this.running.has(folder)
        ? 'running'
        : breakers.some((b) => b.folder === folder && b.state === 'open')
          ? 'stopped'
          : lastError !== undefined && lastError.at >= (st?.lastSuccessAt ?? 0)
            ? 'error'
            : 'idle';
      const since = this.pending.get(folder);
      const bf = backfill.find((b) => b.folder === folder);
      return {
        folder,
        state,
        lastSuccessAt: st?.lastSuccessAt ?? null,
        lastAttemptAt: st?.lastAttemptAt ?? null,
        lagSeconds: st?.lastSuccessAt == null ? null : since === undefined ? 0 : Math.max(0, (now - since) / 1000),
        queued: since === undefined ? 0 : 1,
        errors: st?.errors ?? [],
        conflicts: st?.conflicts ?? [],
        conflictCount: st?.conflictCount ?? 0,
        backfill: bf === undefined ? null : { state: bf.state, done: bf.done, total: bf.total },
      };
    });
    const rank: Record<FolderState, number> = { idle: 0, running: 1, error: 2, stopped: 3 };
    const worst = folders.reduce<FolderState>((w, f) => (rank[f.state] > rank[w] ? f.state : w), 'idle');
    const successes = folders.map((f) => f.lastSuccessAt);
    const lags = folders.map((f) => f.lagSeconds);
    const bp = this.backfillProgress;
    return {
      mailbox: this.mailbox,
      state: worst,
      lastSuccessAt: successes.some((s) => s === null) ? null : Math.min(...(successes as number[])),
      lagSeconds: lags.some((l) => l === null) ? null : Math.max(0, ...(lags as number[])),
      queued: this.pending.size + open.length,
      folders,
      errors: folders.flatMap((f) => f.errors).sort((a, b) => b.at - a.at).slice(0, 20),
      quarantined,
      breakers,
      progress: bp === null ? null : computeProgress(bp.done, bp.total, bp.startedAt, now),
    };
  }

  /** Reads and plans one folder; nothing is written anywhere yet. */
  private async prepare(folder: FolderKey, options: SyncFolderOptions): Promise<Prepared> {
    await this.prepareSides();
    const stops = (await this.options.store.breakers(this.mailbox, ['released'])).filter((b) => b.folder === folder);
    const allowMassDelete = stops.length > 0;
    const read: Array<{ side: Side; cursor: string | null }> = [];
    for (const side of options.sides ?? SIDES) read.push({ side, cursor: options.full === true ? null : await this.options.store.getCursor(this.mailbox, side, folder) });
    // loaded once, and only if a read needs it (gather.ts)
    let folderLinks: Promise<LinkRecord[]> | null = null;
    const loadFolderLinks = (): Promise<LinkRecord[]> => (folderLinks ??= this.options.store.linksInFolder(this.mailbox, folder));
    const counts = await this.options.store.folderCounts(this.mailbox, folder);
    const views: Record<Side, SideView> = { dingtalk: EMPTY_VIEW, exchange: EMPTY_VIEW };
    const links = new Map<string, LinkRecord>();
    const relinks: Relink[] = [];
    const cursors: Prepared['cursors'] = [];
    let emptyTrip: BreakerTrip | null = null;
    for (const { side, cursor } of read) {
      const gathered = await gatherSide({
        mailbox: this.mailbox,
        side: this.options.sides[side],
        folder,
        cursor,
        store: this.options.store,
        folderLinks: loadFolderLinks,
        breaker: this.breaker,
        allowMassDelete,
      });
      views[side] = gathered.view;
      relinks.push(...gathered.relinks);
      gathered.links.forEach((l) => links.set(l.linkId, l));
      cursors.push({ side, cursor: gathered.cursor });
      emptyTrip ??= gathered.emptyTrip;
    }
    // our own half-done creates (stamped with the token of an intent still pending) belong to that
    // intent's retry, which adopts them by token; planned as new mail they would be copied back
    const pending = [...(await this.options.store.intents(this.mailbox, 'open')), ...(await this.options.store.intents(this.mailbox, 'quarantined'))];
    const pendingTokens = new Set(pending.flatMap((i) => (i.token === null ? [] : [i.token])));
    if (pendingTokens.size > 0) {
      for (const side of SIDES) views[side] = { ...views[side], items: views[side].items.filter((i) => i.linkId === null || !pendingTokens.has(i.linkId)) };
    }
    const plan = planFolder(
      {
        folder,
        links: [...links.values()],
        views,
        relinks,
        linkedInFolder: counts.agreed,
        knownInFolder: { dingtalk: counts.dingtalk, exchange: counts.exchange },
      },
      { ...this.ctx, breaker: this.breaker, allowMassDelete },
    );
    // steps already in quarantine wait for their retry (which re-reads both sides) instead of a second
    // attempt now; so does new mail whose copy is pending, even if it moved meanwhile (a new IMAP UID)
    const quarantined = new Set((await this.options.store.listQuarantine(this.mailbox)).map((q) => q.key));
    const pendingSources = new Set(pending.flatMap((i) => pendingCopySources(i.payload)));
    const isPendingSource = (step: PlannedStep): boolean =>
      step.link === null && SIDES.some((side) => pendingSources.has(sourceKey(side, step[side]?.messageId ?? '')));
    const steps = plan.steps.filter((s) => !quarantined.has(s.key) && !isPendingSource(s));
    return { folder, plan: { ...plan, steps, breaker: plan.breaker ?? emptyTrip }, cursors, allowMassDelete };
  }

  private async run(prepared: Prepared, startedAt: number, signal?: AbortSignal, onStep?: () => Promise<void>): Promise<FolderSyncResult> {
    const { folder, plan } = prepared;
    const runId = this.newId();
    const report = await this.executor.execute(plan, { runId, ...(signal !== undefined ? { signal } : {}), ...(onStep !== undefined ? { onStep } : {}) });
    const stopped = plan.breaker !== null && !prepared.allowMassDelete;
    if (stopped) {
      const trip = plan.breaker as BreakerTrip;
      await this.options.store.recordBreaker(this.mailbox, folder, trip, this.newId());
      this.options.logger.warn({ mailbox: this.mailbox, folder, ...trip, held: plan.held.length }, 'mail sync circuit breaker tripped; deletions withheld until an admin releases the folder');
    } else {
      for (const { side, cursor } of prepared.cursors) await this.options.store.setCursor(this.mailbox, side, folder, cursor);
      // a run that used a release closes it; a clean read of both sides means the tripping condition cleared
      const readBoth = prepared.cursors.length === SIDES.length;
      if (prepared.allowMassDelete || readBoth) {
        const closed = await this.options.store.closeBreakers(this.mailbox, folder, readBoth ? ['open', 'released'] : ['released']);
        if (closed > 0) this.options.logger.info({ mailbox: this.mailbox, folder, closed }, 'mail sync circuit breaker closed');
      }
    }
    const at = this.clock();
    const conflicts: ConflictEvent[] = plan.steps.flatMap((s) => (s.conflict === null ? [] : [{ at, key: s.key, kind: s.conflict.kind, resolution: s.conflict.resolution }]));
    await this.options.store.noteFolderRun(this.mailbox, folder, {
      at,
      ok: !stopped,
      ...(stopped ? { error: `circuit breaker: ${(plan.breaker as BreakerTrip).reason}, ${plan.held.length} deletions withheld` } : {}),
      conflicts,
    });
    if (!stopped) {
      const since = this.pending.get(folder);
      if (since !== undefined && since <= startedAt) this.pending.delete(folder);
    }
    return { folder, outcome: stopped ? 'stopped' : 'ok', breaker: plan.breaker, planned: plan.steps.length, held: plan.held.length, conflicts: conflicts.length, report };
  }

  private async prepareSides(): Promise<void> {
    for (const side of SIDES) await this.options.sides[side].prepare();
  }
}

/** The status in the shape of `GET /api/status/sync` (shared/addin-api.ts), kind `mail`. */
export function toSyncKindStatus(status: MailboxSyncStatus): SyncKindStatus {
  const reasons = [
    ...status.breakers.filter((b) => b.state === 'open').map((b) => ({ at: b.createdAt, reason: `circuit breaker on ${b.folder}: ${b.reason} (${b.deletes} of ${b.linked}), waiting for an admin` })),
    ...status.quarantined.map((q) => ({ at: q.lastFailedAt, reason: `quarantined ${q.folder} item: ${q.reason}` })),
    ...status.errors,
  ];
  return {
    kind: 'mail',
    state: status.state,
    lastSuccessAt: status.lastSuccessAt,
    lagSeconds: status.lagSeconds,
    queued: status.queued,
    errors: reasons.sort((a, b) => b.at - a.at).slice(0, 20),
    progress: status.progress,
  };
}

/** `side + NUL + Message-ID` of the sources of a pending intent's copies of new mail. */
function pendingCopySources(payload: unknown): string[] {
  const step = (payload as { step?: PlannedStep } | null)?.step;
  if (step === undefined || step.link !== null) return [];
  const out: string[] = [];
  for (const action of step.actions) {
    if (action.kind !== 'copy') continue;
    const messageId = step[action.from]?.messageId ?? null;
    if (messageId !== null) out.push(sourceKey(action.from, messageId));
  }
  return out;
}

function sourceKey(side: Side, messageId: string): string {
  return `${side}\u0000${messageId}`;
}

function sumReports(a: ExecuteReport, b: ExecuteReport): ExecuteReport {
  const out = { ...a };
  for (const key of Object.keys(b) as Array<keyof ExecuteReport>) out[key] += b[key];
  return out;
}
