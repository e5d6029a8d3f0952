import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { MailSyncDetail, MailboxSyncStatus as KindsStatus, SyncKind } from '../../shared/addin-api.js';
import { computeProgress } from '../../shared/progress.js';
import type { GraphLifecycleNotification, GraphMailProvider, GraphNotification } from '../connectors/graph/contract.js';
import type { MailboxProvider } from '../connectors/mailbox/contract.js';
import type { GraphWebhookOptions } from '../http/graph-webhook.js';
import type { Store } from '../store/store.js';
import { DingTalkSide } from '../sync/mail/dingtalk-side.js';
import { ExchangeSide } from '../sync/mail/exchange-side.js';
import { folderKeys, folderMap, type FolderMap } from '../sync/mail/folders.js';
import { MailSyncStore } from '../sync/mail/mail-sync-store.js';
import { MailboxSync, toSyncKindStatus } from '../sync/mail/mailbox-sync.js';
import type { FolderKey } from '../sync/mail/model.js';
import { MailSyncScheduler } from '../sync/mail/scheduler.js';
import type { SyncStatusSource } from '../sync/sync-status.js';
import { recordingMailbox } from '../threads/recording-mailbox.js';
import { ThreadStore } from '../threads/thread-store.js';

/** One synced pair: the Exchange mailbox (its UPN, the signed-in e-mail) and the DingTalk mailbox. */
export interface MailAccountRuntime {
  mailbox: string;
  dingtalkAddress: string;
  provider: MailboxProvider;
}

export interface MailSyncHostOptions {
  store: Store;
  graph: GraphMailProvider;
  accounts: readonly MailAccountRuntime[];
  logger: Logger;
  deltaSeconds: number;
  reconcileMinutes: number;
  folders?: FolderMap;
  clock?: () => number;
}

interface Pair {
  account: MailAccountRuntime;
  sync: MailboxSync;
  dingtalk: DingTalkSide;
  exchange: ExchangeSide;
  backfill: { startedAt: number; done: number; total: number | null } | null;
  stopWatching: Array<() => Promise<void>>;
}

interface Subscription {
  mailbox: string;
  folder: FolderKey;
  clientState: string;
  expiresAt: number;
}

/** Subscriptions last at most 4,230 minutes for Outlook resources (microsoft.md §5.1); we ask for three days. */
const SUBSCRIPTION_MS = 3 * 24 * 3_600_000;
/** …and renew those with less than a day left, checked hourly. */
const RENEW_BEFORE_MS = 24 * 3_600_000;
const RENEW_CHECK_MS = 3_600_000;
const KINDS: readonly SyncKind[] = ['mail', 'calendar', 'contacts', 'todo'];
/** The newest trash entries a revert looks through (a run older than this many trashes is not revertible here). */
const REVERT_SCAN_LIMIT = 100_000;

/**
 * Runs the two-way mail sync for every configured pair: one MailboxSync each, one scheduler for all,
 * push first (Graph change notifications and IMAP IDLE hint the scheduler, which syncs that folder
 * within its debounce), delta reads and a periodic full reconcile behind them. Also the source of the
 * sync status API and of the Thread view (via the thread store the DingTalk side records into).
 */
export class MailSyncHost {
  readonly threads: ThreadStore;
  readonly mailStore: MailSyncStore;
  readonly #pairs = new Map<string, Pair>();
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #scheduler: MailSyncScheduler;
  readonly #folders: FolderMap;
  readonly #clock: () => number;
  #renewTimer: NodeJS.Timeout | null = null;
  #notificationUrl: string | null = null;

  constructor(private readonly options: MailSyncHostOptions) {
    this.#clock = options.clock ?? Date.now;
    this.#folders = options.folders ?? folderMap();
    this.mailStore = new MailSyncStore(options.store.db);
    this.threads = new ThreadStore(options.store.db, this.#clock, async (mailbox, messageId) => {
      const [link] = await this.mailStore.linksByMessageIds(mailbox, [messageId]);
      return link === undefined || link.state !== 'active' ? null : link.createdAt;
    });
    this.#scheduler = new MailSyncScheduler({
      logger: options.logger.child({ component: 'mail-scheduler' }),
      deltaIntervalMs: options.deltaSeconds * 1000,
      reconcileIntervalMs: options.reconcileMinutes * 60_000,
    });
    for (const account of options.accounts) this.#addPair(account);
  }

  get mailboxes(): string[] {
    return [...this.#pairs.keys()];
  }

  /** What the webhook plugin needs (server/http/graph-webhook.ts). */
  readonly webhook: Omit<GraphWebhookOptions, 'notificationPath' | 'lifecyclePath' | 'bodyLimit'> = {
    onNotifications: (list: GraphNotification[]) => {
      for (const n of list) {
        const sub = this.#subscriptions.get(n.subscriptionId);
        if (sub !== undefined) this.#scheduler.notify(sub.mailbox, sub.folder, 'exchange');
      }
    },
    onLifecycle: (list: GraphLifecycleNotification[]) => {
      for (const n of list) void this.#lifecycle(n);
    },
    clientStateFor: (subscriptionId: string) => this.#subscriptions.get(subscriptionId)?.clientState ?? null,
  };

  /**
   * Starts syncing: recovers what a crash left, backfills (newest first, resumable), then subscribes to
   * Graph notifications at `publicUrl` and watches the IMAP folders. Returns once every pair has started;
   * the backfills go on in the background.
   */
  async start(publicUrl: string): Promise<void> {
    this.#notificationUrl = new URL('/webhooks/graph/notifications', publicUrl).href;
    for (const pair of this.#pairs.values()) void this.#startPair(pair);
    this.#renewTimer = setInterval(() => void this.#renewSubscriptions(), RENEW_CHECK_MS);
    this.#renewTimer.unref();
  }

  /** Waits until no folder sync is queued or running (tests and benchmarks). */
  async idle(): Promise<void> {
    await this.#scheduler.idle();
  }

  readonly status: SyncStatusSource = {
    mailbox: async (viewer: string): Promise<KindsStatus> => {
      const pair = this.#pairs.get(viewer.toLowerCase());
      const others = KINDS.filter((k) => k !== 'mail').map((kind) => ({ kind, state: 'not_configured' as const, lastSuccessAt: null, lagSeconds: null, queued: 0, errors: [], progress: null }));
      if (pair === undefined) return { mailbox: viewer, kinds: [{ kind: 'mail', state: 'not_configured', lastSuccessAt: null, lagSeconds: null, queued: 0, errors: [], progress: null }, ...others] };
      const mail = toSyncKindStatus(await this.#statusOf(pair));
      return { mailbox: viewer, kinds: [mail, ...others] };
    },
  };

  async detail(viewer: string): Promise<MailSyncDetail | null> {
    const pair = this.#pairs.get(viewer.toLowerCase());
    if (pair === undefined) return null;
    const status = await this.#statusOf(pair);
    return {
      mailbox: status.mailbox,
      dingtalkAddress: pair.account.dingtalkAddress,
      state: status.state,
      lastSuccessAt: status.lastSuccessAt,
      lagSeconds: status.lagSeconds,
      queued: status.queued + this.#scheduler.queueDepth(pair.account.mailbox),
      folders: status.folders.map((f) => ({ ...f, folder: String(f.folder) })),
      errors: status.errors,
      quarantined: status.quarantined.map((q) => ({
        key: q.key,
        folder: String(q.folder),
        reason: q.reason,
        code: q.code,
        attempts: q.attempts,
        nextAttemptAt: q.nextAttemptAt,
        firstFailedAt: q.firstFailedAt,
        lastFailedAt: q.lastFailedAt,
      })),
      breakers: status.breakers.map((b) => ({ ...b, folder: String(b.folder) })),
      progress: status.progress,
    };
  }

  async releaseBreaker(mailbox: string, folder: string, admin: string): Promise<boolean> {
    const pair = this.#pairs.get(mailbox.toLowerCase());
    if (pair === undefined) return false;
    const released = await pair.sync.releaseBreaker(folder, admin);
    if (released) this.#scheduler.notify(pair.account.mailbox, folder);
    return released;
  }

  async retryQuarantined(mailbox: string, admin: string): Promise<number | null> {
    const pair = this.#pairs.get(mailbox.toLowerCase());
    if (pair === undefined) return null;
    const count = await pair.sync.retryQuarantined(admin);
    this.#scheduler.notify(pair.account.mailbox, null);
    return count;
  }

  /**
   * Reverts a run: moves back everything the run sent to trash in this mailbox pair, as recorded in the
   * audit log (`mail.trash` entries carry the run id and the folder each item came from).
   */
  async revertRun(mailbox: string, runId: string, admin: string): Promise<{ restored: number; missing: number } | null> {
    const pair = this.#pairs.get(mailbox.toLowerCase());
    if (pair === undefined) return null;
    const prefix = `mail:${pair.account.mailbox}:`;
    const entries = (await this.options.store.audit.list({ action: 'mail.trash', limit: REVERT_SCAN_LIMIT })).filter(
      (e) => e.target.startsWith(prefix) && (e.after as { runId?: string } | null)?.runId === runId,
    );
    const result = await pair.sync.revertTrash(entries, admin);
    this.#scheduler.notify(pair.account.mailbox, null);
    return result;
  }

  async close(): Promise<void> {
    if (this.#renewTimer !== null) clearInterval(this.#renewTimer);
    await this.#scheduler.stop();
    for (const pair of this.#pairs.values()) for (const stop of pair.stopWatching) await stop().catch(() => undefined);
    for (const id of this.#subscriptions.keys()) await this.options.graph.deleteSubscription(id).catch(() => undefined);
    for (const pair of this.#pairs.values()) await pair.account.provider.close().catch(() => undefined);
  }

  #addPair(account: MailAccountRuntime): void {
    const mailbox = account.mailbox.toLowerCase();
    const logger = this.options.logger.child({ component: 'mail-sync', mailbox });
    const provider = recordingMailbox(account.provider, this.threads, mailbox, logger);
    const dingtalk = new DingTalkSide({ provider, folders: this.#folders, logger });
    const exchange = new ExchangeSide({ provider: this.options.graph, mailbox, folders: this.#folders, logger });
    const pair: Pair = { account: { ...account, mailbox }, dingtalk, exchange, backfill: null, stopWatching: [], sync: null as unknown as MailboxSync };
    pair.sync = new MailboxSync({
      mailbox,
      store: this.mailStore,
      sides: { dingtalk, exchange },
      folders: this.#folders,
      audit: this.options.store.audit,
      logger,
      clock: this.#clock,
      onProgress: (progress) => {
        pair.backfill = { startedAt: pair.backfill?.startedAt ?? this.#clock(), done: progress.done, total: progress.total };
      },
    });
    this.#pairs.set(mailbox, pair);
  }

  async #startPair(pair: Pair): Promise<void> {
    const logger = this.options.logger.child({ component: 'mail-sync', mailbox: pair.account.mailbox });
    try {
      await Promise.all([pair.dingtalk.prepare(), pair.exchange.prepare()]);
      await this.#watch(pair);
      await this.#subscribe(pair).catch((error: unknown) => logger.warn({ err: error }, 'Graph notifications unavailable; delta reads every MAIL_DELTA_SECONDS instead'));
      pair.backfill = { startedAt: this.#clock(), done: 0, total: null };
      const result = await pair.sync.backfill();
      logger.info({ folders: result.folders, done: result.progress.done }, 'mail backfill finished');
    } catch (error) {
      logger.error({ err: error }, 'mail sync could not start for this mailbox; the scheduler retries');
    } finally {
      pair.backfill = null;
      // Work on one mailbox must be serialised: the scheduler takes the pair only after its backfill, so
      // hints that came in meanwhile were dropped, and this catch-up run reads every folder once.
      this.#scheduler.add(pair.sync);
      this.#scheduler.notify(pair.account.mailbox, null);
      this.#scheduler.start();
    }
  }

  /** IMAP IDLE (or the provider's polling fallback) on every mapped folder hints the scheduler. */
  async #watch(pair: Pair): Promise<void> {
    for (const folder of folderKeys(this.#folders)) {
      const path = pair.dingtalk.mappedPath(folder);
      if (path === null) continue;
      pair.stopWatching.push(await pair.account.provider.watch(path, () => this.#scheduler.notify(pair.account.mailbox, folder, 'dingtalk')));
    }
  }

  async #subscribe(pair: Pair): Promise<void> {
    if (this.#notificationUrl === null) return;
    for (const folder of folderKeys(this.#folders)) {
      const folderId = pair.exchange.mappedFolderId(folder);
      if (folderId === null) continue;
      await this.#createSubscription(pair.account.mailbox, folder, folderId);
    }
  }

  async #createSubscription(mailbox: string, folder: FolderKey, folderId: string): Promise<void> {
    if (this.#notificationUrl === null) return;
    const clientState = randomBytes(24).toString('base64url');
    const created = await this.options.graph.createSubscription(mailbox, {
      folderId,
      notificationUrl: this.#notificationUrl,
      lifecycleNotificationUrl: this.#notificationUrl.replace(/notifications$/, 'lifecycle'),
      clientState,
      expiresAt: this.#clock() + SUBSCRIPTION_MS,
    });
    this.#subscriptions.set(created.id, { mailbox, folder, clientState, expiresAt: created.expiresAt });
  }

  async #renewSubscriptions(): Promise<void> {
    for (const [id, sub] of this.#subscriptions) {
      if (sub.expiresAt - this.#clock() > RENEW_BEFORE_MS) continue;
      try {
        const renewed = await this.options.graph.renewSubscription(id, this.#clock() + SUBSCRIPTION_MS);
        sub.expiresAt = renewed.expiresAt;
      } catch (error) {
        this.options.logger.warn({ err: error, mailbox: sub.mailbox, folder: sub.folder }, 'subscription renewal failed; recreating');
        this.#subscriptions.delete(id);
        await this.#recreate(sub);
      }
    }
  }

  /** Lifecycle events (microsoft.md §5.4): a missed notice means read the folder; a removed subscription is recreated. */
  async #lifecycle(event: GraphLifecycleNotification): Promise<void> {
    const sub = this.#subscriptions.get(event.subscriptionId);
    if (sub === undefined) return;
    this.#scheduler.notify(sub.mailbox, event.lifecycleEvent === 'missed' ? null : sub.folder, 'exchange');
    if (event.lifecycleEvent === 'subscriptionRemoved') {
      this.#subscriptions.delete(event.subscriptionId);
      await this.#recreate(sub);
    } else if (event.lifecycleEvent === 'reauthorizationRequired') {
      await this.options.graph.renewSubscription(event.subscriptionId, this.#clock() + SUBSCRIPTION_MS).catch(async () => {
        this.#subscriptions.delete(event.subscriptionId);
        await this.#recreate(sub);
      });
    }
  }

  async #recreate(sub: Subscription): Promise<void> {
    const pair = this.#pairs.get(sub.mailbox);
    const folderId = pair?.exchange.mappedFolderId(sub.folder) ?? null;
    if (folderId === null) return;
    await this.#createSubscription(sub.mailbox, sub.folder, folderId).catch((error: unknown) =>
      this.options.logger.warn({ err: error, mailbox: sub.mailbox, folder: sub.folder }, 'could not recreate the Graph subscription; delta reads continue'),
    );
  }

  async #statusOf(pair: Pair) {
    const status = await pair.sync.status();
    if (status.progress !== null || pair.backfill === null) return status;
    return { ...status, progress: computeProgress(pair.backfill.done, pair.backfill.total, pair.backfill.startedAt, this.#clock()) };
  }
}
