import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DingTalkClient } from '../../server/connectors/dingtalk/client.js';
import { buildDingTalkSandbox, type DingTalkSandbox, type SandboxOptions } from '../../server/sandbox/dingtalk/app.js';
import type { OrgDocument } from '../../server/sandbox/dingtalk/org-document.js';
import { memoryLogger } from './silent-logger.js';

export const SANDBOX_APP = { appKey: 'dingcontractkey', appSecret: 'contract-secret', corpId: 'dingcontractcorp' };

/** A DingTalk sandbox listening on loopback, and the real client pointed at it. */
export async function sandboxWithClient(
  org: OrgDocument,
  options: Partial<SandboxOptions> = {},
  clientOptions: { qps?: number; logger?: Logger; maxAttempts?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<{ sandbox: DingTalkSandbox; client: DingTalkClient; baseUrl: string; close(): Promise<void> }> {
  const sandbox = await buildDingTalkSandbox({ ...SANDBOX_APP, org, ...options });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = sandbox.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const client = new DingTalkClient({
    appKey: SANDBOX_APP.appKey,
    appSecret: SANDBOX_APP.appSecret,
    oapiUrl: baseUrl,
    qps: clientOptions.qps ?? 20,
    logger: clientOptions.logger ?? memoryLogger().logger,
    ...(clientOptions.maxAttempts !== undefined ? { maxAttempts: clientOptions.maxAttempts } : {}),
    ...(clientOptions.sleep !== undefined ? { sleep: clientOptions.sleep } : {}),
  });
  return {
    sandbox,
    client,
    baseUrl,
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}
