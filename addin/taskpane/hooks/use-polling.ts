import { useCallback, useEffect, useState } from 'react';
import { isAbortError } from '../../api/api-error.js';

/** Runs `run` once after `ms` and returns a function that cancels it. */
export type PollScheduler = (run: () => void, ms: number) => () => void;

/** The real scheduler: `setTimeout`. Tests pass one they drive by hand, so no test waits for a clock. */
export const timeoutScheduler: PollScheduler = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface PollingOptions {
  intervalMs: number;
  schedule?: PollScheduler;
}

export interface Polled<T> {
  /** the latest answer; kept while later polls fail */
  value: T | null;
  /** the latest failure, cleared by the next answer */
  error: unknown;
  /** true once the first answer or failure arrived */
  settled: boolean;
  /** asks again now (after a retry button or an action that changed the server's state) */
  refresh: () => void;
}

function pageHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/**
 * Calls `load` now and then `intervalMs` after each answer, while the page is visible. When the pane
 * is hidden (Page Visibility: Outlook minimised, the pane collapsed) the timer and any request in flight
 * are dropped; when it shows again it asks at once. Unmounting stops everything. Pass a stable `load`
 * (useCallback): a new one restarts the polling.
 */
export function usePolling<T>(load: (signal: AbortSignal) => Promise<T>, { intervalMs, schedule = timeoutScheduler }: PollingOptions): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'refresh'>>({ value: null, error: null, settled: false });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let inFlight: AbortController | null = null;
    let cancelTimer: (() => void) | null = null;
    let disposed = false;

    const poll = async (): Promise<void> => {
      cancelTimer = null;
      const controller = new AbortController();
      inFlight = controller;
      try {
        const value = await load(controller.signal);
        if (controller.signal.aborted) return;
        setState({ value, error: null, settled: true });
      } catch (error) {
        // why: an aborted request was dropped on purpose (hidden, unmounted); whoever dropped it decides what's next
        if (controller.signal.aborted || isAbortError(error)) return;
        setState((previous) => ({ ...previous, error, settled: true }));
      }
      if (inFlight === controller) inFlight = null;
      if (!disposed && !pageHidden()) cancelTimer = schedule(() => void poll(), intervalMs);
    };

    const onVisibilityChange = (): void => {
      if (pageHidden()) {
        cancelTimer?.();
        cancelTimer = null;
        inFlight?.abort();
        inFlight = null;
      } else if (inFlight === null) {
        cancelTimer?.();
        void poll();
      }
    };

    document.addEventListener('visibilitychange', onVisibilityChange);
    if (!pageHidden()) void poll();
    return () => {
      disposed = true;
      document.removeEventListener('visibilitychange', onVisibilityChange);
      cancelTimer?.();
      inFlight?.abort();
    };
  }, [load, intervalMs, schedule, generation]);

  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, refresh };
}
