import { GraphClient } from '../server/connectors/graph/graph-client.js';
import { createLogger } from '../server/logger.js';
import { createSandboxMailbox, type SandboxMailbox } from '../server/sandbox/mailbox/sandbox-mailbox.js';
import { openStore } from '../server/store/store.js';
import { DingTalkSide } from '../server/sync/mail/dingtalk-side.js';
import { ExchangeSide } from '../server/sync/mail/exchange-side.js';
import { folderMap } from '../server/sync/mail/folders.js';
import { MailboxSync } from '../server/sync/mail/mailbox-sync.js';
import { MailSyncStore } from '../server/sync/mail/mail-sync-store.js';
import { MailSyncScheduler } from '../server/sync/mail/scheduler.js';

/**
 * Runs in its own process (started by mail-idle-memory.bench.ts): configures `count` idle mailbox pairs
 * the way the server would hold them — one GraphClient shared by all, per pair a DingTalk mailbox
 * provider, both side adapters, a MailboxSync and a lane in the scheduler — runs the first (empty) sync
 * of each against the Graph sandbox of the parent process, then reports memory after a full GC. The
 * in-process sandbox mailboxes stand in for the IMAP connections and are measured on their own, before
 * the engines, so the per-pair figure is what the sync itself holds.
 */
const [, , origin, tenantId, clientId, clientSecret, countText, databaseUrl, upnPrefix] = process.argv;
if (origin === undefined || tenantId === undefined || clientId === undefined || clientSecret === undefined || databaseUrl === undefined || upnPrefix === undefined) {
  throw new Error('usage: mail-idle-memory-child.ts ORIGIN TENANT CLIENT_ID CLIENT_SECRET COUNT DATABASE_URL UPN_PREFIX');
}
const count = Number(countText);
const gc = (globalThis as { gc?: () => void }).gc;

async function settledUsage(): Promise<NodeJS.MemoryUsage> {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc?.();
  return process.memoryUsage();
}

const logger = createLogger('error');
const store = await openStore(databaseUrl);
const mail = new MailSyncStore(store.db);
const folders = folderMap();
// documented limits (microsoft.md §7.1) are the client's defaults
const client = new GraphClient({ tenantId, clientId, clientSecret, tokenEndpoint: `${origin}/{tenant}/oauth2/v2.0/token`, baseUrl: `${origin}/v1.0`, logger });
const scheduler = new MailSyncScheduler({ logger });
const base = await settledUsage();

const mailboxes: SandboxMailbox[] = [];
for (let i = 0; i < count; i++) mailboxes.push(createSandboxMailbox({ address: `${upnPrefix}${i}@dingtalk.example` }));
const withMailboxes = await settledUsage();

const started = performance.now();
const engines: MailboxSync[] = [];
for (const [i, provider] of mailboxes.entries()) {
  const mailbox = `${upnPrefix}${i}@contoso.example`;
  const engine = new MailboxSync({
    mailbox,
    store: mail,
    sides: {
      dingtalk: new DingTalkSide({ provider, folders, logger }),
      exchange: new ExchangeSide({ provider: client, mailbox, folders, logger }),
    },
    folders,
    audit: store.audit,
    logger,
  });
  scheduler.add(engine);
  engines.push(engine);
}
// the first sync of an empty pair is its backfill; a few pairs at a time, as a server start would
const parallel = 16;
for (let i = 0; i < engines.length; i += parallel) await Promise.all(engines.slice(i, i + parallel).map((e) => e.backfill()));
const syncMs = performance.now() - started;
const idle = await settledUsage();

const lanes = Object.values(client.stats().lanes);
process.stdout.write(
  JSON.stringify({
    pairs: engines.length,
    graphRequests: lanes.reduce((n, l) => n + l.requests, 0),
    syncMs,
    base: { rss: base.rss, heapUsed: base.heapUsed },
    withMailboxes: { rss: withMailboxes.rss, heapUsed: withMailboxes.heapUsed },
    idle: { rss: idle.rss, heapUsed: idle.heapUsed, external: idle.external, arrayBuffers: idle.arrayBuffers },
  }),
);
await scheduler.stop();
await client.close();
for (const m of mailboxes) await m.close();
await store.close();
