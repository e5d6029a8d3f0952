import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SANDBOX_CREDENTIALS, type Config } from '../config.js';
import { buildDingTalkSandbox, type DingTalkSandbox } from '../sandbox/dingtalk/app.js';
import { generateDemoOrganisation } from '../sandbox/dingtalk/demo-org.js';
import type { HttpPusher } from '../sandbox/dingtalk/http-pusher.js';
import { loadOrgFile } from '../sandbox/dingtalk/org-document.js';
import { streamGatewayPlugin } from '../sandbox/dingtalk/stream-gateway.js';

export interface SandboxHost {
  sandbox: DingTalkSandbox;
  url: string;
  people: number;
  /** Starts pushing the sandbox's events to the backend's callback URL (HTTP push mode). */
  pushTo(callbackUrl: string): HttpPusher;
  close(): Promise<void>;
}

/**
 * Runs the bundled DingTalk sandbox next to the backend (sandbox mode): loads or generates the
 * organisation, serves DingTalk's endpoints on loopback, and offers the Stream gateway or the HTTP
 * pusher, whichever transport the backend is configured for.
 */
export async function startSandboxHost(config: Config, logger: Logger): Promise<SandboxHost> {
  const org = config.sandbox.orgFile !== null ? await loadOrgFile(config.sandbox.orgFile) : generateDemoOrganisation({ people: config.sandbox.people });
  const sandbox = await buildDingTalkSandbox({
    appKey: SANDBOX_CREDENTIALS.appKey,
    appSecret: SANDBOX_CREDENTIALS.appSecret,
    corpId: org.corpId ?? SANDBOX_CREDENTIALS.corpId,
    org,
    logger: logger.child({ component: 'dingtalk-sandbox' }, { level: 'warn' }),
    plugins:
      config.dingtalk.events === 'stream'
        ? [
            async (app, { feed }) => {
              // why: short ACK/redelivery timings keep the demo snappy; the documented ones are the defaults
              const gateway = streamGatewayPlugin({ feed, appKey: SANDBOX_CREDENTIALS.appKey, appSecret: SANDBOX_CREDENTIALS.appSecret, ackTimeoutMs: 10_000 });
              await gateway(app);
            },
          ]
        : [],
  });
  await sandbox.app.listen({ host: '127.0.0.1', port: config.sandbox.port });
  const { port } = sandbox.app.server.address() as AddressInfo;
  return {
    sandbox,
    url: `http://127.0.0.1:${port}`,
    people: org.users.length,
    pushTo(callbackUrl) {
      return sandbox.pushTo({ url: callbackUrl, token: SANDBOX_CREDENTIALS.callbackToken, aesKey: SANDBOX_CREDENTIALS.callbackAesKey });
    },
    async close() {
      await sandbox.close();
    },
  };
}
