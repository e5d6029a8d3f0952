import { useCallback, useEffect, useState } from 'react';
import { isAbortError } from '../../../api/api-error.js';

export interface AdminList<T> {
  status: 'loading' | 'ready' | 'error';
  items: T[];
  error: unknown;
  /** asks the server again (after a save, a delete, or from the error's retry button) */
  reload: () => void;
}

/**
 * Loads one admin list and reloads it on demand. Each load aborts the previous one, so a slow answer
 * never replaces a newer list. The items stay visible while a reload runs.
 */
export function useAdminList<T>(load: (signal: AbortSignal) => Promise<T[]>): AdminList<T> {
  const [state, setState] = useState<Omit<AdminList<T>, 'reload'>>({ status: 'loading', items: [], error: null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (items) => setState({ status: 'ready', items, error: null }),
      (error: unknown) => {
        if (!isAbortError(error)) setState((previous) => ({ ...previous, status: 'error', error }));
      },
    );
    return () => controller.abort();
  }, [load, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
