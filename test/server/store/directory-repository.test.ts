import { openStore } from '../../../server/store/store.js';
import { directoryRepositorySuite } from './directory-repository.suite.js';

describe('server/store/directory-repository (SQLite)', () => {
  directoryRepositorySuite(async () => {
    const store = await openStore('sqlite::memory:');
    return { store, dispose: () => store.close() };
  });
});
