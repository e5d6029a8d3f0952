import { useCallback, useEffect, useRef, useState } from 'react';

export interface MailAction {
  busy: boolean;
  /** the last failure; cleared when the next attempt starts */
  error: unknown;
  /** what the last success did, for a polite announcement; null when there is nothing to say */
  done: string | null;
  /** runs `action` (which resolves with the announcement); then `onDone` so the view asks the server again */
  run: (action: () => Promise<string | null>) => void;
}

/** One admin action of the mail sync (release a breaker, retry the quarantine): busy, failure, outcome. */
export function useMailAction(onDone: () => void): MailAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    (action: () => Promise<string | null>): void => {
      setBusy(true);
      setError(null);
      setDone(null);
      action().then(
        (announcement) => {
          if (!mounted.current) return;
          setBusy(false);
          setDone(announcement);
          onDone();
        },
        (failure: unknown) => {
          if (!mounted.current) return;
          setBusy(false);
          setError(failure);
        },
      );
    },
    [onDone],
  );

  return { busy, error, done, run };
}
