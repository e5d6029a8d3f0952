/**
 * One rate-limited lane per DingTalk API path, because DingTalk limits each app per API (20 QPS on the
 * standard edition, dingtalk.md §9): different APIs run side by side at full speed, and one API never
 * exceeds its limit in any one-second window.
 *
 * A slot is held from the moment a request starts until one window after its response arrived. The
 * server counts a request when it arrives, which is somewhere between our start and the response, so
 * holding the slot until response + window guarantees the server never sees more than `qps` in a window,
 * whatever the network and event-loop delays. Counting from the start (p-queue's strict mode) is not
 * enough: a request that waited for a connection arrives late and overlaps the next window's burst.
 * The price is throughput of qps × window / (window + latency), a few percent on real networks.
 */
export class ApiLanes {
  readonly #lanes = new Map<string, Lane>();

  constructor(private readonly options: { qps: number; windowMs: number; clock?: () => number }) {}

  run<T>(api: string, task: () => Promise<T>): Promise<T> {
    return this.#lane(api).run(task);
  }

  /** Starts no request on this API for `ms` (the server told us to slow down). */
  pause(api: string, ms: number): void {
    this.#lane(api).pause(ms);
  }

  /** Requests waiting or running per API, for the status page. */
  depth(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [api, lane] of this.#lanes) out[api] = lane.depth;
    return out;
  }

  #lane(api: string): Lane {
    let lane = this.#lanes.get(api);
    if (lane === undefined) {
      lane = new Lane(this.options.qps, this.options.windowMs, this.options.clock ?? Date.now);
      this.#lanes.set(api, lane);
    }
    return lane;
  }
}

class Lane {
  #held = 0;
  /** requests handed to run() and not finished: waiting plus in flight */
  #pending = 0;
  #pausedUntil = 0;
  #wakeTimer: NodeJS.Timeout | null = null;
  readonly #waiting: Array<() => void> = [];

  constructor(
    private readonly qps: number,
    private readonly windowMs: number,
    private readonly clock: () => number,
  ) {}

  get depth(): number {
    return this.#pending;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    await this.#acquire();
    try {
      return await task();
    } finally {
      this.#pending--;
      setTimeout(() => {
        this.#held--;
        this.#drain();
      }, this.windowMs).unref();
    }
  }

  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.clock() + ms);
  }

  #acquire(): Promise<void> {
    if (this.#waiting.length === 0 && this.#canStart()) {
      this.#held++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#drain();
    });
  }

  #canStart(): boolean {
    return this.#held < this.qps && this.clock() >= this.#pausedUntil;
  }

  #drain(): void {
    while (this.#waiting.length > 0 && this.#canStart()) {
      this.#held++;
      (this.#waiting.shift() as () => void)();
    }
    const pausedFor = this.#pausedUntil - this.clock();
    if (this.#waiting.length > 0 && pausedFor > 0 && this.#wakeTimer === null) {
      this.#wakeTimer = setTimeout(() => {
        this.#wakeTimer = null;
        this.#drain();
      }, pausedFor);
      this.#wakeTimer.unref();
    }
  }
}
