import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  /** give up after this long (default 5 s) */
  timeoutMs?: number;
  /** pause between attempts (default 50 ms) */
  intervalMs?: number;
}

/**
 * Expect-style polling: runs `attempt` until it stops throwing, and rethrows its last error (with the
 * time waited) once `timeoutMs` has passed. For conditions outside the page; inside it, use locators.
 */
export async function eventually<T>(attempt: () => Promise<T> | T, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (performance.now() >= deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`still failing after ${timeoutMs} ms: ${reason}`, { cause: error });
      }
    }
    await delay(intervalMs);
  }
}
