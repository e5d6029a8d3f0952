import { openStore } from '../../../../server/store/store.js';
import { mailSyncStoreSuite } from './mail-sync-store.suite.js';

describe('server/sync/mail/mail-sync-store (SQLite)', () => {
  mailSyncStoreSuite(async () => {
    const store = await openStore('sqlite::memory:');
    return { store, dispose: () => store.close() };
  });
});
