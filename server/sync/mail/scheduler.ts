import type { Logger } from 'pino';
import { reasonOf } from './errors.js';
import type { MailboxSync, SyncFolderOptions } from './mailbox-sync.js';
import { SIDES, type FolderKey, type Side } from './model.js';

/** The timer functions the scheduler uses; tests pass a manual clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface MailSchedulerOptions {
  logger: Logger;
  /** how long hints are gathered before a sync starts (≤ 1 s keeps change→other side p95 ≤ 5 s; default 200 ms) */
  debounceMs?: number;
  /** delta of every folder, both sides, as a net under missed notifications (default 60 s) */
  deltaIntervalMs?: number;
  /** full reconcile of every folder (default 6 h; Kalender-Sync's "safety net", sync-engines.md §5) */
  reconcileIntervalMs?: number;
  timers?: Timers;
}

/** What the scheduler needs of an engine (MailboxSync satisfies it). */
export type SchedulableSync = Pick<MailboxSync, 'mailbox' | 'folders' | 'noteHint' | 'syncFolder'>;

interface Work {
  sides: Set<Side>;
  full: boolean;
}

interface Lane {
  engine: SchedulableSync;
  pending: Map<FolderKey, Work>;
  timer: unknown;
  draining: Promise<void> | null;
}

/**
 * Turns change notices into folder syncs. Push first (sync-engines.md §Design implications): a Graph
 * notification or an IMAP IDLE wake-up is only a hint — it names a mailbox, folder and side; hints are
 * gathered for `debounceMs`, collapsed per folder (ten notices for one folder = one sync of it), and a
 * hint for one side reads only that side, so a flag change costs one read on the side that changed.
 * Work on one mailbox runs strictly one folder at a time, in arrival order; mailboxes run in parallel.
 * Periodic delta (both sides) and full reconcile catch what notifications missed (lifecycle `missed`,
 * §5.4 of microsoft.md; IDLE dropped by the server).
 */
export class MailSyncScheduler {
  private readonly lanes = new Map<string, Lane>();
  private readonly timers: Timers;
  private readonly debounceMs: number;
  private periodic: unknown[] = [];
  private started = false;

  constructor(private readonly options: MailSchedulerOptions) {
    this.timers = options.timers ?? realTimers;
    this.debounceMs = options.debounceMs ?? 200;
  }

  add(engine: SchedulableSync): void {
    if (this.lanes.has(engine.mailbox)) throw new Error(`mailbox ${engine.mailbox} is already scheduled`);
    this.lanes.set(engine.mailbox, { engine, pending: new Map(), timer: null, draining: null });
  }

  /** Stops scheduling a mailbox; resolves once its running sync (if any) finished. */
  async remove(mailbox: string): Promise<void> {
    const lane = this.lanes.get(mailbox);
    if (lane === undefined) return;
    this.lanes.delete(mailbox);
    if (lane.timer !== null) this.timers.clearTimeout(lane.timer);
    lane.pending.clear();
    await lane.draining;
  }

  /**
   * A change notice: `folder` null means "some folder" (e.g. a lifecycle `missed` event) and queues
   * every folder; `side` undefined reads both sides.
   */
  notify(mailbox: string, folder: FolderKey | null, side?: Side): void {
    const lane = this.lanes.get(mailbox);
    if (lane === undefined) return;
    for (const f of folder === null ? lane.engine.folders : [folder]) this.queue(lane, f, side === undefined ? SIDES : [side], false);
    this.arm(lane);
  }

  /** Queues a full reconcile of a mailbox (or all) right away. */
  reconcileNow(mailbox?: string): void {
    for (const lane of this.selected(mailbox)) {
      for (const f of lane.engine.folders) this.queue(lane, f, SIDES, true);
      this.arm(lane);
    }
  }

  /** Starts the periodic delta and reconcile timers. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.every(this.options.deltaIntervalMs ?? 60_000, () => {
      for (const lane of this.lanes.values()) this.notify(lane.engine.mailbox, null);
    });
    this.every(this.options.reconcileIntervalMs ?? 6 * 3_600_000, () => this.reconcileNow());
  }

  /** Stops the timers and waits for running syncs; queued hints are dropped (the next start's delta catches up). */
  async stop(): Promise<void> {
    this.started = false;
    for (const handle of this.periodic) this.timers.clearTimeout(handle);
    this.periodic = [];
    for (const lane of this.lanes.values()) {
      if (lane.timer !== null) this.timers.clearTimeout(lane.timer);
      lane.timer = null;
      lane.pending.clear();
    }
    await Promise.all([...this.lanes.values()].map((l) => l.draining));
  }

  /** Folder syncs waiting to run for a mailbox. */
  queueDepth(mailbox: string): number {
    return this.lanes.get(mailbox)?.pending.size ?? 0;
  }

  /** Resolves when no sync is running or queued (timers still armed are not waited for). */
  async idle(): Promise<void> {
    while ([...this.lanes.values()].some((l) => l.draining !== null)) await Promise.all([...this.lanes.values()].map((l) => l.draining));
  }

  private queue(lane: Lane, folder: FolderKey, sides: readonly Side[], full: boolean): void {
    const work = lane.pending.get(folder) ?? { sides: new Set<Side>(), full: false };
    sides.forEach((s) => work.sides.add(s));
    work.full ||= full;
    lane.pending.set(folder, work);
    lane.engine.noteHint(folder);
  }

  private arm(lane: Lane): void {
    if (lane.timer !== null || lane.draining !== null) return;
    lane.timer = this.timers.setTimeout(() => {
      lane.timer = null;
      this.drain(lane);
    }, this.debounceMs);
  }

  private drain(lane: Lane): void {
    if (lane.draining !== null) return;
    lane.draining = (async () => {
      while (lane.pending.size > 0 && this.lanes.get(lane.engine.mailbox) === lane) {
        const [folder, work] = lane.pending.entries().next().value as [FolderKey, Work];
        lane.pending.delete(folder);
        const options: SyncFolderOptions = work.full ? { full: true } : { sides: SIDES.filter((s) => work.sides.has(s)) };
        try {
          await lane.engine.syncFolder(folder, options);
        } catch (error) {
          // recorded in the folder's status by the engine; the next hint or delta tick retries
          this.options.logger.warn({ mailbox: lane.engine.mailbox, folder, reason: reasonOf(error) }, 'scheduled mail sync failed');
        }
      }
    })().finally(() => {
      lane.draining = null;
      // hints that arrived while the last sync was finishing
      if (lane.pending.size > 0 && this.lanes.get(lane.engine.mailbox) === lane) this.arm(lane);
    });
  }

  private every(ms: number, tick: () => void): void {
    const schedule = (): void => {
      const handle = this.timers.setTimeout(() => {
        this.periodic = this.periodic.filter((h) => h !== handle);
        if (!this.started) return;
        tick();
        schedule();
      }, ms);
      this.periodic.push(handle);
    };
    schedule();
  }

  private selected(mailbox?: string): Lane[] {
    if (mailbox === undefined) return [...this.lanes.values()];
    const lane = this.lanes.get(mailbox);
    return lane === undefined ? [] : [lane];
  }
}
