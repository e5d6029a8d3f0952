import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { buildApp } from '../app.js';
import { CallbackCrypto } from '../connectors/dingtalk/callback-crypto.js';
import { DingTalkClient } from '../connectors/dingtalk/client.js';
import { DingTalkStreamTransport } from '../connectors/dingtalk/stream-transport.js';
import type { Config } from '../config.js';
import { DirectoryService } from '../directory/directory-service.js';
import { internalDomainsOf, lookalikeSync } from '../directory/lookalike/directory-sync.js';
import { LookalikeIndex } from '../directory/lookalike/lookalike-index.js';
import { seedDemoPolicy } from '../policy/demo-policy.js';
import { PolicyRepository } from '../policy/policy-repository.js';
import { PolicyService } from '../policy/policy-service.js';
import type { GraphLifecycleNotification, GraphNotification } from '../connectors/graph/contract.js';
import { syncNotConfigured } from '../sync/sync-status.js';
import { devInboxOf, type MailSandbox } from './mail-sandbox.js';
import { startMailSync } from './mail-start.js';
import { MailAccountStore } from '../mail-accounts/mail-account-store.js';
import { keyringFromConfig } from '../secrets/keyring.js';
import { SecretStore } from '../secrets/secret-store.js';
import type { MailSyncHost } from './mail-sync-host.js';
import { createIdentity, type Identity } from '../identity/identity.js';
import { openStore, type Store } from '../store/store.js';
import { startSandboxHost, type SandboxHost } from './sandbox-host.js';
import { loadDevCertificates } from './tls.js';

export interface Runtime {
  app: FastifyInstance;
  url: string;
  store: Store;
  directory: DirectoryService;
  client: DingTalkClient;
  sandbox: SandboxHost | null;
  /** sign-in; in sandbox mode `identity.sandboxIdp` mints tokens (tests, demo scripts) */
  identity: Identity;
  /** resolves when the first full sync (if one was needed) has finished and the mail sync has started */
  initialSync: Promise<void>;
  /** the running mail sync (null until started, or when none is configured) */
  mail: () => MailSyncHost | null;
  /** sandbox mode: the demo's Graph sandbox and DingTalk mailboxes */
  mailSandbox: () => MailSandbox | null;
  close(): Promise<void>;
}

/** The webpack output (npm run build:addin), relative to this file in both tsx and compiled runs. */
const ADDIN_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../addin/' : '../../dist/addin/', import.meta.url));

/** Processed event ids are kept this long; DingTalk redelivers for minutes, not days. */
const EVENT_ID_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * Starts the whole backend for a config: store, DingTalk (or the sandbox), directory, HTTP app, event
 * transport and the periodic reconcile. The only place that decides *which* implementations run.
 */
export async function startRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) {
      try {
        await closer();
      } catch (error) {
        logger.warn({ err: error }, 'error while shutting down');
      }
    }
  };
  try {
    const store = await openStore(config.databaseUrl);
    closers.push(() => store.close());

    const sandbox = config.sandboxMode ? await startSandboxHost(config, logger) : null;
    if (sandbox !== null) closers.push(() => sandbox.close());
    const oapiUrl = sandbox?.url ?? config.dingtalk.oapiUrl;
    const apiUrl = sandbox?.url ?? config.dingtalk.apiUrl;

    const client = new DingTalkClient({ appKey: config.dingtalk.appKey, appSecret: config.dingtalk.appSecret, oapiUrl, qps: config.dingtalk.qps, logger });
    closers.push(() => client.close());

    const lookalikes = new LookalikeIndex();
    const directory = new DirectoryService({
      onPersonChanged: lookalikeSync(lookalikes),
      provider: client,
      store,
      logger: logger.child({ component: 'directory' }),
      englishNameFields: config.directory.englishNameFields,
      massRemovalThreshold: config.directory.massRemovalThreshold,
    });
    await directory.load();

    let stream: DingTalkStreamTransport | null = null;
    const callback =
      config.dingtalk.events === 'http' && config.dingtalk.callback !== null
        ? {
            crypto: new CallbackCrypto({ token: config.dingtalk.callback.token, aesKey: config.dingtalk.callback.aesKey, ownerKey: config.dingtalk.appKey }),
            corpId: sandbox?.sandbox.state.corpId ?? config.dingtalk.corpId,
          }
        : null;
    const identity = await createIdentity(config.identity);
    const https = config.https === 'dev' ? await loadDevCertificates() : null;
    if (https !== null && 'unavailable' in https) logger.warn({ reason: https.unavailable }, 'HTTPS dev certificates unavailable; serving http');
    const tls = https !== null && !('unavailable' in https) ? https : undefined;
    const scheme = tls !== undefined ? 'https' : 'http';
    // why: rendered before listen(); with port 0 (tests) the manifest names port 0, which nothing loads
    const publicUrl = config.publicUrl ?? `${scheme}://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;
    // The mail sync needs the directory (demo people) and a listening backend (Graph validates the
    // notification URL), so it starts after both; until then its routes answer "not running".
    let mailHost: MailSyncHost | null = null;
    let mailSandbox: MailSandbox | null = null;
    const mailEnabled = config.sandboxMode ? config.sandbox.demoMailboxes > 0 : config.mail.graph !== null;
    const mail = mailEnabled
      ? {
          control: () => mailHost,
          webhook: {
            onNotifications: (list: GraphNotification[]) => mailHost?.webhook.onNotifications(list),
            onLifecycle: (list: GraphLifecycleNotification[]) => mailHost?.webhook.onLifecycle(list),
            clientStateFor: (id: string) => mailHost?.webhook.clientStateFor(id) ?? null,
          },
        }
      : undefined;
    const mailAccounts = config.masterKey === null ? null : new MailAccountStore(store.db, new SecretStore(store.db, keyringFromConfig(config.masterKey)), store.audit);
    const policyRepository = new PolicyRepository(store.db, store.audit);
    const policy = new PolicyService(policyRepository, directory, config.superAdmins);
    const app = await buildApp({
      ...(tls !== undefined ? { https: tls } : {}),
      logger,
      directory,
      policy,
      audit: store.audit,
      ...(mail !== undefined ? { mail } : {}),
      ...(mailAccounts !== null ? { mailAccounts } : {}),
      ...(config.sandboxMode ? { devInbox: (viewer: string) => (mailSandbox === null ? Promise.resolve([]) : devInboxOf(mailSandbox, viewer)) } : {}),
      sync: { mailbox: (viewer) => (mailHost !== null ? mailHost.status.mailbox(viewer) : syncNotConfigured.mailbox(viewer)) },
      threads: { byInternetMessageId: async (viewer, id) => (mailHost === null ? null : mailHost.threads.byInternetMessageId(viewer, id)) },
      mode: config.sandboxMode ? 'sandbox' : 'dingtalk',
      callback,
      resolveViewer: identity.resolveViewer,
      identity,
      eventTransport: () => (stream !== null ? `stream (${stream.state})` : callback !== null ? 'http' : 'none'),
      upstreamQueue: () => client.queueDepth(),
      addinRoot: ADDIN_ROOT,
      recipients: { lookalikes, internalDomains: internalDomainsOf(lookalikes) },
      publicUrl,
      security: { publicOrigin: new URL(publicUrl).origin, allowedOrigins: config.security.corsOrigins, frameAncestors: config.security.frameAncestors, rateLimit: config.security.rateLimit, sandboxMode: config.sandboxMode },
      ...(config.identity.mode === 'entra' ? { apiClientId: config.identity.apiClientId } : {}),
    });
    closers.push(() => app.close());
    await app.listen({ host: config.host, port: config.port });
    const { port } = app.server.address() as AddressInfo;
    const url = config.publicUrl ?? `${scheme}://${config.host}:${port}`;

    if (config.dingtalk.events === 'stream') {
      const transport = new DingTalkStreamTransport({
        clientId: config.dingtalk.appKey,
        clientSecret: config.dingtalk.appSecret,
        gatewayUrl: apiUrl,
        logger: logger.child({ component: 'dingtalk-stream' }),
      });
      await transport.start(async (event) => {
        await directory.applyEvent(event);
      });
      stream = transport;
      closers.push(() => transport.stop());
    } else if (sandbox !== null && callback !== null) {
      // why: the sandbox's pusher (undici) does not trust the dev CA; over https, use DINGTALK_EVENTS=stream
      if (tls !== undefined) logger.warn('sandbox HTTP push cannot reach an https backend with a dev certificate; use DINGTALK_EVENTS=stream');
      const pusher = sandbox.pushTo(`${scheme}://127.0.0.1:${port}/webhooks/dingtalk`);
      if (!(await pusher.sendCheckUrl())) logger.error('the sandbox could not verify the callback URL');
    }

    const synced = directory.isEmpty
      ? directory.fullSync().then(
          () => undefined,
          (error: unknown) => logger.error({ err: error }, 'initial directory sync failed; the reconcile will retry'),
        )
      : Promise.resolve();
    // Executive mode comes only with each person's detail; read it in the background after a sync
    // (mobiles stay hidden until then, see isMobileHidden).
    const details = new AbortController();
    closers.push(async () => details.abort());
    const readDetails = (): void => {
      void directory.readMissingDetails(details.signal).catch((error: unknown) => logger.warn({ err: error }, 'reading user details failed; the next sync retries'));
    };
    void synced.then(readDetails);
    // The demo's policies name demo departments and people, so they are written once the directory is in.
    const initialSync = config.sandboxMode
      ? synced.then(() => seedDemoPolicy(policyRepository, directory, logger.child({ component: 'policy' }))).then(
          () => undefined,
          (error: unknown) => logger.error({ err: error }, 'seeding the demo policies failed'),
        )
      : synced;

    if (config.directory.reconcileIntervalSeconds > 0) {
      const timer = setInterval(() => {
        void directory.fullSync().then(readDetails, (error: unknown) => logger.error({ err: error }, 'directory reconcile failed'));
        void store.directory.pruneProcessedEvents(Date.now() - EVENT_ID_RETENTION_MS);
      }, config.directory.reconcileIntervalSeconds * 1000);
      timer.unref();
      closers.push(async () => clearInterval(timer));
    }

    const mailStarted = mailEnabled
      ? initialSync.then(async () => {
          const started = await startMailSync(config, store, mailAccounts, logger, `${scheme}://127.0.0.1:${port}`, url);
          mailHost = started.host;
          mailSandbox = started.sandbox;
          closers.push(() => started.close());
        }).catch((error: unknown) => logger.error({ err: error }, 'mail sync could not start'))
      : initialSync;

    return { app, url, store, directory, client, sandbox, identity, initialSync: mailStarted, mail: () => mailHost, mailSandbox: () => mailSandbox, close };
  } catch (error) {
    await close();
    throw error;
  }
}
