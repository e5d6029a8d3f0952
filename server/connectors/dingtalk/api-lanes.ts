import PQueue from 'p-queue';

/**
 * One queue ("lane") per DingTalk API path, because DingTalk limits each app per API (20 QPS on the
 * standard edition, dingtalk.md §9): different APIs can run side by side at full speed, the same API
 * never exceeds its window. p-queue's strict mode is a sliding window, which matches how a server-side
 * per-second counter judges us even when a burst straddles a second boundary.
 *
 * `windowMs` is a little over one second by default because our start time and DingTalk's arrival time
 * differ by network jitter; without the margin the 21st request can land in the server's window.
 */
export class ApiLanes {
  readonly #lanes = new Map<string, PQueue>();

  constructor(private readonly options: { qps: number; windowMs: number; concurrency: number }) {}

  run<T>(api: string, task: () => Promise<T>): Promise<T> {
    return this.#lane(api).add(task) as Promise<T>;
  }

  /** Stop starting requests on this API for `ms` (the server told us to slow down). */
  pause(api: string, ms: number): void {
    const lane = this.#lane(api);
    if (lane.isPaused) return;
    lane.pause();
    setTimeout(() => lane.start(), ms).unref();
  }

  /** Requests waiting or running per API, for the status page. */
  depth(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [api, lane] of this.#lanes) out[api] = lane.size + lane.pending;
    return out;
  }

  #lane(api: string): PQueue {
    let lane = this.#lanes.get(api);
    if (lane === undefined) {
      lane = new PQueue({
        concurrency: this.options.concurrency,
        intervalCap: this.options.qps,
        interval: this.options.windowMs,
        strict: true,
      });
      this.#lanes.set(api, lane);
    }
    return lane;
  }
}
