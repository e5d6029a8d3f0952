import { useEffect, useState } from 'react';
import type { AddressBookChoice } from '../../../shared/admin-api.js';
import type { BridgeApi } from '../../api/bridge-api.js';

/**
 * The address books the viewer may switch to besides their default directory, asked once. A failure
 * (an older server answers 404, the viewer is offline) leaves the list empty, so no switcher is shown.
 */
export function useAddressBooks(api: BridgeApi): AddressBookChoice[] {
  const [books, setBooks] = useState<AddressBookChoice[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    api.addressBooks({ signal: controller.signal }).then(
      (answer) => setBooks(answer),
      () => setBooks([]),
    );
    return () => controller.abort();
  }, [api]);
  return books;
}
