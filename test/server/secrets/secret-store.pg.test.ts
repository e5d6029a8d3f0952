import { openTestPgStore } from '../../helpers/postgres.js';
import { secretStoreSuite } from './secret-store.suite.js';

describe('server/secrets/secret-store (PostgreSQL)', () => {
  secretStoreSuite(openTestPgStore);
});
