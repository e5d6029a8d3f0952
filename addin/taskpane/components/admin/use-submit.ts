import { useCallback, useEffect, useRef, useState } from 'react';

export interface Submit {
  busy: boolean;
  /** the last failure; cleared when the next attempt starts */
  error: unknown;
  /** runs `action` once at a time; resolves true when it succeeded */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}

/** State of one save or delete: busy while it runs, the error when it fails (the form keeps its input). */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      if (mounted.current) setError(failure);
      return false;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);

  return { busy, error, run };
}
