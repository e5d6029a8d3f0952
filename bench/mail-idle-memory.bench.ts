import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '../server/logger.js';
import { DOCUMENTED_GRAPH_LIMITS, startGraph } from './mail-env.js';

const UPN_PREFIX = 'idle.';

interface ChildReport {
  pairs: number;
  graphRequests: number;
  syncMs: number;
  base: { rss: number; heapUsed: number };
  withMailboxes: { rss: number; heapUsed: number };
  idle: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
}

/**
 * Memory of the server holding `pairs` idle mailbox pairs after their first (empty) sync. The Graph
 * sandbox runs here, over HTTP; the engines run in a fresh child process (mail-idle-memory-child.ts),
 * which reports memory after a full GC at three points: runtime + modules + store + GraphClient, then
 * with the DingTalk sandbox mailboxes (stand-ins for IMAP connections), then with every engine set up
 * and synced. Per-pair figures are the difference of the last two, divided by the pair count.
 *
 * The child runs under the tsx loader (`node --import tsx`), not compiled like memory-child.ts, because
 * the build (tsconfig.build.json) compiles only that one bench file; the loader's own memory is in all
 * three points alike, so the per-pair difference does not contain it, but the absolute RSS does.
 * Not included: IMAP connections (an imapflow client and socket per mailbox on a real server), Graph
 * subscriptions and their renewal timers, and the scheduler's periodic timers (not started).
 */
export async function runMailIdleMemoryBench(pairs = 1_000): Promise<Record<string, number | string>> {
  const upns = Array.from({ length: pairs }, (_, i) => `${UPN_PREFIX}${i}@contoso.example`);
  const graph = await startGraph(DOCUMENTED_GRAPH_LIMITS, createLogger('error'), upns);
  const dir = mkdtempSync(join(tmpdir(), 'bridge-mail-mem-'));
  try {
    const child = join(import.meta.dirname, 'mail-idle-memory-child.ts');
    const args = [graph.origin, graph.sandbox.tenantId, graph.sandbox.clientId, graph.sandbox.clientSecret, String(pairs), `sqlite:${join(dir, 'bench.sqlite')}`, UPN_PREFIX];
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', child, ...args], {
      cwd: join(import.meta.dirname, '..'),
      maxBuffer: 1 << 20,
    });
    const report = JSON.parse(stdout) as ChildReport;
    const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;
    const kb = (n: number): number => Math.round((n / 1024) * 10) / 10;
    const per = (n: number): number => kb(n / Math.max(1, report.pairs));
    return {
      'idle memory: mailbox pairs configured and synced once': report.pairs,
      'idle memory: first sync of all pairs s': Math.round(report.syncMs / 100) / 10,
      'idle memory: Graph requests of the first syncs': report.graphRequests,
      'idle memory: RSS MB (all pairs idle)': mb(report.idle.rss),
      'idle memory: heap used MB (all pairs idle)': mb(report.idle.heapUsed),
      'idle memory: RSS per pair KB (engine + sides + scheduler lane + Graph lane)': per(report.idle.rss - report.withMailboxes.rss),
      'idle memory: heap per pair KB': per(report.idle.heapUsed - report.withMailboxes.heapUsed),
      'idle memory: DingTalk sandbox mailbox per pair KB (heap; stand-in for an IMAP connection)': per(report.withMailboxes.heapUsed - report.base.heapUsed),
      'idle memory: RSS before any pair MB (runtime + modules + tsx loader + store + client)': mb(report.base.rss),
    };
  } finally {
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runMailIdleMemoryBench(Number(process.argv[2] ?? 1_000)));
}
