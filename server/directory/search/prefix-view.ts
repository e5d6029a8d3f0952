import type { CandidateSet } from './candidate-set.js';
import { codeOrder, codePenalty, codeTier } from './key-kinds.js';
import type { KeyTable } from './key-table.js';
import type { SlotStore } from './slot-store.js';

/**
 * The main-run matches of one broad prefix ("l", "zh", "张"), best match per person, sorted by
 * (tier, penalty) and then by slot. Ties in (tier, penalty) are left in slot order rather than userid
 * order: sorting by userid reads every userid string, and slot order is what a boost callback wants
 * (each call reads a userid; slot order ≈ allocation order made 16k callbacks 7× cheaper than random
 * order). Readers resolve ties by userid themselves. Invariant: `codes[i]` is the best code of
 * `slots[i]` among main-run keys at build time; later deaths are skipped by the reader, later upserts
 * live in the table's delta, which the reader scans separately.
 */
export interface PrefixView {
  slots: Int32Array;
  codes: Int32Array;
}

/** A prefix gets a view once its main-run range holds this many postings. */
export const VIEW_MIN_POSTINGS = 2048;
/** Bound on the entries all views hold together (8 bytes each): about 12 MB. */
const MAX_VIEW_ENTRIES = 1_500_000;
const LETTER = /^\p{L}$/u;
const isLetter = (ch: string): boolean => LETTER.test(ch);

/** Counting-sort buckets per tier: penalties 0..254 each get one, larger ones share the last. */
const PENALTY_BUCKETS = 256;
const BUCKETS = 4 * PENALTY_BUCKETS;
const bucketOf = (code: number): number => codeTier(code) * PENALTY_BUCKETS + Math.min(codePenalty(code), PENALTY_BUCKETS - 1);

/**
 * Lazily built views for the broad prefixes of one key table. Typing the first letter or two matches a
 * large share of the organisation; scanning and ranking that share on every keystroke was the slowest
 * thing the index did. A view does the ranking once and lets a search without boost stop after `limit`
 * visible people. Views stay valid across upserts and removals and are dropped by `clear()`, which the
 * index calls on every merge (merges recycle slot numbers and rewrite the main run).
 */
export class PrefixViews {
  readonly #views = new Map<string, PrefixView>();
  #entries = 0;

  constructor(
    private readonly table: KeyTable,
    private readonly store: SlotStore,
    private readonly minPostings = VIEW_MIN_POSTINGS,
  ) {}

  /**
   * The view of `prefix`, built on first use with `scratch` (which it resets: pass the index's own,
   * whose arrays are warm in the CPU cache; a separate cold one made builds 5× slower); undefined for
   * prefixes narrow enough to scan directly.
   */
  get(prefix: string, scratch: CandidateSet): PrefixView | undefined {
    const cached = this.#views.get(prefix);
    if (cached !== undefined) {
      // Re-insert so Map order is least recently used first.
      this.#views.delete(prefix);
      this.#views.set(prefix, cached);
      return cached;
    }
    if (this.table.mainCount(prefix) < this.minPostings) return undefined;
    const view = this.#build(prefix, scratch);
    this.#entries += view.slots.length;
    this.#views.set(prefix, view);
    for (const [oldest, old] of this.#views) {
      if (this.#entries <= MAX_VIEW_ENTRIES || old === view) break;
      this.#views.delete(oldest);
      this.#entries -= old.slots.length;
    }
    return view;
  }

  /**
   * Builds the views of every broad prefix now (after a bulk load, rather than on someone's keystroke):
   * each one-character prefix that qualifies, then its qualifying extensions, and so on. For 100k people
   * that is ~90 prefixes, ~300 ms. Stops at two thirds of the entry budget, leaving room for the rest.
   */
  prebuild(scratch: CandidateSet): void {
    // Letters only: names and pinyin are what people type first; phone and job-number prefixes are
    // rarer and their views are big (every mobile starts 13…), so they are built when asked for.
    const pending = this.table.nextCharacters('').filter(isLetter);
    while (pending.length > 0 && this.#entries < (MAX_VIEW_ENTRIES * 2) / 3) {
      const prefix = pending.shift() ?? '';
      if (this.get(prefix, scratch) === undefined) continue;
      for (const next of this.table.nextCharacters(prefix)) if (isLetter(next)) pending.push(prefix + next);
    }
  }

  clear(): void {
    this.#views.clear();
    this.#entries = 0;
  }

  #build(prefix: string, scratch: CandidateSet): PrefixView {
    scratch.begin(this.store.alive);
    this.table.collect(prefix, prefix.length, 'prefix', scratch, 'main');
    const high = this.store.highWater;
    const offered = scratch.slots;
    const ascending = offered.length * 16 < high ? Int32Array.from(offered).sort() : sweep(scratch, high, offered.length);
    const buckets = new Int32Array(scratch.slots.length);
    for (let i = 0; i < ascending.length; i++) buckets[i] = bucketOf(scratch.codeOf(ascending[i] ?? 0));
    const slots = countingSort(ascending, buckets);
    const codes = slots.map((slot) => scratch.codeOf(slot));
    sortOverflow(slots, codes);
    return { slots, codes };
  }
}

// The helpers below are separate functions on purpose: a view is built rarely, so one long function
// would run its 100k-iteration loops unoptimised (V8 only optimises it mid-loop, then deoptimises it
// after); small functions with one loop each get optimised as a whole and stay so (5× faster builds).

/** The offered slots in ascending order, by sweeping slot numbers (cheaper than sorting when dense). */
function sweep(scratch: CandidateSet, high: number, count: number): Int32Array {
  const out = new Int32Array(count);
  let n = 0;
  for (let slot = 0; slot < high && n < count; slot++) if (scratch.has(slot)) out[n++] = slot;
  return out;
}

/** Stable counting sort of `items` by `buckets[i]` (0..BUCKETS-1). */
function countingSort(items: Int32Array, buckets: Int32Array): Int32Array {
  const starts = new Int32Array(BUCKETS + 1);
  for (let i = 0; i < buckets.length; i++) {
    const next = (buckets[i] ?? 0) + 1;
    starts[next] = (starts[next] ?? 0) + 1;
  }
  for (let b = 0; b < BUCKETS; b++) starts[b + 1] = (starts[b + 1] ?? 0) + (starts[b] ?? 0);
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const bucket = buckets[i] ?? 0;
    const at = starts[bucket] ?? 0;
    out[at] = items[i] ?? 0;
    starts[bucket] = at + 1;
  }
  return out;
}

/** Penalties past the last bucket share it: order those runs properly (keys 255+ characters past the query). */
function sortOverflow(slots: Int32Array, codes: Int32Array): void {
  for (let i = 0; i < codes.length; ) {
    if (codePenalty(codes[i] ?? 0) < PENALTY_BUCKETS - 1) {
      i++;
      continue;
    }
    let end = i;
    while (end < codes.length && codeTier(codes[end] ?? 0) === codeTier(codes[i] ?? 0)) end++;
    const order = Array.from({ length: end - i }, (_, k) => i + k).sort((x, y) => codeOrder(codes[x] ?? 0) - codeOrder(codes[y] ?? 0) || (slots[x] ?? 0) - (slots[y] ?? 0));
    const sortedSlots = order.map((k) => slots[k] ?? 0);
    const sortedCodes = order.map((k) => codes[k] ?? 0);
    slots.set(sortedSlots, i);
    codes.set(sortedCodes, i);
    i = end;
  }
}

/** [start, end) of the entries in `tier` of a view's codes (they are sorted, so each tier is one run). */
export function tierRange(codes: Int32Array, tier: number): [number, number] {
  const first = (t: number): number => {
    let lo = 0;
    let hi = codes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (codeTier(codes[mid] ?? 0) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [first(tier), first(tier + 1)];
}
