import PQueue from 'p-queue';

/**
 * One lane per mailbox, because Outlook throttles per app × mailbox (microsoft.md §7.1): at most
 * `concurrency` requests in flight (4 documented, "MailboxConcurrency") and at most `budget` requests
 * per `budgetWindowMs` (10,000 per 10 min documented). A busy mailbox never slows another one.
 *
 * Concurrency and pausing are p-queue's. The budget is our own sliding window: p-queue 8's
 * `interval`/`intervalCap` counts fixed windows, which lets up to 2 × budget through around a window
 * boundary, and Graph counts a sliding window. A budget unit is held from the start of a request until
 * one window after its response, so Graph (which counts on arrival, somewhere in between) never sees more
 * than `budget` in any window. A `$batch` costs one unit per sub-request (each is throttled on its own, §7.2).
 */
export interface MailboxLaneOptions {
  concurrency: number;
  budget: number;
  budgetWindowMs: number;
  clock?: () => number;
}

export interface LaneStats {
  /** requests sent (every attempt, including retries) */
  requests: number;
  /** attempts repeated after a throttle or transient failure */
  retries: number;
  /** responses that were 429 / throttling */
  throttled: number;
  waiting: number;
  running: number;
}

export class MailboxLanes {
  readonly #lanes = new Map<string, Lane>();

  constructor(private readonly options: MailboxLaneOptions) {}

  /** Runs `task` when the mailbox has a free concurrency slot and `cost` budget units (cost is capped at the budget). */
  run<T>(mailbox: string, cost: number, task: () => Promise<T>): Promise<T> {
    return this.lane(mailbox).run(cost, task);
  }

  /** Starts nothing new for this mailbox for `ms` (Graph sent Retry-After, §7.1). Running requests finish. */
  pause(mailbox: string, ms: number): void {
    this.lane(mailbox).pause(ms);
  }

  noteRequest(mailbox: string): void {
    this.lane(mailbox).stats.requests += 1;
  }

  noteRetry(mailbox: string, throttled: boolean): void {
    const stats = this.lane(mailbox).stats;
    stats.retries += 1;
    if (throttled) stats.throttled += 1;
  }

  noteThrottled(mailbox: string): void {
    this.lane(mailbox).stats.throttled += 1;
  }

  stats(): Record<string, LaneStats> {
    const out: Record<string, LaneStats> = {};
    for (const [mailbox, lane] of this.#lanes) out[mailbox] = { ...lane.stats, waiting: lane.waiting, running: lane.running };
    return out;
  }

  /** Drops pause and budget timers; queued work is released (the lanes are not to be used afterwards). */
  close(): void {
    for (const lane of this.#lanes.values()) lane.close();
  }

  private lane(mailbox: string): Lane {
    const key = mailbox.toLowerCase();
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = new Lane(this.options);
      this.#lanes.set(key, lane);
    }
    return lane;
  }
}

class Lane {
  readonly stats = { requests: 0, retries: 0, throttled: 0 };
  readonly #queue: PQueue;
  readonly #budget: SlidingBudget;
  readonly #clock: () => number;
  #pausedUntil = 0;
  #resumeTimer: NodeJS.Timeout | null = null;

  constructor(options: MailboxLaneOptions) {
    this.#queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
    this.#clock = options.clock ?? Date.now;
    this.#budget = new SlidingBudget(options.budget, options.budgetWindowMs, this.#clock);
  }

  get waiting(): number {
    return this.#queue.size;
  }

  get running(): number {
    return this.#queue.pending;
  }

  async run<T>(cost: number, task: () => Promise<T>): Promise<T> {
    const units = this.#budget.clamp(cost);
    return this.#queue.add(
      async () => {
        await this.#budget.acquire(units);
        try {
          return await task();
        } finally {
          this.#budget.release(units);
        }
      },
      { throwOnTimeout: true },
    );
  }

  pause(ms: number): void {
    if (ms <= 0) return;
    const until = this.#clock() + ms;
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    this.#queue.pause();
    if (this.#resumeTimer !== null) clearTimeout(this.#resumeTimer);
    this.#resumeTimer = setTimeout(() => {
      this.#resumeTimer = null;
      this.#queue.start();
    }, ms);
  }

  /** Lets everything queued run now (it then fails fast on the closed transport) rather than hang. */
  close(): void {
    if (this.#resumeTimer !== null) clearTimeout(this.#resumeTimer);
    this.#budget.close();
    this.#queue.start();
  }
}

/**
 * `capacity` units per sliding `windowMs`. Units are held while a request runs and for one window after
 * it finished ("cooling"); waiters are served in order.
 */
export class SlidingBudget {
  #inUse = 0;
  #coolingUnits = 0;
  readonly #cooling: Array<{ freeAt: number; units: number }> = [];
  readonly #waiters: Array<{ units: number; resolve: () => void }> = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    private readonly clock: () => number,
  ) {}

  /** A cost larger than the whole budget could never run; it takes the whole budget instead. */
  clamp(units: number): number {
    return this.capacity <= 0 ? 0 : Math.min(Math.max(1, units), this.capacity);
  }

  acquire(units: number): Promise<void> {
    if (this.capacity <= 0) return Promise.resolve();
    if (this.#waiters.length === 0 && this.#fits(units)) {
      this.#inUse += units;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push({ units, resolve });
      this.#drain();
    });
  }

  release(units: number): void {
    if (this.capacity <= 0) return;
    this.#inUse -= units;
    this.#cooling.push({ freeAt: this.clock() + this.windowMs, units });
    this.#coolingUnits += units;
    this.#drain();
  }

  /** Stops the wake-up timer and lets every waiter through. */
  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  #fits(units: number): boolean {
    const now = this.clock();
    while (this.#cooling.length > 0 && (this.#cooling[0]?.freeAt ?? Infinity) <= now) {
      this.#coolingUnits -= this.#cooling.shift()?.units ?? 0;
    }
    return this.#inUse + this.#coolingUnits + units <= this.capacity;
  }

  #drain(): void {
    for (let next = this.#waiters[0]; next !== undefined && this.#fits(next.units); next = this.#waiters[0]) {
      this.#waiters.shift();
      this.#inUse += next.units;
      next.resolve();
    }
    const oldest = this.#cooling[0];
    if (this.#waiters.length > 0 && oldest !== undefined && this.#timer === null) {
      this.#timer = setTimeout(
        () => {
          this.#timer = null;
          this.#drain();
        },
        Math.max(1, oldest.freeAt - this.clock()),
      );
    }
  }
}
