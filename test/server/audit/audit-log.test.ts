import { openStore } from '../../../server/store/store.js';
import { auditLogSuite } from './audit-log.suite.js';

describe('server/audit/audit-log (SQLite)', () => {
  auditLogSuite(async () => {
    const store = await openStore('sqlite::memory:');
    return { store, dispose: () => store.close() };
  });
});
