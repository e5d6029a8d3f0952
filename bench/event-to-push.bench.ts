import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { startRuntime } from '../server/runtime/runtime.js';
import { openSse } from '../test/helpers/sse-client.js';

/**
 * Latency from a change in DingTalk (the sandbox emits the contact event) to the server-sent event an
 * open task pane receives, on loopback, for both transports. Includes the encrypted push (or Stream
 * frame), signature check, the re-read of the user from DingTalk, the store write and the index update.
 */
export async function runEventToPushBench(samples = 100): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const events of ['http', 'stream'] as const) {
    const config = loadConfig(
      { DATABASE_URL: 'sqlite::memory:', BRIDGE_PORT: '0', SANDBOX_PORT: '0', SANDBOX_PEOPLE: '2000', DINGTALK_EVENTS: events, DIRECTORY_RECONCILE_SECONDS: '0' },
      [],
    );
    const runtime = await startRuntime(config, createLogger('error'));
    await runtime.initialSync;
    const state = runtime.sandbox?.sandbox.state;
    if (state === undefined) throw new Error('sandbox expected');
    const idp = runtime.identity.sandboxIdp;
    if (idp === null) throw new Error('sandbox identity provider expected');
    const sse = await openSse(`${runtime.url}/api/directory/events`, { authorization: `Bearer ${(await idp.mint({ email: 'bench@example.com' })).token}` });
    const people = (await runtime.store.directory.allUserIds()).slice(0, samples);
    const latencies: number[] = [];
    try {
      for (const [i, userid] of people.entries()) {
        const seen = sse.events.length;
        const started = performance.now();
        state.modifyUser(userid, { title: `基准测试 ${i}` });
        const event = await sse.waitFor((e, ) => sse.events.indexOf(e) >= seen && e.event === 'person.upserted' && JSON.parse(e.data).userid === userid, 5000);
        latencies.push(event.receivedAt - started);
      }
    } finally {
      sse.close();
      await runtime.close();
    }
    latencies.sort((a, b) => a - b);
    out[`event→push (${events}): samples`] = latencies.length;
    out[`event→push (${events}): p50 ms`] = round(percentile(latencies, 0.5));
    out[`event→push (${events}): p95 ms (target ≤ 500)`] = round(percentile(latencies, 0.95));
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runEventToPushBench(Number(process.argv[2] ?? 100)));
}
