import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { GraphLifecycleNotification, GraphNotification } from '../../../../server/connectors/graph/contract.js';
import { GraphClient, type GraphClientOptions } from '../../../../server/connectors/graph/graph-client.js';
import { registerErrorHandling } from '../../../../server/http/error-handler.js';
import { graphWebhook } from '../../../../server/http/graph-webhook.js';
import { buildGraphSandbox, type GraphSandbox, type GraphSandboxOptions } from '../../../../server/sandbox/graph/app.js';
import type { SandboxMailbox } from '../../../../server/sandbox/graph/mailbox-api.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';

export const UPN = 'wang.fang@contoso.example';
export const OTHER_UPN = 'li.lei@contoso.example';
export const CLIENT_STATE = 'contract-client-state-3f1c';

/** A loopback receiver for Graph notifications, built from our own webhook plugin. */
export interface WebhookReceiver {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  notifications: GraphNotification[];
  lifecycle: GraphLifecycleNotification[];
  /** validation handshakes answered */
  handshakes: number;
  app: FastifyInstance;
  /** Waits (bounded) until `done()` holds; throws with `what` when it never does. */
  waitFor(done: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(clientState = CLIENT_STATE): Promise<WebhookReceiver> {
  const app = Fastify({ logger: false });
  registerErrorHandling(app);
  const receiver = {
    notifications: [] as GraphNotification[],
    lifecycle: [] as GraphLifecycleNotification[],
    handshakes: 0,
  };
  app.addHook('onRequest', async (request) => {
    if (request.url.includes('validationToken=')) receiver.handshakes += 1;
  });
  await app.register(
    graphWebhook({
      onNotifications: (list) => void receiver.notifications.push(...list),
      onLifecycle: (list) => void receiver.lifecycle.push(...list),
      clientStateFor: () => clientState,
    }),
    { prefix: '/hooks' },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/hooks`;
  return Object.assign(receiver, {
    notificationUrl: `${base}/graph/notifications`,
    lifecycleNotificationUrl: `${base}/graph/lifecycle`,
    app,
    waitFor,
    close: () => app.close(),
  });
}

export async function waitFor(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface GraphEnv {
  sandbox: GraphSandbox;
  client: GraphClient;
  /** `http://127.0.0.1:{port}` */
  origin: string;
  upn: string;
  seed: SandboxMailbox;
  logLines: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The Graph sandbox on loopback and the real client pointed at it (fast backoff, short token margin). */
export async function graphEnv(
  sandboxOptions: GraphSandboxOptions = {},
  clientOptions: Partial<Omit<GraphClientOptions, 'logger'>> & { logger?: Logger } = {},
): Promise<GraphEnv> {
  const sandbox = await buildGraphSandbox({ mailboxes: [UPN, OTHER_UPN], ...sandboxOptions });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = sandbox.app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const { logger, lines } = clientOptions.logger !== undefined ? { logger: clientOptions.logger, lines: [] } : memoryLogger('info');
  const client = new GraphClient({
    tenantId: sandbox.tenantId,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    tokenEndpoint: `${origin}/{tenant}/oauth2/v2.0/token`,
    baseUrl: `${origin}/v1.0`,
    backoffBaseMs: 5,
    tokenRefreshMarginMs: 0,
    timeoutMs: 10_000,
    ...clientOptions,
    logger,
  });
  return {
    sandbox,
    client,
    origin,
    upn: UPN,
    seed: sandbox.mailbox(UPN),
    logLines: lines,
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}

/** A small RFC 5322 message. */
export function mimeMessage(fields: {
  subject: string;
  messageId: string;
  from?: string;
  to?: string;
  cc?: string;
  date?: string;
  inReplyTo?: string;
  references?: string;
  body?: string;
  received?: string;
}): Buffer {
  const lines = [
    ...(fields.received !== undefined ? [`Received: from mx.dingtalk.example by mx.contoso.example; ${fields.received}`] : []),
    `From: ${fields.from ?? '"张伟" <zhang.wei@dingtalk.example>'}`,
    `To: ${fields.to ?? `"王芳" <${UPN}>`}`,
    ...(fields.cc !== undefined ? [`Cc: ${fields.cc}`] : []),
    `Subject: ${fields.subject}`,
    `Date: ${fields.date ?? 'Mon, 05 Jan 2026 09:30:00 +0800'}`,
    `Message-ID: ${fields.messageId}`,
    ...(fields.inReplyTo !== undefined ? [`In-Reply-To: ${fields.inReplyTo}`] : []),
    ...(fields.references !== undefined ? [`References: ${fields.references}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    fields.body ?? 'Hello from DingTalk.',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}
