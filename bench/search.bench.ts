import v8 from 'node:v8';
import vm from 'node:vm';
import { pinyin } from 'pinyin-pro';
import { linearScanSearch, SearchIndex, type SearchablePerson, type SearchOptions } from '../server/directory/search/search-index.js';
import { generatePeople, seededRandom } from './search-people.js';

/**
 * Search benchmark: a 100,000-person organisation, a mixed query set typed the way people type into
 * the task pane's search box, the index against the no-index linear scan. Targets (brief): index p99
 * ≤ 2 ms and ≥ 50× faster than the linear scan measured in the same run. Never a timed assertion.
 */
const PEOPLE = 100_000;
const INDEX_QUERIES = 2_000;
const LINEAR_QUERIES = 100;
const LIMIT = 20;

v8.setFlagsFromString('--expose-gc');
// why: `gc` only exists in a context created after the flag is set; it is a plain function there.
const collect = vm.runInNewContext('gc') as () => void;

function heapUsed(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

type QueryKind = 'initials' | 'pinyin' | 'pinyin-prefix' | 'chinese' | 'mixed' | 'email' | 'phone' | 'job-number' | 'english' | 'typo';
const MIX: readonly [QueryKind, number][] = [
  ['initials', 20], ['pinyin', 12], ['pinyin-prefix', 20], ['chinese', 15], ['mixed', 10],
  ['email', 8], ['phone', 6], ['job-number', 3], ['english', 3], ['typo', 3],
];

function syllables(name: string): string[] {
  return pinyin(name, { surname: 'head', toneType: 'none', type: 'array', v: true });
}

function queryOf(kind: QueryKind, person: SearchablePerson, random: () => number): string {
  const chars = [...person.name];
  const read = syllables(person.name);
  const full = read.join('');
  switch (kind) {
    case 'initials':
      return read.map((s) => s.charAt(0)).join('');
    case 'pinyin':
      return full;
    case 'pinyin-prefix':
      // Type-ahead: every length is typed once, so short prefixes are as common as long ones.
      return full.slice(0, 1 + Math.floor(random() * full.length));
    case 'chinese':
      return chars.slice(0, 1 + Math.floor(random() * chars.length)).join('');
    case 'mixed':
      return random() < 0.5 ? `${chars[0] ?? ''}${read[1]?.charAt(0) ?? ''}` : `${read[0] ?? ''}${chars[1] ?? ''}`;
    case 'email': {
      const local = (person.email ?? '').split('@')[0] ?? '';
      return local.slice(0, Math.min(local.length, 3 + Math.floor(random() * local.length)));
    }
    case 'phone': {
      const mobile = (person.mobile ?? '').replace(/\D/gu, '').replace(/^86/u, '');
      const r = random();
      return r < 0.4 ? mobile.slice(-4) : r < 0.7 ? mobile.slice(0, 7) : mobile;
    }
    case 'job-number':
      return (person.jobNumber ?? '').slice(0, 4 + Math.floor(random() * 4));
    case 'english':
      return person.englishName?.split(' ')[random() < 0.5 ? 0 : 1]?.toLowerCase() ?? full;
    case 'typo': {
      if (full.length < 5) return full;
      const i = 1 + Math.floor(random() * (full.length - 2));
      return full.slice(0, i) + full.charAt(i + 1) + full.charAt(i) + full.slice(i + 2);
    }
  }
}

/** A deterministic query set drawn from the organisation, in the proportions of MIX. */
export function buildQueries(people: readonly SearchablePerson[], count: number, seed = 7): { kind: QueryKind; query: string }[] {
  const random = seededRandom(seed);
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  const hk = people.filter((p) => p.englishName !== undefined);
  const out: { kind: QueryKind; query: string }[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    let kind: QueryKind = 'pinyin';
    for (const [k, weight] of MIX) {
      if ((r -= weight) < 0) {
        kind = k;
        break;
      }
    }
    const pool = kind === 'english' && hk.length > 0 ? hk : people;
    const person = pool[Math.floor(random() * pool.length)];
    if (person !== undefined) out.push({ kind, query: queryOf(kind, person, random) });
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function time(queries: readonly { query: string }[], run: (query: string) => unknown): number[] {
  const out: number[] = [];
  for (const { query } of queries) {
    const start = performance.now();
    run(query);
    out.push(performance.now() - start);
  }
  return out.sort((a, b) => a - b);
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** Runs the benchmark and returns its figures (milliseconds, megabytes, ratios). */
export async function runSearchBench(): Promise<Record<string, number | string>> {
  const people = generatePeople(PEOPLE);
  const queries = buildQueries(people, INDEX_QUERIES);
  // Load the pinyin and OpenCC dictionaries before measuring, so the heap delta is the index alone.
  new SearchIndex().upsert({ userid: 'warm-up', name: '陳大文', title: '经理' });

  const heapBefore = heapUsed();
  const buildStart = performance.now();
  const index = new SearchIndex();
  for (const person of people) index.upsert(person);
  index.search('warm'); // the first search folds the remaining delta into the main run
  const buildMs = performance.now() - buildStart;
  const heapDelta = heapUsed() - heapBefore;

  // JIT warm-up on a different query sample, then the measured pass.
  for (const { query } of buildQueries(people, 500, 99)) index.search(query, { limit: LIMIT });
  const plain = time(queries, (q) => index.search(q, { limit: LIMIT }));
  const frequent = new Map(people.filter((_, i) => i % 500 === 0).map((p, i) => [p.userid, (i % 10) / 10]));
  const options: SearchOptions = { limit: LIMIT, boost: (u) => frequent.get(u) ?? 0, filter: (u) => !u.endsWith('7') };
  const withOptions = time(queries, (q) => index.search(q, options));

  const linearSample = queries.filter((_, i) => i % Math.floor(INDEX_QUERIES / LINEAR_QUERIES) === 0).slice(0, LINEAR_QUERIES);
  const linear = time(linearSample, (q) => linearScanSearch(people, q, LIMIT));
  const indexOnSample = time(linearSample, (q) => index.search(q, { limit: LIMIT }));

  const byKind: Record<string, number> = {};
  for (const { kind, query } of queries) {
    const start = performance.now();
    index.search(query, { limit: LIMIT });
    byKind[kind] = Math.max(byKind[kind] ?? 0, performance.now() - start);
  }

  return {
    people: PEOPLE,
    'build ms': round(buildMs, 0),
    'index heap MB': round(heapDelta / 1e6, 1),
    'rss MB': round(process.memoryUsage().rss / 1e6, 0),
    'index queries': queries.length,
    'index p50 ms': round(percentile(plain, 50)),
    'index p99 ms': round(percentile(plain, 99)),
    'index max ms': round(percentile(plain, 100)),
    'index+boost+filter p99 ms': round(percentile(withOptions, 99)),
    'linear queries': linearSample.length,
    'linear p50 ms': round(percentile(linear, 50), 1),
    'linear p99 ms': round(percentile(linear, 99), 1),
    'index p50 ms (same sample)': round(percentile(indexOnSample, 50)),
    'speed-up p50 (×)': round(percentile(linear, 50) / percentile(indexOnSample, 50), 0),
    'speed-up p99 (×)': round(percentile(linear, 99) / percentile(indexOnSample, 99), 0),
    'slowest kind': Object.entries(byKind).sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${round(ms, 2)}ms`).slice(0, 3).join(', '),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runSearchBench();
  console.table(Object.entries(result).map(([metric, value]) => ({ metric, value })));
}
