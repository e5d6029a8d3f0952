import { DirectoryService } from '../server/directory/directory-service.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createIdentity } from '../server/identity/identity.js';
import { createLogger } from '../server/logger.js';
import { PolicyRepository } from '../server/policy/policy-repository.js';
import { PolicyService } from '../server/policy/policy-service.js';
import { openStore } from '../server/store/store.js';
import type { DirectoryProvider } from '../server/connectors/dingtalk/contract.js';

/**
 * Runs in its own process (started by memory.bench.ts): opens a store that already holds the people,
 * loads the directory (people, departments, search index) and the HTTP app exactly as the server does,
 * runs a few searches, then reports resident memory after a full GC.
 */
const [, , databaseUrl] = process.argv;
if (databaseUrl === undefined) throw new Error('usage: memory-child.ts DATABASE_URL');
const gc = (globalThis as { gc?: () => void }).gc;
const baseline = process.memoryUsage().rss;
const store = await openStore(databaseUrl);
const logger = createLogger('error');
// why: nothing calls DingTalk here; the provider is never used while loading from the store
const provider = undefined as unknown as DirectoryProvider;
const directory = new DirectoryService({ provider, store, logger, englishNameFields: ['英文名'], massRemovalThreshold: 0.3 });
const started = performance.now();
await directory.load();
const loadMs = performance.now() - started;
const identity = await createIdentity(loadConfig({}, []).identity);
const policy = new PolicyService(new PolicyRepository(store.db, store.audit), directory, []);
const app = await buildApp({ logger, directory, policy, audit: store.audit, mode: 'sandbox', callback: null, resolveViewer: identity.resolveViewer, identity, eventTransport: () => 'none', upstreamQueue: () => ({}) });
if (identity.sandboxIdp === null) throw new Error('sandbox identity provider expected');
const headers = { authorization: `Bearer ${(await identity.sandboxIdp.mint({ email: 'bench@example.com' })).token}` };
await app.ready();
for (const q of ['zjl', 'zhang', '陈', 'peter', '138']) await app.inject({ url: `/api/directory/search?q=${encodeURIComponent(q)}`, headers });
gc?.();
await new Promise((resolve) => setTimeout(resolve, 100));
gc?.();
const usage = process.memoryUsage();
process.stdout.write(JSON.stringify({ people: (await directory.status()).people, rss: usage.rss, heapUsed: usage.heapUsed, baseline, loadMs }));
await app.close();
await store.close();
