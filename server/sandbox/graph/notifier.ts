import { setMaxListeners } from 'node:events';
import { request, type Dispatcher } from 'undici';
import type { Random } from '../dingtalk/prng.js';
import type { GraphSandboxKnobs } from './knobs.js';

/** Counters of the delivery side, for tests and the control API. */
export interface DeliveryStats {
  /** notification items queued (after drop/duplicate decisions) */
  queued: number;
  /** items POSTed and acknowledged with a 2xx */
  delivered: number;
  /** items dropped by the dropNotifications knob */
  dropped: number;
  /** extra copies made by the duplicateNotifications knob */
  duplicated: number;
  /** items held back by the reorderNotifications knob */
  reordered: number;
  /** POST attempts that failed (non-2xx, error, or slower than notificationTimeoutMs) */
  failedAttempts: number;
  /** items given up after the last retry */
  gaveUp: number;
  posts: number;
}

interface Pending {
  url: string;
  item: Record<string, unknown>;
}

/**
 * Delivers change and lifecycle notifications by POSTing `{"value":[…]}` to the subscriber (microsoft.md
 * §5.3, §5.4). Items queued within notificationDelayMs of each other share one POST per URL, as Graph
 * batches several notifications (across subscriptions) per POST. A delivery counts only with a 2xx within
 * notificationTimeoutMs; failures are retried after `retryDelaysMs` (Graph retries for 4 h; the timeline
 * here is compressed) and then given up. Knobs (seeded): drop, duplicate, reorder, delay.
 */
export class Notifier {
  readonly stats: DeliveryStats = { queued: 0, delivered: 0, dropped: 0, duplicated: 0, reordered: 0, failedAttempts: 0, gaveUp: 0, posts: 0 };
  readonly #pending: Pending[] = [];
  #held: { pending: Pending; timer: NodeJS.Timeout } | null = null;
  #flushTimer: NodeJS.Timeout | null = null;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #closed = false;

  constructor(
    private readonly options: {
      dispatcher: Dispatcher;
      random: Random;
      knobs: () => Readonly<GraphSandboxKnobs>;
      retryDelaysMs: readonly number[];
      onAttemptFailed?: (url: string, reason: string) => void;
    },
  ) {
    // why: every delivery in flight listens on this one signal; Node would warn past 10 listeners.
    setMaxListeners(0, this.#abort.signal);
  }

  /** Queues one change notification item for `url`, subject to the drop / duplicate / reorder knobs. */
  enqueue(url: string, item: Record<string, unknown>): void {
    if (this.#closed) return;
    const knobs = this.options.knobs();
    const random = this.options.random;
    if (knobs.dropNotifications > 0 && random() < knobs.dropNotifications) {
      this.stats.dropped += 1;
      return;
    }
    const copies = knobs.duplicateNotifications > 0 && random() < knobs.duplicateNotifications ? 2 : 1;
    this.stats.duplicated += copies - 1;
    const entry = { url, item };
    if (this.#held === null && knobs.reorderNotifications > 0 && random() < knobs.reorderNotifications) {
      // Held back until the next item is queued (or a short while passes), so it arrives after that one.
      this.stats.reordered += 1;
      const timer = setTimeout(() => this.#releaseHeld(), Math.max(50, knobs.notificationDelayMs * 2));
      this.#held = { pending: entry, timer };
      for (let i = 1; i < copies; i++) this.#queue(entry);
      return;
    }
    for (let i = 0; i < copies; i++) this.#queue(entry);
    this.#releaseHeld();
  }

  /** Sends one lifecycle item right away (no knobs apply; retries do). */
  sendNow(url: string, item: Record<string, unknown>): void {
    if (this.#closed) return;
    this.stats.queued += 1;
    this.#deliver(url, [item], 0);
  }

  /** Resolves when nothing is queued, held, in flight or waiting for a retry. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.#running.size > 0) {
        await Promise.allSettled([...this.#running]);
        continue;
      }
      if (this.#flushTimer === null && this.#held === null && this.#timers.size === 0 && this.#pending.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
    if (this.#held !== null) clearTimeout(this.#held.timer);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#abort.abort();
    await Promise.allSettled([...this.#running]);
  }

  #queue(entry: Pending): void {
    this.stats.queued += 1;
    this.#pending.push(entry);
    if (this.#flushTimer !== null) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = null;
      this.#flush();
    }, this.options.knobs().notificationDelayMs);
  }

  #releaseHeld(): void {
    const held = this.#held;
    if (held === null) return;
    clearTimeout(held.timer);
    this.#held = null;
    this.#queue(held.pending);
  }

  #flush(): void {
    const byUrl = new Map<string, Array<Record<string, unknown>>>();
    for (const { url, item } of this.#pending.splice(0)) byUrl.set(url, [...(byUrl.get(url) ?? []), item]);
    for (const [url, items] of byUrl) {
      for (let i = 0; i < items.length; i += 100) this.#deliver(url, items.slice(i, i + 100), 0);
    }
  }

  #deliver(url: string, items: Array<Record<string, unknown>>, attempt: number): void {
    const run = this.#post(url, items).then((failure) => {
      if (failure === null) {
        this.stats.delivered += items.length;
        return;
      }
      this.stats.failedAttempts += 1;
      this.options.onAttemptFailed?.(url, failure);
      const delay = this.options.retryDelaysMs[attempt];
      if (delay === undefined || this.#closed) {
        this.stats.gaveUp += items.length;
        return;
      }
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#deliver(url, items, attempt + 1);
      }, delay);
      this.#timers.add(timer);
    });
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  /** One POST; null when acknowledged, else why it failed. */
  async #post(url: string, items: Array<Record<string, unknown>>): Promise<string | null> {
    const timeoutMs = this.options.knobs().notificationTimeoutMs;
    this.stats.posts += 1;
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.options.dispatcher,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: items }),
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(timeoutMs)]),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300 ? null : `HTTP ${response.statusCode}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
