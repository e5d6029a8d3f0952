import { runEventToPushBench } from './event-to-push.bench.js';
import { runFullSyncBench } from './full-sync.bench.js';
import { runMailBackfillBench } from './mail-backfill.bench.js';
import { runMailCallsBench } from './mail-calls.bench.js';
import { runMailIdleMemoryBench } from './mail-idle-memory.bench.js';
import { runMailLatencyBench } from './mail-latency.bench.js';
import { runMemoryBench } from './memory.bench.js';
import { runPaneBench } from './pane.bench.js';
import { runSearchBench } from './search.bench.js';

/**
 * `npm run bench [-- NAME …]`: prints figures and ratios; never pass/fail. Targets are shown beside the
 * figures they apply to. Names: search, full-sync, event-to-push, memory, pane, mail-backfill, mail-latency,
 * mail-calls, mail-idle-memory (default: all).
 */
const BENCHES: Record<string, () => Promise<Record<string, number | string>>> = {
  search: () => runSearchBench(),
  'full-sync': () => runFullSyncBench(100_000),
  'event-to-push': () => runEventToPushBench(100),
  memory: () => runMemoryBench(100_000),
  pane: () => runPaneBench(),
  'mail-backfill': () => runMailBackfillBench(10_000),
  'mail-latency': () => runMailLatencyBench(200),
  'mail-calls': () => runMailCallsBench(25),
  'mail-idle-memory': () => runMailIdleMemoryBench(1_000),
};

const wanted = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const started = performance.now();
  console.log(`\n== ${name}`);
  console.table(await run());
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
