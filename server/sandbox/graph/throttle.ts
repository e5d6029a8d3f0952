/**
 * Outlook's per app × mailbox limits (microsoft.md §7.1, §10 item 9): a concurrency gate (4 in flight,
 * `429 ApplicationThrottled` "MailboxConcurrency") and a sliding request window (10,000 per 10 min).
 * Every request counts against the window, throttled ones included ("usage is still counted, so immediate
 * retries make it worse", §7.1). Also the per-mailbox counters benchmarks read.
 */
export interface MailboxTraffic {
  /** requests that named this mailbox (sub-requests of $batch included, 429s included) */
  requests: number;
  /** answered 429 for concurrency */
  concurrencyThrottled: number;
  /** answered 429 for the request budget */
  budgetThrottled: number;
  /** most requests in flight at once, counting the one that arrived (what the client attempted) */
  peakConcurrency: number;
  inFlight: number;
}

export type Admission = { ok: true; release: () => void } | { ok: false; reason: 'concurrency' | 'budget'; retryAfterMs: number };

export class MailboxThrottle {
  readonly #traffic = new Map<string, MailboxTraffic>();
  readonly #windows = new Map<string, number[]>();

  constructor(
    private readonly clock: () => number,
    private readonly limits: () => { concurrencyPerMailbox: number; budgetPerWindow: number; budgetWindowMs: number; retryAfterSeconds: number },
  ) {}

  /** Admits one request to `mailbox` (a user id). Call `release` when its response is being sent. */
  admit(mailbox: string): Admission {
    const limits = this.limits();
    const traffic = this.traffic(mailbox);
    traffic.requests += 1;
    traffic.peakConcurrency = Math.max(traffic.peakConcurrency, traffic.inFlight + 1);
    const now = this.clock();
    const window = this.#window(mailbox, now, limits.budgetWindowMs);
    window.push(now);
    if (limits.concurrencyPerMailbox > 0 && traffic.inFlight >= limits.concurrencyPerMailbox) {
      traffic.concurrencyThrottled += 1;
      return { ok: false, reason: 'concurrency', retryAfterMs: limits.retryAfterSeconds * 1000 };
    }
    if (limits.budgetPerWindow > 0 && window.length > limits.budgetPerWindow) {
      traffic.budgetThrottled += 1;
      // A retry is admitted once at most budget − 1 requests (this one included) remain in the window.
      const freeing = window[window.length - limits.budgetPerWindow] ?? now;
      return { ok: false, reason: 'budget', retryAfterMs: Math.max(1, freeing + limits.budgetWindowMs - now) };
    }
    traffic.inFlight += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        traffic.inFlight -= 1;
      },
    };
  }

  traffic(mailbox: string): MailboxTraffic {
    let traffic = this.#traffic.get(mailbox);
    if (traffic === undefined) {
      traffic = { requests: 0, concurrencyThrottled: 0, budgetThrottled: 0, peakConcurrency: 0, inFlight: 0 };
      this.#traffic.set(mailbox, traffic);
    }
    return traffic;
  }

  /** Counters per mailbox key; the caller maps keys to UPNs. */
  snapshot(): Map<string, MailboxTraffic> {
    return new Map([...this.#traffic].map(([key, t]) => [key, { ...t }]));
  }

  /** Zeroes counters and peaks (requests in flight are kept), e.g. between benchmark phases. */
  reset(): void {
    for (const traffic of this.#traffic.values()) {
      Object.assign(traffic, { requests: 0, concurrencyThrottled: 0, budgetThrottled: 0, peakConcurrency: traffic.inFlight });
    }
    this.#windows.clear();
  }

  #window(mailbox: string, now: number, windowMs: number): number[] {
    let window = this.#windows.get(mailbox);
    if (window === undefined) {
      window = [];
      this.#windows.set(mailbox, window);
    }
    let expired = 0;
    while (expired < window.length && (window[expired] ?? 0) <= now - windowMs) expired += 1;
    if (expired > 0) window.splice(0, expired);
    return window;
  }
}
