import { DingTalkClient } from '../server/connectors/dingtalk/client.js';
import { DirectoryService } from '../server/directory/directory-service.js';
import { createLogger } from '../server/logger.js';
import { buildDingTalkSandbox } from '../server/sandbox/dingtalk/app.js';
import { generateDemoOrganisation } from '../server/sandbox/dingtalk/demo-org.js';
import { openStore } from '../server/store/store.js';
import type { AddressInfo } from 'node:net';

const QPS = 20; // documented per-app per-API limit, standard edition (dingtalk.md §9)
const SANDBOX = { appKey: 'dingbenchkey', appSecret: 'bench-secret', corpId: 'dingbenchcorp' };

/**
 * Full sync of an organisation from the sandbox over HTTP, with the sandbox enforcing the documented
 * 20 QPS per API. The minimum any client can achieve is the busiest API's call count / 20 seconds,
 * because different APIs are limited separately; the ratio says how close the sync gets to it.
 */
export async function runFullSyncBench(people = 100_000): Promise<Record<string, number | string>> {
  const org = generateDemoOrganisation({ people });
  const sandbox = await buildDingTalkSandbox({ ...SANDBOX, org, knobs: { qpsPerApi: QPS } });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = sandbox.app.server.address() as AddressInfo;
  const logger = createLogger('error');
  const client = new DingTalkClient({ appKey: SANDBOX.appKey, appSecret: SANDBOX.appSecret, oapiUrl: `http://127.0.0.1:${port}`, qps: QPS, logger });
  const store = await openStore('sqlite::memory:');
  const directory = new DirectoryService({ provider: client, store, logger, englishNameFields: ['英文名'], massRemovalThreshold: 0.3 });
  try {
    sandbox.state.resetRequestCounts();
    const started = performance.now();
    const outcome = await directory.fullSync();
    const elapsed = (performance.now() - started) / 1000;
    const counts = sandbox.state.requestCounts();
    const perApi = Object.entries(counts).filter(([api]) => api !== '/gettoken');
    const needed = callsNeeded(org);
    const [busiestApi, busiestCalls] = Object.entries(needed).reduce((a, b) => (b[1] > a[1] ? b : a));
    const minimum = busiestCalls / QPS;
    const made = perApi.reduce((sum, [, n]) => sum + n, 0);
    const neededTotal = Object.values(needed).reduce((sum, n) => sum + n, 0);
    return {
      'full sync: people': outcome.people,
      'full sync: departments': outcome.departments,
      'full sync: calls per API': perApi.map(([api, n]) => `${api.replace('/topapi/v2/', '')}=${n}`).join(' '),
      'full sync: busiest API': busiestApi,
      'full sync: elapsed s': round(elapsed),
      'full sync: QPS-limited minimum s': round(minimum),
      'full sync: ratio to minimum (target ≤ 1.15)': round(elapsed / minimum, 3),
      'full sync: calls made beyond those needed (retries)': made - neededTotal,
    };
  } finally {
    await client.close();
    await sandbox.close();
    await store.close();
  }
}

/** Calls the documented API requires: per department one listsub, one get and one user/list per 100 direct members. */
function callsNeeded(org: { departments: Array<{ dept_id: number }>; users: Array<{ dept_id_list: number[] }> }): Record<string, number> {
  const members = new Map<number, number>();
  for (const user of org.users) for (const dept of new Set(user.dept_id_list)) members.set(dept, (members.get(dept) ?? 0) + 1);
  let pages = 0;
  for (const dept of org.departments) pages += Math.max(1, Math.ceil((members.get(dept.dept_id) ?? 0) / 100));
  const d = org.departments.length;
  return { '/topapi/v2/department/listsub': d, '/topapi/v2/department/get': d, '/topapi/v2/user/list': pages };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const people = Number(process.argv[2] ?? 100_000);
  console.table(await runFullSyncBench(people));
}
