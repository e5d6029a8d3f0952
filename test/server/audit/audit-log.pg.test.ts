import { openStore } from '../../../server/store/store.js';
import { createTestSchema, TEST_POSTGRES_URL } from '../../helpers/postgres.js';
import { auditLogSuite } from './audit-log.suite.js';

describe('server/audit/audit-log (PostgreSQL)', () => {
  let schema = '';
  auditLogSuite(
    async () => {
      const test = await createTestSchema();
      schema = test.schema;
      const store = await openStore(TEST_POSTGRES_URL, { schema });
      return {
        store,
        async dispose() {
          await store.close();
          await test.drop();
        },
      };
    },
    () => openStore(TEST_POSTGRES_URL, { schema }),
  );
});
