import { openTestPgStore } from '../../helpers/postgres.js';
import { directoryRepositorySuite } from './directory-repository.suite.js';

describe('server/store/directory-repository (PostgreSQL)', () => {
  directoryRepositorySuite(openTestPgStore);
});
