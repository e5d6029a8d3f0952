import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { batchRoute } from './batch-route.js';
import { controlRoutes } from './control-routes.js';
import { deltaRoute } from './delta-route.js';
import { errorEnvelope, GraphSandboxError } from './errors.js';
import { folderRoutes } from './folder-routes.js';
import { registerGateway } from './gateway.js';
import type { GraphKnobsPatch, GraphSandboxKnobs } from './knobs.js';
import type { MailChange } from './mail-store.js';
import { SandboxMailbox } from './mailbox-api.js';
import { messageRoutes } from './message-routes.js';
import { ODataError } from './odata.js';
import { infoOf } from './request-context.js';
import { GraphSandboxState, type GraphSandboxStats } from './sandbox-state.js';
import { subscriptionRoutes } from './subscription-routes.js';
import type { LifecycleEvent } from './subscriptions.js';
import { tokenRoute } from './token-route.js';

export interface GraphSandboxOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Mailboxes that exist from the start (more via `mailbox(upn)` or `POST /_sandbox/mailboxes`). */
  mailboxes?: string[];
  knobs?: GraphKnobsPatch;
  /** Time source for tokens, windows, subscriptions and message dates. Default Date.now. */
  clock?: () => number;
  /** Seed of every id and injected fault. Default 1. */
  randomSeed?: number;
  /** Base for absolute nextLink/deltaLink URLs; default: scheme and Host of each request. */
  publicUrl?: string;
  /** Delta tokens kept before the oldest become stale (Graph's cache is finite, §4.2). Default 10,000. */
  deltaTokenCapacity?: number;
  /** Waits between notification delivery attempts (compressed from Graph's 4 h). Default [100, 500, 2000]. */
  notificationRetryDelaysMs?: number[];
  /** Graph requires https notification URLs; loopback tests use http, so this is off by default. */
  requireHttpsNotificationUrl?: boolean;
  /** Sees every mailbox change (after subscriptions did). */
  onChange?: (change: MailChange) => void;
  /** A pino (or any Fastify-compatible) logger; absent keeps the sandbox silent. */
  logger?: FastifyBaseLogger;
}

export interface GraphSandbox {
  app: FastifyInstance;
  state: GraphSandboxState;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The test-side API of a mailbox; creates the mailbox when it does not exist yet. */
  mailbox(upn: string): SandboxMailbox;
  knobs(): Readonly<GraphSandboxKnobs>;
  setKnobs(patch: GraphKnobsPatch): GraphSandboxKnobs;
  /** The next `count` Graph API requests fail with `status` before doing anything. */
  failNext(count: number, status?: number): void;
  /** Every bearer token issued so far expires now. */
  expireTokens(): number;
  /** Every delta token issued so far becomes stale (410 / syncStateNotFound). */
  expireDeltaTokens(): number;
  /** Sends a lifecycle notification for a subscription now (§5.4). */
  lifecycle(subscriptionId: string, event: LifecycleEvent): void;
  stats(): GraphSandboxStats;
  resetStats(): void;
  /** Resolves when every queued notification was delivered, dropped or given up. */
  notificationsSettled(): Promise<void>;
  close(): Promise<void>;
}

export const SANDBOX_TENANT_ID = 'f0e1d2c3-b4a5-4678-9abc-def012345678';
export const SANDBOX_CLIENT_ID = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';

/** Graph's request size limit is 4 MB. */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * A fake Microsoft Graph for Exchange Online mail (shared/reference/microsoft.md §4, §5, §7, §10): the
 * Entra token endpoint (`/{tenant}/oauth2/v2.0/token`), the v1.0 (and /beta) mail, delta, `$batch` and
 * subscription endpoints the GraphClient uses, change notifications pushed to the subscriber, throttling
 * and failure knobs, and `/_sandbox/*` controls. The returned app is ready but not listening: use
 * `app.inject()` or `app.listen({ port: 0 })`. Base URL for the client: `{origin}/v1.0`; token endpoint:
 * `{origin}/{tenant}/oauth2/v2.0/token`.
 */
export async function buildGraphSandbox(options: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  const tenantId = options.tenantId ?? SANDBOX_TENANT_ID;
  const clientId = options.clientId ?? SANDBOX_CLIENT_ID;
  const clientSecret = options.clientSecret ?? SANDBOX_CLIENT_SECRET;
  const state = new GraphSandboxState({
    tenantId,
    clientId,
    clock: options.clock ?? Date.now,
    randomSeed: options.randomSeed ?? 1,
    ...(options.knobs !== undefined ? { knobs: options.knobs } : {}),
    ...(options.deltaTokenCapacity !== undefined ? { deltaTokenCapacity: options.deltaTokenCapacity } : {}),
    ...(options.notificationRetryDelaysMs !== undefined ? { notificationRetryDelaysMs: options.notificationRetryDelaysMs } : {}),
    ...(options.requireHttpsNotificationUrl !== undefined ? { requireHttpsNotificationUrl: options.requireHttpsNotificationUrl } : {}),
    ...(options.onChange !== undefined ? { onChange: options.onChange } : {}),
  });
  for (const upn of options.mailboxes ?? []) state.mailbox(upn);
  const mailboxApis = new Map<string, SandboxMailbox>();
  const mailbox = (upn: string): SandboxMailbox => {
    const stored = state.mailbox(upn);
    let api = mailboxApis.get(stored.userId);
    if (api === undefined) {
      api = new SandboxMailbox(stored, () => state.ids.opaque(24));
      mailboxApis.set(stored.userId, api);
    }
    return api;
  };
  const existingMailbox = (upn: string): SandboxMailbox => {
    if (state.resolveMailbox(upn) === undefined) throw new GraphSandboxError(404, 'ErrorInvalidUser', `no mailbox ${upn}`);
    return mailbox(upn);
  };

  const app: FastifyInstance = options.logger ? Fastify({ loggerInstance: options.logger, bodyLimit: BODY_LIMIT }) : Fastify({ logger: false, bodyLimit: BODY_LIMIT });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError | GraphSandboxError | ODataError | Error, request, reply) => {
    const info = infoOf(request);
    const requestId = info?.requestId ?? state.nextRequestId();
    const { status, code, message, headers } = classify(error);
    if (status >= 500) request.log.error({ err: error }, 'graph sandbox request failed');
    return reply
      .code(status)
      .headers(headers)
      .send(errorEnvelope(code, message, requestId, info?.clientRequestId ?? requestId, state.clock()));
  });

  await app.register(tokenRoute(state, { tenantId, clientId, clientSecret }));
  for (const prefix of ['/v1.0', '/beta']) {
    await app.register(
      async (api) => {
        registerGateway(api, state);
        api.all('/me/*', async () => {
          throw new GraphSandboxError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
        });
        await api.register(folderRoutes({ publicUrl: options.publicUrl }));
        await api.register(messageRoutes({ publicUrl: options.publicUrl, ids: state.ids, clock: state.clock }));
        await api.register(deltaRoute({ publicUrl: options.publicUrl, delta: state.delta, knobs: () => state.knobs }));
        await api.register(batchRoute({ versionPrefix: prefix, random: state.faults, dispatch: () => (sub) => app.inject(sub) }));
        await api.register(subscriptionRoutes(state.subscriptions));
        api.setNotFoundHandler(async (request) => {
          const segment = (request.url.split('?')[0] ?? '').split('/').filter(Boolean).pop() ?? '';
          throw new GraphSandboxError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
        });
      },
      { prefix },
    );
  }
  await app.register(controlRoutes(state, existingMailbox));
  app.setNotFoundHandler(async (request, reply) => {
    return reply.code(404).send(errorEnvelope('UnknownError', `No route ${request.method} ${request.url.split('?')[0]}`, state.nextRequestId(), '', state.clock()));
  });
  await app.ready();

  return {
    app,
    state,
    tenantId,
    clientId,
    clientSecret,
    mailbox,
    knobs: () => state.knobs,
    setKnobs: (patch) => state.setKnobs(patch),
    failNext: (count, status = 503) => void state.setKnobs({ failNext: count, failStatus: status }),
    expireTokens: () => state.tokens.expireAll(),
    expireDeltaTokens: () => state.delta.expireAll(),
    lifecycle: (subscriptionId, event) => state.subscriptions.lifecycle(subscriptionId, event),
    stats: () => state.stats(),
    resetStats: () => state.resetStats(),
    notificationsSettled: () => state.notifier.settled(),
    async close() {
      await app.close();
      await state.close();
    },
  };
}

function classify(error: Error): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (error instanceof GraphSandboxError) return { status: error.status, code: error.code, message: error.message, headers: error.headers };
  if (error instanceof ODataError) return { status: error.status, code: error.code, message: error.message, headers: {} };
  const fastify = error as FastifyError;
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'RequestEntityTooLarge', message: 'The request body is too large.', headers: {} };
  if (fastify.statusCode !== undefined && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { status: fastify.statusCode, code: 'BadRequest', message: fastify.message, headers: {} };
  }
  return { status: 500, code: 'generalException', message: 'An internal server error occurred.', headers: {} };
}
