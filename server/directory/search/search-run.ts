import type { CandidateSet } from './candidate-set.js';
import { codeTier, type TierRank } from './key-kinds.js';
import { tierRange, type PrefixView } from './prefix-view.js';
import { quantizeBoost, scoreOf } from './rank.js';
import type { SlotStore } from './slot-store.js';
import { TopK, type Admission } from './top-k.js';
import type { SearchHit, SearchOptions } from './types.js';

/** Above this many candidates, sort them by slot before calling a boost callback on each. */
const SORT_FOR_BOOST = 2048;

/**
 * One search's ranking state: turns the matches gathered so far into hits, one tier at a time.
 * Matches come from the candidate set and, for a broad prefix, from a pre-ranked view whose people are
 * not in the candidate set (see `foldView`). Invariant: `take(t)` is called in tier order and only after
 * every source able to produce tier `t` has been read.
 */
export class SearchRun {
  readonly hits: SearchHit[] = [];
  /** A boost callback, when the caller gave one. */
  readonly #boostFn: ((userid: string) => number) | null = null;
  /** Quantised boosts by slot, when the caller gave a Map (then there are few and they are known). */
  readonly #boostBySlot: Map<number, number> | null = null;

  constructor(
    private readonly limit: number,
    boost: SearchOptions['boost'],
    private readonly admission: Admission,
    private readonly candidates: CandidateSet,
    private readonly store: SlotStore,
    private view: PrefixView | undefined,
  ) {
    if (typeof boost === 'function') this.#boostFn = boost;
    else if (boost !== undefined) {
      this.#boostBySlot = new Map();
      for (const [userid, value] of boost) {
        const slot = store.slotOf(userid);
        const quantized = quantizeBoost(value);
        if (slot !== undefined && quantized > 0) this.#boostBySlot.set(slot, quantized);
      }
    }
  }

  /** The quantised boost of a slot (0 without boosts). */
  #boostOf(slot: number): number {
    if (this.#boostBySlot !== null) return this.#boostBySlot.get(slot) ?? 0;
    if (this.#boostFn !== null) return quantizeBoost(this.#boostFn(this.store.userid(slot)));
    return 0;
  }

  get full(): boolean {
    return this.hits.length >= this.limit;
  }

  /**
   * People both in the view and in the candidate set (found by another source too) are ranked from the
   * candidate set with the better of the two codes; the view's copy is then skipped.
   */
  foldView(): void {
    const view = this.view;
    if (view === undefined) return;
    const { candidates } = this;
    if (candidates.slots.length === 0) return;
    for (let i = 0; i < view.slots.length; i++) {
      const slot = view.slots[i] ?? 0;
      if (candidates.has(slot)) candidates.offer(slot, view.codes[i] ?? 0);
    }
  }

  /** Hands the view's people to the candidate set, so later tiers treat them as already ranked. */
  releaseView(): void {
    const view = this.view;
    if (view === undefined) return;
    for (let i = 0; i < view.slots.length; i++) this.candidates.offer(view.slots[i] ?? 0, view.codes[i] ?? 0);
    this.view = undefined;
  }

  /** Appends the best people of `tier` to `hits`; true once `limit` hits are in. */
  take(tier: TierRank): boolean {
    if (this.full) return true;
    const top = new TopK(this.limit - this.hits.length, this.store, this.admission);
    this.#fromCandidates(tier, top);
    if (this.view !== undefined) this.#fromView(this.view, tier, top);
    top.drainInto(this.hits);
    return this.full;
  }

  #fromCandidates(tier: TierRank, top: TopK): void {
    const { candidates } = this;
    let offered: ArrayLike<number> = candidates.slots;
    // Boost callbacks read each person's userid string: slot order (≈ memory order) is much cheaper.
    if (this.#boostFn !== null && offered.length > SORT_FOR_BOOST) offered = Int32Array.from(candidates.slots).sort();
    for (let i = 0; i < offered.length; i++) {
      const slot = offered[i] ?? 0;
      const code = candidates.codeOf(slot);
      if (codeTier(code) === tier) top.offer(slot, scoreOf(code, this.#boostOf(slot)), code);
    }
  }

  #fromView(view: PrefixView, tier: TierRank, top: TopK): void {
    const { candidates } = this;
    const alive = this.store.alive;
    const boostFn = this.#boostFn;
    const boostBySlot = this.#boostBySlot;
    // The view is in score order for people without boost (ties in slot order, which TopK sorts out by
    // userid): once the heap is full and such a person scores below its worst, no later one can enter.
    // Past that point only boosted people matter; with a callback nobody is known to be unboosted.
    let onlyBoosted = false;
    const [from, to] = tierRange(view.codes, tier);
    for (let i = from; i < to; i++) {
      const slot = view.slots[i] ?? 0;
      if (alive[slot] !== 1 || candidates.has(slot)) continue;
      const code = view.codes[i] ?? 0;
      if (boostFn !== null) {
        top.offer(slot, scoreOf(code, quantizeBoost(boostFn(this.store.userid(slot)))), code);
        continue;
      }
      const boost = boostBySlot === null ? 0 : (boostBySlot.get(slot) ?? 0);
      if (boost === 0) {
        if (onlyBoosted) continue;
        const score = scoreOf(code, 0);
        if (top.full && score < top.worstScore) {
          if (boostBySlot === null) return;
          onlyBoosted = true;
          continue;
        }
        top.offer(slot, score, code);
      } else {
        top.offer(slot, scoreOf(code, boost), code);
      }
    }
  }
}
