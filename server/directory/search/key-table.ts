import type { CandidateSet } from './candidate-set.js';
import { allowsTypo, KIND_COUNT, prefixCode, typoCode } from './key-kinds.js';
import { forEachTypoMatch } from './typo.js';

/** Postings pack a slot and a kind into one int: slot · 64 + kind (so slots must stay below 2^25). */
export const entryOf = (slot: number, kind: number): number => slot * 64 + kind;

const TYPO_KIND = Uint8Array.from({ length: KIND_COUNT }, (_, kind) => (allowsTypo(kind) ? 1 : 0));

export type ScanMode = 'prefix' | 'exact';
/** Which layers a scan reads: the merged main run, the recent delta, or both. */
export type Layers = 'both' | 'main' | 'delta';

const slotOf = (entry: number): number => (entry - (entry & 63)) / 64;

function offerTypo(entry: number, keyLength: number, queryLength: number, into: CandidateSet): void {
  const kind = entry & 63;
  if (TYPO_KIND[kind] === 1) into.offer(slotOf(entry), typoCode(kind, keyLength, queryLength));
}

function lowerBound(keys: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Keys → postings, searchable by key prefix. Two layers, as in a log-structured merge:
 * - the main run: sorted distinct keys with their postings packed in one Int32Array (CSR layout), so
 *   100k people cost a few flat arrays rather than an object per key;
 * - the delta: entries appended since the last merge, kept sorted (lazily, by merging the unsorted tail
 *   into the sorted part) so a search after a few upserts stays cheap.
 * Entries of dead slots are not removed on the spot: readers skip them (CandidateSet checks liveness) and
 * `merge` drops them. Invariant after `merge`: the delta is empty and no posting names a dead slot.
 */
export class KeyTable {
  #keys: string[] = [];
  #starts = new Int32Array(1);
  #postings = new Int32Array(0);
  #deltaKeys: string[] = [];
  #deltaEntries: number[] = [];
  #deltaOrder = new Int32Array(0);

  get mainEntries(): number {
    return this.#postings.length;
  }

  get deltaEntries(): number {
    return this.#deltaEntries.length;
  }

  /** How many postings of the main run have a key starting with `prefix` (two binary searches). */
  mainCount(prefix: string): number {
    const lo = lowerBound(this.#keys, prefix);
    // U+FFFF is a noncharacter, so no key continues a prefix with it: this bounds the prefix range.
    const hi = lowerBound(this.#keys, `${prefix}\uffff`);
    return (this.#starts[hi] ?? 0) - (this.#starts[lo] ?? 0);
  }

  /** The distinct characters (UTF-16 units) that follow `prefix` in the main run's keys, in order. */
  nextCharacters(prefix: string): string[] {
    const out: string[] = [];
    const keys = this.#keys;
    for (let i = lowerBound(keys, prefix); i < keys.length; ) {
      const key = keys[i] ?? '';
      if (!key.startsWith(prefix)) break;
      if (key.length === prefix.length) {
        i++;
        continue;
      }
      const next = key.charAt(prefix.length);
      out.push(next);
      i = lowerBound(keys, `${prefix}${next}\uffff`);
    }
    return out;
  }

  add(key: string, entry: number): void {
    this.#deltaKeys.push(key);
    this.#deltaEntries.push(entry);
  }

  /** Offers every entry whose key starts with `prefix` ('prefix') or equals it ('exact'). */
  collect(prefix: string, queryLength: number, mode: ScanMode, into: CandidateSet, layers: Layers = 'both'): void {
    const exact = mode === 'exact';
    const keys = this.#keys;
    const starts = this.#starts;
    const postings = this.#postings;
    for (let i = layers === 'delta' ? keys.length : lowerBound(keys, prefix); i < keys.length; i++) {
      const key = keys[i] ?? '';
      if (exact ? key !== prefix : !key.startsWith(prefix)) break;
      const end = starts[i + 1] ?? 0;
      for (let p = starts[i] ?? 0; p < end; p++) {
        const entry = postings[p] ?? 0;
        into.offer(slotOf(entry), prefixCode(entry & 63, key.length, queryLength));
      }
    }
    if (layers === 'main') return;
    const from = this.#deltaLowerBound(prefix); // sorts the delta first: read the order after it
    const order = this.#deltaOrder;
    const dKeys = this.#deltaKeys;
    for (let i = from; i < order.length; i++) {
      const at = order[i] ?? 0;
      const key = dKeys[at] ?? '';
      if (exact ? key !== prefix : !key.startsWith(prefix)) break;
      const entry = this.#deltaEntries[at] ?? 0;
      into.offer(slotOf(entry), prefixCode(entry & 63, key.length, queryLength));
    }
  }

  /**
   * Offers, with typo codes against `query.length`, every entry of a typo-accepting kind whose key has
   * a prefix within one edit of `query` (see forEachTypoMatch; `alphabet` must cover every key).
   */
  collectTypos(query: string, alphabet: string, into: CandidateSet): void {
    const keys = this.#keys;
    const starts = this.#starts;
    const postings = this.#postings;
    forEachTypoMatch(query, alphabet, keys.length, (i) => keys[i] ?? '', (from, to) => {
      for (let i = from; i < to; i++) {
        const length = (keys[i] ?? '').length;
        const end = starts[i + 1] ?? 0;
        for (let p = starts[i] ?? 0; p < end; p++) offerTypo(postings[p] ?? 0, length, query.length, into);
      }
    });
    this.#sortDelta();
    const order = this.#deltaOrder;
    const dKeys = this.#deltaKeys;
    const keyAt = (i: number): string => dKeys[order[i] ?? 0] ?? '';
    forEachTypoMatch(query, alphabet, order.length, keyAt, (from, to) => {
      for (let i = from; i < to; i++) offerTypo(this.#deltaEntries[order[i] ?? 0] ?? 0, keyAt(i).length, query.length, into);
    });
  }

  /** Sorts the delta if needed, then finds the first position of its order whose key is ≥ `prefix`. */
  #deltaLowerBound(prefix: string): number {
    this.#sortDelta();
    const order = this.#deltaOrder;
    const keys = this.#deltaKeys;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[order[mid] ?? 0] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Brings the delta's sorted order up to date: sorts the unsorted tail and merges it in. */
  #sortDelta(): void {
    const sorted = this.#deltaOrder;
    const total = this.#deltaKeys.length;
    if (sorted.length === total) return;
    const keys = this.#deltaKeys;
    const tail: number[] = [];
    for (let i = sorted.length; i < total; i++) tail.push(i);
    tail.sort((a, b) => {
      const ka = keys[a] ?? '';
      const kb = keys[b] ?? '';
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
    const out = new Int32Array(total);
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < sorted.length && j < tail.length) {
      const a = sorted[i] ?? 0;
      const b = tail[j] ?? 0;
      if ((keys[b] ?? '') < (keys[a] ?? '')) {
        out[o++] = b;
        j++;
      } else {
        out[o++] = a;
        i++;
      }
    }
    while (i < sorted.length) out[o++] = sorted[i++] ?? 0;
    while (j < tail.length) out[o++] = tail[j++] ?? 0;
    this.#deltaOrder = out;
  }

  /** Folds the delta into the main run and drops every posting whose slot `alive` marks dead. */
  merge(alive: Uint8Array): void {
    this.#sortDelta();
    const keys = this.#keys;
    const starts = this.#starts;
    const postings = this.#postings;
    const dKeys = this.#deltaKeys;
    const dEntries = this.#deltaEntries;
    const order = this.#deltaOrder;
    const live = (entry: number): boolean => alive[(entry - (entry & 63)) / 64] === 1;

    const outKeys: string[] = [];
    const outStarts: number[] = [0];
    const outPostings = new Int32Array(postings.length + dEntries.length);
    let n = 0;
    let i = 0;
    let j = 0;
    while (i < keys.length || j < order.length) {
      const mainKey = keys[i];
      const deltaKey = j < order.length ? dKeys[order[j] ?? 0] : undefined;
      const key = mainKey === undefined || (deltaKey !== undefined && deltaKey < mainKey) ? (deltaKey ?? '') : mainKey;
      if (mainKey === key) {
        const end = starts[i + 1] ?? 0;
        for (let p = starts[i] ?? 0; p < end; p++) {
          const entry = postings[p] ?? 0;
          if (live(entry)) outPostings[n++] = entry;
        }
        i++;
      }
      while (j < order.length && dKeys[order[j] ?? 0] === key) {
        const entry = dEntries[order[j] ?? 0] ?? 0;
        if (live(entry)) outPostings[n++] = entry;
        j++;
      }
      if (n > (outStarts[outStarts.length - 1] ?? 0)) {
        outKeys.push(key);
        outStarts.push(n);
      }
    }
    this.#keys = outKeys;
    this.#starts = Int32Array.from(outStarts);
    this.#postings = outPostings.slice(0, n);
    this.#deltaKeys = [];
    this.#deltaEntries = [];
    this.#deltaOrder = new Int32Array(0);
  }
}
