import { percentile, round } from './mail-env.js';
import { runSteadyState, type RoundSample } from './mail-steady.js';

/**
 * Change → visible on the other side, in the steady state after a backfill of `setupMessages`
 * messages, driven by notifications only (Graph subscription → our webhook → scheduler; IMAP watch →
 * scheduler). `changes` changes alternate sides and kinds (new mail, read/flag changes). The Graph
 * client and sandbox run with the documented limits (4 in flight, 10,000 per 10 min, microsoft.md §7.1).
 * The floor of every figure is the scheduler's 200 ms gathering window; Graph's own notification
 * delivery delay (§5.3) is not included, the sandbox delivers at once.
 */
export async function runMailLatencyBench(changes = 200, setupMessages = 2_000): Promise<Record<string, number | string>> {
  const result = await runSteadyState({ setupMessages, phases: [{ rounds: changes, burst: 1 }] });
  const out: Record<string, number | string> = {
    'latency: mailbox size before the changes': setupMessages,
    'latency: changes made': result.samples.length,
    'latency: Graph subscriptions (one per folder)': result.subscriptions,
  };
  const all = summarise(result.samples);
  out['latency: p50 ms'] = all.p50;
  out['latency: p95 ms (target ≤ 5000)'] = all.p95;
  out['latency: max ms'] = all.max;
  out['latency: changes never visible (30 s timeout)'] = all.missing;
  for (const kind of ['new mail', 'flag'] as const) {
    for (const from of ['dingtalk', 'exchange'] as const) {
      const s = summarise(result.samples.filter((x) => x.kind === kind && x.from === from));
      out[`latency: ${kind} ${from === 'dingtalk' ? 'DingTalk → Exchange' : 'Exchange → DingTalk'} p50 / p95 ms`] = `${s.p50} / ${s.p95} (n=${s.n})`;
    }
  }
  out['latency: 429 during the changes'] = result.throttled;
  out['latency: INBOX differences between the sides at the end'] = result.mismatches;
  return out;
}

function summarise(samples: readonly RoundSample[]): { n: number; p50: number; p95: number; max: number; missing: number } {
  const all = samples.flatMap((s) => s.latenciesMs);
  const seen = all.filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
  return {
    n: all.length,
    p50: round(percentile(seen, 0.5), 1),
    p95: round(percentile(seen, 0.95), 1),
    max: round(seen[seen.length - 1] ?? Number.NaN, 1),
    missing: all.length - seen.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runMailLatencyBench(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 2_000)));
}
