import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../server/logger.js';
import { createSandboxMailbox } from '../server/sandbox/mailbox/sandbox-mailbox.js';
import { openStore } from '../server/store/store.js';
import { folderMap } from '../server/sync/mail/folders.js';
import { MailSyncStore } from '../server/sync/mail/mail-sync-store.js';
import { createPair, graphRequests, round, seedDingTalk, startGraph, type GraphLimits } from './mail-env.js';

const MAILBOX = 'backfill.bench@contoso.example';

/**
 * The request budget the benchmark runs under. Outlook allows 10,000 requests per 10 minutes per
 * mailbox (microsoft.md §7.1), i.e. 16.7 requests/s: a 10,000-message backfill would need at least
 * 10 minutes of wall time at that rate, too long for a benchmark. The window is therefore compressed
 * in time, by the same factor on the budget and the window so the shape (a sliding window holding many
 * seconds of requests) is kept: 1,000 requests per 6 s = 166.7 requests/s, ten times the documented
 * rate. A smaller window than the 10,000-per-60-s alternative keeps "requests ÷ rate" an honest bound:
 * a sliding window lets one whole window's worth through at once, so the bound is loose by up to one
 * window (6 s here, 60 s there). Concurrency stays at the documented 4 per mailbox. Both the client
 * and the sandbox get the same limits, so a 429 means the client's own pacing let too much through.
 */
export const BACKFILL_LIMITS: Readonly<GraphLimits> = Object.freeze({ concurrencyPerMailbox: 4, budgetPerWindow: 1_000, budgetWindowMs: 6_000 });

/**
 * Initial sync (backfill) of one DingTalk mailbox holding `messages` messages (80 % INBOX, 12 % Sent,
 * 8 % Archive, ~1.5 KB each) into an empty Exchange mailbox, over HTTP to the Graph sandbox, with the
 * concurrency and budget limits switched on. Figures: elapsed time against the minimum the budget allows
 * for the requests the client actually made (requests ÷ budget rate), messages/s and any 429.
 * The executor runs one copy at a time (executor.ts), so the sandbox sees at most one request in flight
 * and the concurrency limit never binds; the budget does, because one copy costs one Graph request
 * (the import POST) and the engine alone manages about 300 copies/s on this machine, above the 166.7/s
 * of the scaled budget and far above the documented 16.7/s. That headroom is loopback's: with one
 * request in flight, throughput is 1 / (Graph response time), so any response slower than 60 ms puts a
 * serial backfill under the documented budget (`graphLatencyMs` adds a delay to every sandbox
 * response: 100 ms gave 9.4 messages/s, 0.57 of 16.7/s, on 600 messages).
 */
export async function runMailBackfillBench(messages = 10_000, limits: GraphLimits = BACKFILL_LIMITS, graphLatencyMs = 0): Promise<Record<string, number | string>> {
  const logger = createLogger('error');
  const dir = mkdtempSync(join(tmpdir(), 'bridge-mail-backfill-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.sqlite')}`);
  const graph = await startGraph(limits, logger, [MAILBOX], graphLatencyMs);
  const imap = createSandboxMailbox({ address: 'backfill.bench@dingtalk.example' });
  try {
    await seedDingTalk(imap, messages);
    const pair = createPair({ mailbox: MAILBOX, imap, graph: graph.client, store: new MailSyncStore(store.db), audit: store.audit, folders: folderMap(), logger });
    graph.sandbox.resetStats();
    const before = graphRequests(graph.client, MAILBOX);

    const started = performance.now();
    const result = await pair.engine.backfill();
    const elapsed = (performance.now() - started) / 1000;

    const after = graphRequests(graph.client, MAILBOX);
    const requests = after.requests - before.requests;
    const rate = limits.budgetPerWindow / (limits.budgetWindowMs / 1000);
    const minimum = requests / rate;
    const traffic = graph.sandbox.stats();
    const sandboxMailbox = traffic.mailboxes[MAILBOX.toLowerCase()];
    const status = await pair.engine.status();
    const copied = graph.sandbox.mailbox(MAILBOX).messages().length;
    return {
      'backfill: messages in DingTalk': messages,
      'backfill: messages in Exchange afterwards': copied,
      'backfill: limits (per mailbox)': `${limits.concurrencyPerMailbox} in flight, ${limits.budgetPerWindow} requests / ${limits.budgetWindowMs / 1000} s`,
      'backfill: added Graph response latency ms': graphLatencyMs,
      'backfill: Graph requests made (client stats)': requests,
      'backfill: Graph requests per message': round(requests / messages, 3),
      'backfill: IMAP provider calls': pair.imapCalls.total(),
      'backfill: elapsed s': round(elapsed),
      'backfill: budget-limited minimum s (requests ÷ rate)': round(minimum),
      'backfill: throughput ratio to the bound (target ≥ 0.9)': round(minimum / elapsed, 3),
      'backfill: messages/s': round(copied / elapsed, 1),
      'backfill: 429 seen by the client': after.throttled - before.throttled,
      'backfill: 429 sent by the sandbox (concurrency / budget)': sandboxMailbox === undefined ? 'n/a' : `${sandboxMailbox.concurrencyThrottled} / ${sandboxMailbox.budgetThrottled}`,
      'backfill: peak requests in flight (sandbox)': sandboxMailbox?.peakConcurrency ?? 'n/a',
      'backfill: quarantined items': status.quarantined.length,
      'backfill: folder outcomes': result.folders.map((f) => `${f.folder}=${f.outcome}/${f.planned}`).join(' '),
    };
  } finally {
    await graph.close();
    await imap.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // [messages] [budget per window] [window ms] [added Graph latency ms]
  const [messages, budget, windowMs, latency] = process.argv.slice(2).map(Number);
  const limits = { ...BACKFILL_LIMITS, ...(budget !== undefined ? { budgetPerWindow: budget } : {}), ...(windowMs !== undefined ? { budgetWindowMs: windowMs } : {}) };
  console.table(await runMailBackfillBench(messages ?? 10_000, limits, latency ?? 0));
}
