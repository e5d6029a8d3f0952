import { openStore } from '../../../server/store/store.js';
import { createTestSchema, TEST_POSTGRES_URL } from '../../helpers/postgres.js';
import { secretStoreSuite } from './secret-store.suite.js';

describe('server/secrets/secret-store (PostgreSQL)', () => {
  secretStoreSuite(async () => {
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
