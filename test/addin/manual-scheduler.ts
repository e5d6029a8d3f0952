import type { PollScheduler } from '../../addin/taskpane/hooks/use-polling.js';

/** A poll scheduler the test drives: nothing runs until `runDue()`, so no test waits for a clock. */
export class ManualScheduler {
  readonly #pending = new Set<{ run: () => void; ms: number }>();

  readonly schedule: PollScheduler = (run, ms) => {
    const entry = { run, ms };
    this.#pending.add(entry);
    return () => {
      this.#pending.delete(entry);
    };
  };

  /** the intervals of the polls waiting to run */
  get pending(): number[] {
    return [...this.#pending].map((entry) => entry.ms);
  }

  /** runs every poll that is waiting (as if their time had come) */
  runDue(): void {
    const due = [...this.#pending];
    this.#pending.clear();
    for (const entry of due) entry.run();
  }
}

/** Makes the page hidden or visible (Page Visibility API) and fires `visibilitychange`, as a browser does. */
export function setPageVisibility(state: DocumentVisibilityState): void {
  // why: a browser fires the event only on a change
  if (document.visibilityState === state) return;
  if (state === 'visible') Reflect.deleteProperty(document, 'visibilityState');
  else Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new window.Event('visibilitychange'));
}
