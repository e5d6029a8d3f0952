import { openStore } from '../../../server/store/store.js';
import { createTestSchema, TEST_POSTGRES_URL } from '../../helpers/postgres.js';
import { directoryRepositorySuite } from './directory-repository.suite.js';

describe('server/store/directory-repository (PostgreSQL)', () => {
  directoryRepositorySuite(async () => {
    const { schema, drop } = await createTestSchema();
    const store = await openStore(TEST_POSTGRES_URL, { schema });
    return {
      store,
      async dispose() {
        await store.close();
        await drop();
      },
    };
  });
});
