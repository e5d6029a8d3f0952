import { sandboxWithClient } from '../../../helpers/dingtalk-sandbox.js';
import { directoryProviderContract } from './directory.contract.js';

describe('DirectoryProvider contract: DingTalkClient over HTTP against the sandbox', () => {
  directoryProviderContract(async (org) => {
    const { client, close } = await sandboxWithClient(org);
    return { provider: client, close };
  });
});
