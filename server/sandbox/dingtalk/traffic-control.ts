import type { SandboxKnobs } from './knobs.js';
import type { Random } from './prng.js';

/**
 * The gateway-level behaviour of DingTalk in front of every API: request counting, per (appKey, api) QPS
 * throttling (§9: 20/s, sliding one-second window here), and injected transient 503s.
 */
export interface TrafficControl {
  /** Counts one request to `api` (the route path, e.g. `/topapi/v2/user/list`). */
  count(api: string): void;
  /** Requests seen per api path since start or the last reset. */
  counts(): Record<string, number>;
  resetCounts(): void;
  /** Consumes one slot of the (appKey, api) window; false means "throttled" (the request is not recorded). */
  allow(appKey: string, api: string): boolean;
  /** Whether this request should fail with 503 (failNext first, then transient5xxRate). */
  shouldFail(): boolean;
}

export function createTrafficControl(options: {
  clock: () => number;
  random: Random;
  knobs: () => Readonly<SandboxKnobs>;
  /** Called when failNext is consumed, so the knob reads back the remaining count. */
  consumeFailNext: () => void;
}): TrafficControl {
  const counts = new Map<string, number>();
  const windows = new Map<string, number[]>();

  return {
    count(api) {
      counts.set(api, (counts.get(api) ?? 0) + 1);
    },
    counts() {
      return Object.fromEntries(counts);
    },
    resetCounts() {
      counts.clear();
    },
    allow(appKey, api) {
      const limit = options.knobs().qpsPerApi;
      if (limit <= 0) return true;
      const now = options.clock();
      const key = `${appKey}\u0000${api}`;
      const window = windows.get(key) ?? [];
      let expired = 0;
      while (expired < window.length && (window[expired] ?? 0) <= now - 1000) expired += 1;
      if (expired > 0) window.splice(0, expired);
      windows.set(key, window);
      if (window.length >= limit) return false;
      window.push(now);
      return true;
    },
    shouldFail() {
      const knobs = options.knobs();
      if (knobs.failNext > 0) {
        options.consumeFailNext();
        return true;
      }
      return knobs.transient5xxRate > 0 && options.random() < knobs.transient5xxRate;
    },
  };
}
