/**
 * How long the recipient check may take before the handler gives up and lets the mail go.
 * Outlook shows a "taking longer than expected" dialog after 5 s of OnMessageSend and ends handlers at
 * about 300 s (microsoft.md §1.6; docs: outlook/autolaunch "Event-based activation behavior and
 * limitations"); 3 s leaves room for reading the recipients and completing within the 5 s.
 */
export const CHECK_TIMEOUT_MS = 3000;

/** Budget for showing or clearing a notification, which should be near-instant. */
export const NOTICE_TIMEOUT_MS = 1000;

/**
 * Runs `task` with an abort signal and resolves with its result, or with 'timed-out' after `ms`
 * (aborting the signal). Never leaves a timer behind. The task's own rejection passes through.
 * AbortController is feature-detected: the classic Outlook JavaScript-only runtime is not a browser.
 */
export async function withDeadline<T>(ms: number, task: (signal: AbortSignal | undefined) => Promise<T>): Promise<T | 'timed-out'> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => {
      controller?.abort();
      resolve('timed-out');
    }, ms);
  });
  try {
    return await Promise.race([task(controller?.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
