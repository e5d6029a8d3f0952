import { buildDingTalkSandbox } from '../../../../server/sandbox/dingtalk/app.js';
import { SandboxDirectoryProvider } from '../../../../server/sandbox/dingtalk/directory-provider.js';
import { directoryProviderContract } from '../../connectors/dingtalk/directory.contract.js';
import { SANDBOX_APP } from '../../../helpers/dingtalk-sandbox.js';

describe('DirectoryProvider contract: SandboxDirectoryProvider in process', () => {
  directoryProviderContract(async (org) => {
    const sandbox = await buildDingTalkSandbox({ ...SANDBOX_APP, org });
    return { provider: new SandboxDirectoryProvider(sandbox.state), close: () => sandbox.close() };
  });
});
