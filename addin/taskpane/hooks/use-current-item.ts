import { useEffect, useState } from 'react';
import type { MailItemInfo, OfficeHost } from '../../office/host.js';

export interface CurrentItem {
  item: MailItemInfo | null;
  /** true until the first answer from the host */
  loading: boolean;
}

/** The selected or open Outlook item, following ItemChanged in a pinned pane. */
export function useCurrentItem(host: OfficeHost): CurrentItem {
  const [state, setState] = useState<CurrentItem>({ item: null, loading: true });
  useEffect(() => {
    let latest = 0;
    let active = true;
    const load = (): void => {
      const ticket = ++latest;
      host.currentItem().then(
        (item) => {
          // why: ItemChanged can fire again before the previous item finished loading
          if (active && ticket === latest) setState({ item, loading: false });
        },
        () => {
          if (active && ticket === latest) setState({ item: null, loading: false });
        },
      );
    };
    load();
    const unsubscribe = host.onItemChanged(load);
    return () => {
      active = false;
      unsubscribe();
    };
  }, [host]);
  return state;
}
