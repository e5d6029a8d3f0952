import { CandidateSet } from './candidate-set.js';
import { codeOrder, codeTier } from './key-kinds.js';
import type { KeyTable } from './key-table.js';
import type { SlotStore } from './slot-store.js';

/**
 * The main-run matches of one broad prefix ("l", "zh", "张"), best match per person, sorted by
 * (tier, penalty, userid): the order hits take when nobody is boosted. Invariant: `codes[i]` is the best
 * code of `slots[i]` among main-run keys at build time; later deaths are skipped by the reader, later
 * upserts live in the table's delta, which the reader scans separately.
 */
export interface PrefixView {
  slots: Int32Array;
  codes: Int32Array;
  /**
   * Within each tier's run, the run's indices in slot order. A boost callback needs every person's
   * userid string; visiting them in slot order (≈ allocation order) rather than ranking order cut the
   * cost of 16k callbacks from 2.3 ms to 0.3 ms (cache misses).
   */
  bySlot: Int32Array;
}

/** A prefix gets a view once its main-run range holds this many postings. */
export const VIEW_MIN_POSTINGS = 2048;
/** Bound on the entries all views hold together (12 bytes each): about 12 MB. */
const MAX_VIEW_ENTRIES = 1_000_000;

/**
 * Lazily built views for the broad prefixes of one key table. Typing the first letter or two matches a
 * large share of the organisation; scanning and ranking that share on every keystroke was the slowest
 * thing the index did. A view does the ranking once and lets a search without boost stop after `limit`
 * visible people. Views stay valid across upserts and removals and are dropped by `clear()`, which the
 * index calls on every merge (merges recycle slot numbers and rewrite the main run).
 */
export class PrefixViews {
  readonly #views = new Map<string, PrefixView>();
  readonly #scratch = new CandidateSet();
  #entries = 0;

  constructor(
    private readonly table: KeyTable,
    private readonly store: SlotStore,
    private readonly minPostings = VIEW_MIN_POSTINGS,
  ) {}

  /** The view of `prefix`, built on first use; undefined for prefixes narrow enough to scan directly. */
  get(prefix: string): PrefixView | undefined {
    const cached = this.#views.get(prefix);
    if (cached !== undefined) {
      // Re-insert so Map order is least recently used first.
      this.#views.delete(prefix);
      this.#views.set(prefix, cached);
      return cached;
    }
    if (this.table.mainCount(prefix) < this.minPostings) return undefined;
    const view = this.#build(prefix);
    this.#entries += view.slots.length;
    this.#views.set(prefix, view);
    for (const [oldest, old] of this.#views) {
      if (this.#entries <= MAX_VIEW_ENTRIES || old === view) break;
      this.#views.delete(oldest);
      this.#entries -= old.slots.length;
    }
    return view;
  }

  clear(): void {
    this.#views.clear();
    this.#entries = 0;
  }

  #build(prefix: string): PrefixView {
    const scratch = this.#scratch;
    scratch.begin(this.store.alive);
    this.table.collect(prefix, prefix.length, 'prefix', scratch, 'main');
    const order = scratch.slots.slice();
    const store = this.store;
    order.sort((a, b) => {
      const byCode = codeOrder(scratch.codeOf(a)) - codeOrder(scratch.codeOf(b));
      if (byCode !== 0) return byCode;
      const ua = store.userid(a);
      const ub = store.userid(b);
      return ua < ub ? -1 : ua > ub ? 1 : 0;
    });
    const slots = Int32Array.from(order);
    const codes = Int32Array.from(order, (slot) => scratch.codeOf(slot));
    const bySlot = new Int32Array(slots.length);
    for (let i = 0; i < bySlot.length; i++) bySlot[i] = i;
    for (let tier = 0; tier < 4; tier++) {
      const [from, to] = tierRange(codes, tier);
      bySlot.subarray(from, to).sort((a, b) => (slots[a] ?? 0) - (slots[b] ?? 0));
    }
    return { slots, codes, bySlot };
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
