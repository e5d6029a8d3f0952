import { useCallback, useEffect, useState } from 'react';
import type { DirectoryChange, SearchResult } from '../../../shared/directory-api.js';
import { isAbortError } from '../../api/api-error.js';
import type { BridgeApi } from '../../api/bridge-api.js';
import { applyChangeToResults } from '../directory-changes.js';

/**
 * Wait this long after the last keystroke before searching (search as you type, not per key). Short
 * enough to keep keystroke → results within 150 ms (the server answers in about a millisecond), long
 * enough to skip the intermediate queries of fast typing.
 */
export const SEARCH_DEBOUNCE_MS = 60;
const RESULT_LIMIT = 30;

export interface SearchState {
  /** the trimmed query these results (or this error) belong to */
  query: string;
  status: 'idle' | 'loading' | 'done' | 'error';
  results: SearchResult[];
  error: unknown;
}

const IDLE: SearchState = { query: '', status: 'idle', results: [], error: null };

export interface DirectorySearch {
  state: SearchState;
  /** applies a live change to the shown results (a removed person vanishes at once) */
  applyChange: (change: DirectoryChange) => void;
  /** runs the current query again (after a resync, or from the error's retry button) */
  refresh: () => void;
}

export interface DirectorySearchOptions {
  /** the address book to search in; absent = the viewer's default directory */
  book?: string | undefined;
  limit?: number;
  debounceMs?: number;
}

/**
 * Debounced directory search. Each new query (or address book) aborts the request of the previous
 * one, so a slow answer for "zh" can never overwrite the results for "zhang".
 */
export function useDirectorySearch(api: BridgeApi, rawQuery: string, options: DirectorySearchOptions = {}): DirectorySearch {
  const { book, limit = RESULT_LIMIT, debounceMs = SEARCH_DEBOUNCE_MS } = options;
  const query = rawQuery.trim();
  const [state, setState] = useState<SearchState>(IDLE);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (query === '') {
      setState(IDLE);
      return;
    }
    // keep the previous results visible while the next ones load; the list marks itself busy
    setState((previous) => ({ ...previous, query, status: 'loading', error: null }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.search(query, { limit, signal: controller.signal, ...(book === undefined ? {} : { book }) }).then(
        (response) => setState({ query, status: 'done', results: response.results, error: null }),
        (error: unknown) => {
          if (!isAbortError(error)) setState({ query, status: 'error', results: [], error });
        },
      );
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, query, book, limit, debounceMs, generation]);

  const applyChange = useCallback((change: DirectoryChange) => {
    setState((previous) => {
      const results = applyChangeToResults(previous.results, change);
      return results === previous.results ? previous : { ...previous, results };
    });
  }, []);

  const refresh = useCallback(() => setGeneration((n) => n + 1), []);

  return { state, applyChange, refresh };
}
