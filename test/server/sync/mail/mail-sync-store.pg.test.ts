import { openTestPgStore } from '../../../helpers/postgres.js';
import { mailSyncStoreSuite } from './mail-sync-store.suite.js';

describe('server/sync/mail/mail-sync-store (PostgreSQL)', () => {
  mailSyncStoreSuite(openTestPgStore);
});
