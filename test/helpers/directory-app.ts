import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { CallbackCrypto } from '../../server/connectors/dingtalk/callback-crypto.js';
import { DirectoryService } from '../../server/directory/directory-service.js';
import { buildDingTalkSandbox, type DingTalkSandbox } from '../../server/sandbox/dingtalk/app.js';
import { SandboxDirectoryProvider } from '../../server/sandbox/dingtalk/directory-provider.js';
import type { OrgDocument } from '../../server/sandbox/dingtalk/org-document.js';
import { randomBytes } from 'node:crypto';
import { MailAccountStore } from '../../server/mail-accounts/mail-account-store.js';
import { SecretStore } from '../../server/secrets/secret-store.js';
import { PolicyRepository } from '../../server/policy/policy-repository.js';
import { PolicyService } from '../../server/policy/policy-service.js';
import { openStore, type Store } from '../../server/store/store.js';
import { testOrg } from '../server/sandbox/dingtalk/fixtures.js';
import { SANDBOX_APP } from './dingtalk-sandbox.js';
import { createTestIdentity, type TestIdentity } from './identity.js';
import { memoryLogger } from './silent-logger.js';

export const CALLBACK = { token: 'testtoken', aesKey: 'dGVzdGNhbGxiYWNrYWVza2V5MDEyMzQ1Njc4OTAxMjM' };

export interface DirectoryAppFixture {
  app: FastifyInstance;
  sandbox: DingTalkSandbox;
  store: Store;
  directory: DirectoryService;
  policy: PolicyService;
  /** the crypto DingTalk would use to push to this app */
  dingtalk: CallbackCrypto;
  logLines: Array<Record<string, unknown>>;
  identity: TestIdentity;
  /** `Authorization` for a default signed-in viewer (tester@example.com): pass as `headers` to /api calls */
  auth: { authorization: string };
  close(): Promise<void>;
}

/**
 * The backend's app on an in-memory SQLite store, fed by a sandbox organisation through the in-process
 * provider, with the directory fully synced. No network: drive it with `app.inject()`.
 */
export async function directoryApp(org: OrgDocument = testOrg(), options: { massRemovalThreshold?: number; superAdmins?: string[] } = {}): Promise<DirectoryAppFixture> {
  const { logger, lines } = memoryLogger('debug');
  const sandbox = await buildDingTalkSandbox({ ...SANDBOX_APP, org });
  const store = await openStore('sqlite::memory:');
  const directory = new DirectoryService({
    provider: new SandboxDirectoryProvider(sandbox.state),
    store,
    logger,
    englishNameFields: ['英文名'],
    massRemovalThreshold: options.massRemovalThreshold ?? 0.3,
  });
  await directory.fullSync();
  await directory.readMissingDetails();
  const dingtalk = new CallbackCrypto({ ...CALLBACK, ownerKey: SANDBOX_APP.appKey });
  const identity = await createTestIdentity();
  const policy = new PolicyService(new PolicyRepository(store.db, store.audit), directory, options.superAdmins ?? []);
  const app = await buildApp({
    logger,
    directory,
    policy,
    audit: store.audit,
    mailAccounts: new MailAccountStore(store.db, new SecretStore(store.db, { currentId: 'k1', keys: new Map([['k1', randomBytes(32)]]) }), store.audit),
    mode: 'sandbox',
    callback: { crypto: new CallbackCrypto({ ...CALLBACK, ownerKey: SANDBOX_APP.appKey }), corpId: SANDBOX_APP.corpId },
    resolveViewer: identity.resolveViewer,
    identity,
    eventTransport: () => 'http',
    upstreamQueue: () => ({}),
  });
  await app.ready();
  return {
    app,
    sandbox,
    store,
    directory,
    policy,
    dingtalk,
    logLines: lines,
    identity,
    auth: await identity.headersFor('tester@example.com'),
    async close() {
      await app.close();
      await sandbox.close();
      await store.close();
    },
  };
}

/** Builds the query string and body DingTalk would send for a plaintext event. */
export function signedPush(crypto: CallbackCrypto, plaintext: string, nonce = 'n0nce123'): { url: string; payload: { encrypt: string } } {
  const timestamp = String(Date.now());
  const encrypt = crypto.encrypt(plaintext);
  const signature = crypto.signature(timestamp, nonce, encrypt);
  return { url: `/webhooks/dingtalk?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, payload: { encrypt } };
}
