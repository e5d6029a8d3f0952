import { CandidateSet } from './candidate-set.js';
import { allowsTypo, tableOf, TierRank } from './key-kinds.js';
import { entryOf, KeyTable } from './key-table.js';
import { personKeys } from './person-keys.js';
import { PhoneScanner } from './phone-scan.js';
import { parseQuery } from './query-parser.js';
import { PrefixViews, VIEW_MIN_POSTINGS } from './prefix-view.js';
import { SearchRun } from './search-run.js';
import { SlotStore } from './slot-store.js';
import { clampLimit, type SearchablePerson, type SearchHit, type SearchOptions } from './types.js';

export type { HitField, MatchTier, SearchablePerson, SearchHit, SearchOptions } from './types.js';
export { linearScanSearch } from './linear-scan.js';

/** Knobs for tests, which need merges and views to happen in a small organisation. Defaults suit production. */
export interface SearchIndexTuning {
  /** Postings a prefix must match before it gets a pre-ranked view (default VIEW_MIN_POSTINGS). */
  viewMinPostings?: number;
  /** Pending entries below which deltas are never merged (default MIN_DELTA). */
  minDelta?: number;
}

/** Below this many pending entries the delta is never merged (merging costs O(all entries)). */
const MIN_DELTA = 4096;
/** Upserts merge when the delta reaches half the main run: a bulk load merges ~log₁.₅(n) times. */
const UPSERT_MERGE_RATIO = 1 / 2;
/** Searches merge earlier, keeping the sorted delta (re-merged after every change) small. */
const SEARCH_MERGE_RATIO = 1 / 16;

/**
 * The in-memory directory search index.
 *
 * Keys (name, pinyin and its initials, alternative readings, surname + role, English name, e-mail local
 * part, phone, job number) are built once per upsert and stored in three prefix-searchable tables, by the
 * best tier a key can give (see `tableOf`): prefix-capable keys, initials-like keys, fuzzy-only keys.
 * A search reads them best first and stops as soon as `limit` visible people are ranked: typos and phone
 * substrings (a 4-digit-window index) are only tried when the better tiers leave room, and broad
 * prefixes ("z", "张") are served from pre-ranked views, so typing cost follows the result count, not
 * the organisation size.
 *
 * Invariants: a person is findable immediately after `upsert` and unfindable immediately after `remove`
 * or a replacing `upsert`; results are ordered by tier, then boost, then closeness, then userid, and equal
 * `linearScanSearch` over the same people (the property test checks this).
 */
export class SearchIndex {
  readonly #slots = new SlotStore();
  /** Keys by `tableOf` their kind: prefix-capable, initials-like, fuzzy-only. */
  readonly #tables = [new KeyTable(), new KeyTable(), new KeyTable()] as const;
  readonly #phones = new PhoneScanner((slot) => this.#slots.phones(slot), () => this.#slots.alive);
  readonly #candidates = new CandidateSet();
  readonly #views: PrefixViews;
  readonly #alphabetSeen = new Set<number>();
  #alphabet = '';
  #deadEntries = 0;
  readonly #minDelta: number;

  constructor(tuning: SearchIndexTuning = {}) {
    this.#views = new PrefixViews(this.#tables[0], this.#slots, tuning.viewMinPostings ?? VIEW_MIN_POSTINGS);
    this.#minDelta = tuning.minDelta ?? MIN_DELTA;
  }

  /** Number of people in the index. */
  get size(): number {
    return this.#slots.size;
  }

  /** Inserts a person or replaces the one with the same userid. Cost: O(keys of that person), amortised. */
  upsert(person: SearchablePerson): void {
    const keys = personKeys(person);
    this.#release(person.userid);
    const phones = keys.phones.join('|');
    const slot = this.#slots.allocate(person.userid, keys.hanName, phones, keys.keys.length);
    for (let i = 0; i < keys.keys.length; i++) {
      const key = keys.keys[i] ?? '';
      const kind = keys.kinds[i] ?? 0;
      this.#tables[tableOf(kind)].add(key, entryOf(slot, kind));
      if (allowsTypo(kind)) this.#learnAlphabet(key);
    }
    if (phones !== '') this.#phones.add(slot, phones);
    this.#maybeMerge(UPSERT_MERGE_RATIO, false);
  }

  /** Removes a person; unknown userids are ignored. The person is unfindable as soon as this returns. */
  remove(userid: string): void {
    if (this.#release(userid)) this.#maybeMerge(UPSERT_MERGE_RATIO, false);
  }

  /**
   * Folds pending changes into the sorted runs now, lays userids out for fast boost callbacks and
   * pre-ranks the broad prefixes ("z", "zhang", "张"). Optional, but call it after a bulk load (e.g.
   * 100k upserts at start-up, ~0.5 s): otherwise the first search pays for the merge and the first
   * keystrokes for the views. Searches keep everything current on their own afterwards.
   */
  compact(): void {
    this.#merge();
    this.#slots.relocateUserids();
    this.#views.prebuild(this.#candidates);
  }

  /** People matching `query`, best first, at most `options.limit` (default 20, max 200). */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const parsed = parseQuery(query);
    const { prefixes } = parsed;
    if (prefixes.length === 0) return [];
    this.#maybeMerge(SEARCH_MERGE_RATIO, true);
    const [prefixTable, initialsTable, fuzzyTable] = this.#tables;
    const candidates = this.#candidates;
    // Before `begin`: building a view borrows the candidate set.
    const view = prefixes.length === 1 && prefixes[0] !== undefined ? this.#views.get(prefixes[0], candidates) : undefined;
    candidates.begin(this.#slots.alive);
    const admission = { filter: options.filter ?? null, requiredHan: parsed.requiredHan };
    const run = new SearchRun(clampLimit(options.limit), options.boost, admission, candidates, this.#slots, view);

    // Sources are read lazily, cheapest and best first; each tier is taken only once every source
    // that can produce it has been read (see tableOf), so stopping early never changes the result.
    for (const prefix of prefixes) {
      prefixTable.collect(prefix, prefix.length, 'prefix', candidates, view === undefined ? 'both' : 'delta');
      initialsTable.collect(prefix, prefix.length, 'exact', candidates);
    }
    run.foldView();
    if (run.take(TierRank.exact) || run.take(TierRank.prefix)) return run.hits;
    run.releaseView();

    for (const prefix of prefixes) initialsTable.collect(prefix, prefix.length, 'prefix', candidates);
    if (run.take(TierRank.initials)) return run.hits;

    for (const prefix of prefixes) fuzzyTable.collect(prefix, prefix.length, 'prefix', candidates);
    for (const prefix of parsed.typoPrefixes) prefixTable.collectTypos(prefix, this.#alphabet, candidates);
    if (parsed.phoneSubstring !== '') this.#phones.collect(parsed.phoneSubstring, candidates);
    run.take(TierRank.fuzzy);
    return run.hits;
  }

  #release(userid: string): boolean {
    const slot = this.#slots.slotOf(userid);
    if (slot === undefined) return false;
    this.#deadEntries += this.#slots.release(slot);
    return true;
  }

  /**
   * Folds the deltas into the main runs when they grew past `ratio` of them or dead postings pile up.
   * `relocate` also lays userids out afresh (see SlotStore.relocateUserids); bulk loads skip that.
   */
  #maybeMerge(ratio: number, relocate: boolean): void {
    let main = 0;
    let delta = 0;
    for (const table of this.#tables) {
      main += table.mainEntries;
      delta += table.deltaEntries;
    }
    const deltaTooBig = delta > Math.max(this.#minDelta, main * ratio);
    const tooManyDead = this.#deadEntries > Math.max(this.#minDelta, (main + delta) / 4);
    if (!deltaTooBig && !tooManyDead) return;
    this.#merge();
    if (relocate) this.#slots.relocateUserids();
  }

  #merge(): void {
    for (const table of this.#tables) table.merge(this.#slots.alive);
    this.#views.clear();
    // Phone postings of dead slots must go before their slots are recycled; recent ones get packed.
    if (this.#slots.released > 0 || this.#phones.recentShare > 0.25) this.#phones.rebuild(this.#slots.highWater);
    // Every table is now free of dead slots, so those slots may carry new people.
    this.#slots.recycle();
    this.#deadEntries = 0;
  }

  /** Typo variants substitute and insert only characters that occur in typo-eligible keys. */
  #learnAlphabet(key: string): void {
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      if (this.#alphabetSeen.has(code)) continue;
      this.#alphabetSeen.add(code);
      this.#alphabet += key.charAt(i);
    }
  }
}
