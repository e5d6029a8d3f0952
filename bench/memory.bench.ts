import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { departmentFromDingTalk, personFromDingTalk } from '../server/directory/model.js';
import { generateDemoOrganisation } from '../server/sandbox/dingtalk/demo-org.js';
import { openStore } from '../server/store/store.js';

/**
 * Resident memory of the server holding `people` people: a store is filled here, then a fresh process
 * loads it the way the server does at start (memory-child.ts) and reports its RSS after GC.
 */
export async function runMemoryBench(people = 100_000): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-mem-'));
  const url = `sqlite:${join(dir, 'bench.sqlite')}`;
  try {
    const org = generateDemoOrganisation({ people });
    const store = await openStore(url);
    const now = Date.now();
    await store.directory.upsertDepartments(org.departments.map((d) => departmentFromDingTalk(d, now)));
    await store.directory.upsertPeople(org.users.map((u) => personFromDingTalk(u, ['英文名'], now)));
    await store.close();
    // The compiled child (npm run build), because production runs compiled JS, not the tsx loader.
    const child = join(import.meta.dirname, '..', 'dist', 'bench', 'memory-child.js');
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', child, url], {
      maxBuffer: 1 << 20,
    });
    const report = JSON.parse(stdout) as { people: number; rss: number; heapUsed: number; baseline: number; loadMs: number };
    const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;
    return {
      'memory: people loaded': report.people,
      'memory: load from store ms': Math.round(report.loadMs),
      'memory: RSS MB (target ≤ 300)': mb(report.rss),
      'memory: heap used MB': mb(report.heapUsed),
      'memory: RSS before loading MB (runtime + modules)': mb(report.baseline),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runMemoryBench(Number(process.argv[2] ?? 100_000)));
}
