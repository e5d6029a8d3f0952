import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { apiRoutes } from './api-routes.js';
import { controlRoutes } from './control-routes.js';
import { GATEWAY_503_HTML, LEGACY, V1 } from './envelopes.js';
import type { SandboxEventFeed } from './event-feed.js';
import { createHttpPusher, type HttpPusher } from './http-pusher.js';
import type { SandboxKnobsPatch } from './knobs.js';
import { oapiRoutes } from './oapi-routes.js';
import { parseOrgDocument, type OrgDocument } from './org-document.js';
import { SandboxState } from './sandbox-state.js';

/** What a plugin registered on the sandbox (e.g. the Stream gateway) gets besides the Fastify instance. */
export interface SandboxPluginContext {
  feed: SandboxEventFeed;
  state: SandboxState;
}

/** Registered (encapsulated) before `ready()`; DingTalk knobs and the API hooks do not apply to its routes. */
export type SandboxPlugin = (app: FastifyInstance, sandbox: SandboxPluginContext) => Promise<void>;

export interface SandboxOptions {
  appKey: string;
  appSecret: string;
  corpId: string;
  /** Validated with parseOrgDocument (throws OrgDocumentError) and copied. */
  org: OrgDocument;
  knobs?: SandboxKnobsPatch;
  /** Time source for tokens, QPS windows, event times and leave records. Default Date.now. */
  clock?: () => number;
  /** A pino (or any Fastify-compatible) logger; false or absent keeps the sandbox silent. */
  logger?: FastifyBaseLogger | false;
  /** HTTP push target (§4.2). Without it events only go to feed subscribers. */
  callback?: { url: string; token: string; aesKey: string };
  /** Waits before the two push retries; default [10000, 30000] (§4.4). */
  pushRetryDelaysMs?: [number, number];
  /** Per-attempt push timeout; default 5000 ms. */
  pushTimeoutMs?: number;
  /** Seed of ids, injected failures and event duplication/reordering. Default 1. */
  randomSeed?: number;
  plugins?: SandboxPlugin[];
}

export interface DingTalkSandbox {
  app: FastifyInstance;
  state: SandboxState;
  feed: SandboxEventFeed;
  /** Present when `callback` was given or `pushTo` was called. */
  readonly pusher: HttpPusher | null;
  /**
   * Starts pushing events to a callback URL (when it is only known after the sandbox was built, e.g. the
   * backend's port); replaces an earlier target. Closed with the sandbox.
   */
  pushTo(callback: NonNullable<SandboxOptions['callback']>): HttpPusher;
  /** Cancels pending pushes and retries, then closes the app. */
  close(): Promise<void>;
}

/**
 * A fake DingTalk serving both hosts' path families from one base URL (oapi: `/gettoken`, `/topapi/*`,
 * `/call_back/*`; api: `/v1.0/*`) with DingTalk's envelopes and error codes, plus `/_sandbox/*` controls.
 * The returned app is ready but not listening: use `app.inject()` or `app.listen({ port: 0 })`.
 */
export async function buildDingTalkSandbox(options: SandboxOptions): Promise<DingTalkSandbox> {
  const org = parseOrgDocument(options.org);
  const app: FastifyInstance = options.logger ? Fastify({ loggerInstance: options.logger }) : Fastify({ logger: false });
  const clock = options.clock ?? Date.now;
  const state = new SandboxState({
    corpId: options.corpId,
    org,
    clock,
    ...(options.knobs ? { knobs: options.knobs } : {}),
    ...(options.randomSeed !== undefined ? { randomSeed: options.randomSeed } : {}),
    onListenerError: (error, event) => app.log.error({ err: error, eventId: event.eventId }, 'event listener threw'),
  });
  let pusher: HttpPusher | null = null;
  let unsubscribe: (() => void) | null = null;
  const pushTo = (callback: NonNullable<SandboxOptions['callback']>): HttpPusher => {
    unsubscribe?.();
    void pusher?.close();
    const next = createPusher(options, callback, state, app);
    unsubscribe = state.feed.subscribe((event) => next.push(event));
    pusher = next;
    return next;
  };
  if (options.callback) pushTo(options.callback);

  const credentials = { state, appKey: options.appKey, appSecret: options.appSecret };
  await app.register(async (api) => {
    // The gateway in front of every DingTalk API: count, delay, then maybe fail before routing to the method.
    api.addHook('onRequest', async (request, reply) => {
      state.traffic.count(request.routeOptions.url ?? request.url.split('?')[0] ?? request.url);
      const { latencyMs } = state.knobs;
      if (latencyMs > 0) await sleep(latencyMs);
      if (state.traffic.shouldFail()) {
        await reply.code(503).type('text/html; charset=utf-8').send(GATEWAY_503_HTML);
        return reply;
      }
      return undefined;
    });
    await api.register(oapiRoutes(credentials));
    await api.register(apiRoutes(credentials));
  });
  await app.register(controlRoutes(state, () => pusher));
  for (const plugin of options.plugins ?? []) {
    await app.register(async (instance) => plugin(instance, { feed: state.feed, state }));
  }
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path.startsWith('/topapi/')) return LEGACY.unknownMethod(path);
    if (path.startsWith('/v1.0/')) return reply.code(404).send(V1.notFound(path));
    return LEGACY.unknownPath();
  });
  await app.ready();

  return {
    app,
    state,
    feed: state.feed,
    get pusher() {
      return pusher;
    },
    pushTo,
    async close() {
      await pusher?.close();
      state.close();
      await app.close();
    },
  };
}

function createPusher(
  options: SandboxOptions,
  callback: NonNullable<SandboxOptions['callback']>,
  state: SandboxState,
  app: FastifyInstance,
): HttpPusher {
  return createHttpPusher({
    ...callback,
    appKey: options.appKey,
    retryDelaysMs: options.pushRetryDelaysMs ?? [10_000, 30_000],
    ...(options.pushTimeoutMs !== undefined ? { timeoutMs: options.pushTimeoutMs } : {}),
    clock: state.clock,
    onGaveUp: (event, plaintext) => {
      app.log.warn({ eventId: event.eventId, eventType: event.eventType }, 'push failed after retries; parked');
      state.parkFailedEvent({ event, plaintext, failedAt: state.clock() });
    },
    onAttemptFailed: (event, attempt, reason) =>
      app.log.info({ eventId: event?.eventId ?? 'check_url', attempt, reason }, 'push attempt failed'),
  });
}
