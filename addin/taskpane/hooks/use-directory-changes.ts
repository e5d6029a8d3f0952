import { useEffect, useRef, useState } from 'react';
import type { DirectoryChange } from '../../../shared/directory-api.js';
import type { BridgeApi, LiveState } from '../../api/bridge-api.js';

/**
 * Calls `onChange` for every live directory change while mounted and returns the connection state.
 * The handler may change between renders without re-subscribing.
 */
export function useDirectoryChanges(api: BridgeApi, onChange: (change: DirectoryChange) => void): LiveState {
  const handler = useRef(onChange);
  handler.current = onChange;
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(
    () =>
      api.subscribeDirectoryChanges(
        (change) => handler.current(change),
        (next) => setState(next),
      ),
    [api],
  );
  return state;
}
