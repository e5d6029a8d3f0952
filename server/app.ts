import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CallbackCrypto } from './connectors/dingtalk/callback-crypto.js';
import type { DirectoryService } from './directory/directory-service.js';
import { syncNotConfigured, type SyncStatusSource } from './sync/sync-status.js';
import { noLinkedThreads, type ThreadLookup } from './threads/thread-lookup.js';
import { dingtalkCallback } from './http/dingtalk-callback.js';
import { directoryEvents } from './http/directory-events.js';
import { directoryRoutes } from './http/directory-routes.js';
import { registerDocs } from './http/docs.js';
import { registerErrorHandling } from './http/error-handler.js';
import { identityRoutes } from './http/identity-routes.js';
import { requireViewer } from './http/require-viewer.js';
import { securityPlugin, type SecurityOptions } from './http/security.js';
import { statusRoutes } from './http/status-routes.js';
import { addinStatic } from './http/addin-static.js';
import { recipientsRoutes } from './http/recipients-routes.js';
import { addinManifestRoute } from './addin-manifest/route.js';
import type { LookalikeIndex } from './directory/lookalike/lookalike-index.js';
import { threadRoutes } from './http/thread-routes.js';
import { viewerPlugin, type ViewerResolver } from './http/viewer.js';
import type { Identity } from './identity/identity.js';
import { sandboxIdpPlugin } from './identity/sandbox-idp.js';
import type { AuditLog } from './audit/audit-log.js';
import type { PolicyService } from './policy/policy-service.js';
import { adminRoutes } from './http/admin-routes.js';
import { viewerAccessPlugin } from './http/viewer-access.js';
import { graphWebhook, type GraphWebhookOptions } from './http/graph-webhook.js';
import { mailSyncRoutes, type MailSyncControl } from './http/mail-sync-routes.js';
import { mailAccountRoutes } from './http/mail-account-routes.js';
import { devhostRoutes, type DevInboxMessage } from './http/devhost-routes.js';
import type { MailAccountStore } from './mail-accounts/mail-account-store.js';

export interface AppDependencies {
  logger: Logger;
  directory: DirectoryService;
  /** visibility policy and roles, read per request */
  policy: PolicyService;
  audit: AuditLog;
  mode: 'sandbox' | 'dingtalk';
  /** null when no HTTP push callback is configured: the route is then not registered */
  callback: { crypto: CallbackCrypto; corpId: string | null } | null;
  resolveViewer: ViewerResolver;
  /** sign-in: what GET /auth/config tells the pane, and the sandbox identity provider (sandbox mode only) */
  identity: Pick<Identity, 'authConfig' | 'sandboxIdp'>;
  eventTransport: () => string;
  upstreamQueue: () => Record<string, number>;
  /** safety on send (lookalike recipients); the route is not registered without it */
  recipients?: { lookalikes: LookalikeIndex; internalDomains: () => string[] };
  /** URL users reach the backend at; the add-in manifest is rendered for it (unset = no /manifest.xml) */
  publicUrl?: string;
  /** Entra API client id for the manifest's WebApplicationInfo; unset with the sandbox identity provider */
  apiClientId?: string;
  /** linked DingTalk threads; default: none linked (no mail sync configured) */
  threads?: ThreadLookup;
  /** two-way sync status; default: not configured */
  sync?: SyncStatusSource;
  /**
   * The mail sync, when configured: its status/admin routes and the Graph notification webhook
   * (`/webhooks/graph/notifications`, `/webhooks/graph/lifecycle`). `control` may answer null until the
   * sync has started (it needs the directory first).
   */
  mail?: { control: () => MailSyncControl | null; webhook: Pick<GraphWebhookOptions, 'onNotifications' | 'onLifecycle' | 'clientStateFor'> };
  /** sandbox mode: the viewer's sandbox Outlook inbox for the dev host; unset = route not registered */
  devInbox?: (viewer: string) => Promise<DevInboxMessage[]>;
  /** mailbox pairs and their DingTalk Mail client passwords (admin routes); unset = not offered */
  mailAccounts?: MailAccountStore;
  version?: string;
  /** absolute path of the built add-in (dist/addin), served under /addin/; unset = not served */
  addinRoot?: string;
  /** serve HTTPS with this key and certificate (local development with real Outlook) */
  https?: { key: string; cert: string };
  /** security headers (CSP), CORS and rate limits; unset = none of them (tests that do not need them) */
  security?: SecurityOptions;
}

/** Largest JSON body any route accepts; bigger bodies get 413 before parsing. */
const BODY_LIMIT = 256 * 1024;

/**
 * Builds the backend's HTTP app from its collaborators; no global state, nothing listens yet.
 * Tests call this directly and drive it with `app.inject()`.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    // why: Fastify's types split http and https servers; both expose the same API to our plugins
    ...((deps.https !== undefined ? { https: deps.https } : {}) as object),
    loggerInstance,
    bodyLimit: BODY_LIMIT,
    // why: open SSE streams would otherwise keep close() waiting forever
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', allErrors: false } },
  });

  registerErrorHandling(app);
  if (deps.security !== undefined) await app.register(securityPlugin, deps.security);
  await registerDocs(app, deps.version ?? '0.0.0');
  await app.register(viewerPlugin, { resolve: deps.resolveViewer });
  await app.register(requireViewer);
  await app.register(viewerAccessPlugin, { policy: deps.policy });
  await app.register(identityRoutes, { authConfig: deps.identity.authConfig });
  if (deps.identity.sandboxIdp !== null) await app.register(sandboxIdpPlugin, { idp: deps.identity.sandboxIdp });
  await app.register(statusRoutes, {
    directory: deps.directory,
    mode: deps.mode,
    eventTransport: deps.eventTransport,
    upstreamQueue: deps.upstreamQueue,
    sync: deps.sync ?? syncNotConfigured,
  });
  if (deps.recipients !== undefined) {
    await app.register(recipientsRoutes, { prefix: '/api/recipients', ...deps.recipients, placementOf: (userid) => deps.directory.placement(userid) });
  }
  await app.register(adminRoutes, { policy: deps.policy, directory: deps.directory, audit: deps.audit });
  if (deps.publicUrl !== undefined) {
    const publicUrl = deps.publicUrl;
    await app.register(addinManifestRoute, { publicUrl, ...(deps.apiClientId !== undefined ? { apiClientId: deps.apiClientId } : {}) });
    // Classic Outlook's JavaScript-only event runtime may call our origin only if this file allows
    // launchevent.js to (microsoft.md §1.6).
    app.get('/.well-known/microsoft-officeaddins-allowed.json', { schema: { hide: true } }, async () => ({
      allowed: [new URL('/addin/launchevent.js', publicUrl).href],
    }));
  }
  if (deps.addinRoot !== undefined) await app.register(addinStatic, { root: deps.addinRoot, sandboxMode: deps.mode === 'sandbox' });
  if (deps.devInbox !== undefined) await app.register(devhostRoutes, { inbox: deps.devInbox });
  if (deps.mailAccounts !== undefined) {
    await app.register(mailAccountRoutes, { accounts: deps.mailAccounts, ownerOf: (mailbox) => deps.directory.personByEmail(mailbox) });
  }
  if (deps.mail !== undefined) {
    const { control, webhook } = deps.mail;
    await app.register(mailSyncRoutes, { mail: control, ownerOf: (mailbox) => deps.directory.personByEmail(mailbox) });
    await app.register(graphWebhook(webhook), { prefix: '/webhooks' });
  }
  await app.register(threadRoutes, { prefix: '/api/threads', threads: deps.threads ?? noLinkedThreads, directory: deps.directory });
  await app.register(
    async (api) => {
      await api.register(directoryRoutes, { directory: deps.directory });
      await api.register(directoryEvents, { feed: deps.directory.feed });
    },
    { prefix: '/api/directory' },
  );
  if (deps.callback !== null) {
    const { crypto, corpId } = deps.callback;
    await app.register(dingtalkCallback, {
      prefix: '/webhooks',
      crypto,
      corpId,
      onEvent: (event) => deps.directory.applyEvent(event),
    });
  }
  return app;
}
