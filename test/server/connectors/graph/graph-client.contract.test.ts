import { graphMailProviderContract } from './contract.suite.js';
import { graphEnv, startWebhookReceiver } from './graph-harness.js';

const DELTA_PAGE_SIZE = 5;

describe('GraphMailProvider contract: GraphClient over HTTP against the Graph sandbox', () => {
  graphMailProviderContract(async () => {
    const env = await graphEnv({}, { deltaPageSize: DELTA_PAGE_SIZE });
    const webhook = await startWebhookReceiver();
    return {
      provider: env.client,
      mailbox: env.upn,
      outlook: env.seed,
      deltaPageSize: DELTA_PAGE_SIZE,
      expireDeltaTokens: () => void env.sandbox.expireDeltaTokens(),
      webhook,
      async close() {
        await env.close();
        await webhook.close();
      },
    };
  });
});
