import type { CandidateSet } from './candidate-set.js';
import { substringCode } from './key-kinds.js';

const GRAM = 4;
const GRAMS = 10 ** GRAM;
const SEPARATOR = '|';
const SEPARATOR_CODE = SEPARATOR.charCodeAt(0);

/**
 * Writes every 4-digit window of '|'-separated digit strings into `out`, as numbers 0..9999 (windows
 * never span a separator; repeats included), and returns how many. `out` must hold `phones.length`.
 * (A buffer rather than a callback: a rebuild makes ~2 million window visits, and this halved its time.)
 */
function gramsOf(phones: string, out: Int32Array): number {
  let gram = 0;
  let run = 0;
  let n = 0;
  for (let i = 0; i < phones.length; i++) {
    const code = phones.charCodeAt(i);
    if (code === SEPARATOR_CODE) {
      run = 0;
      continue;
    }
    gram = (gram * 10 + code - 48) % GRAMS;
    if (++run >= GRAM) out[n++] = gram;
  }
  return n;
}

/**
 * Finds phone numbers containing a digit string anywhere ("5678" → 138-1234-5678) without a key per
 * substring: every 4-digit window of every phone posts its slot (about 8 postings per mobile number);
 * a query reads the shortest posting list among its own windows and checks each slot's current phones.
 * A straight `indexOf` over all phones took 1.5 ms for 100k people; this takes µs.
 *
 * Postings live in one packed Int32Array (CSR, 4 bytes each, made by `rebuild`) plus small per-window
 * lists for slots added since. Postings are never removed one by one: a dead slot's are skipped, and
 * `rebuild` (which the index runs before recycling slots, ~65 ms per 100k people) drops them.
 */
export class PhoneScanner {
  #offsets = new Int32Array(GRAMS + 1);
  #packed = new Int32Array(0);
  // Filled up front: written sparsely, a `[]` would turn into a slow dictionary-mode array.
  #recent: number[][] = Array.from({ length: GRAMS }, (): number[] => []);
  #recentCount = 0;
  #grams = new Int32Array(64);

  constructor(
    private readonly phonesOf: (slot: number) => string | undefined,
    private readonly alive: () => Uint8Array,
  ) {}

  /** Postings added since the last rebuild, as a share of the packed ones (the index rebuilds past ¼). */
  get recentShare(): number {
    return this.#recentCount / Math.max(1, this.#packed.length);
  }

  /** Records a slot's phones ('|'-separated digit strings). */
  add(slot: number, phones: string): void {
    const grams = this.#buffer(phones.length);
    const n = gramsOf(phones, grams);
    for (let i = 0; i < n; i++) {
      const list = this.#recent[grams[i] ?? 0];
      // A window repeated within one person's phones posts once; their postings are always the latest.
      if (list === undefined || list[list.length - 1] === slot) continue;
      list.push(slot);
      this.#recentCount++;
    }
  }

  /** Forgets every posting, then posts the phones of every live slot below `slotCount`, packed. */
  rebuild(slotCount: number): void {
    const alive = this.alive();
    const offsets = new Int32Array(GRAMS + 1);
    const last = new Int32Array(GRAMS).fill(-1);
    // Methods per slot rather than long loops here: V8 optimises a function called 100k times at once,
    // a loop in a function called once per merge only by on-stack replacement.
    for (let slot = 0; slot < slotCount; slot++) if (alive[slot] === 1) this.#count(slot, offsets, last);
    for (let gram = 0; gram < GRAMS; gram++) offsets[gram + 1] = (offsets[gram + 1] ?? 0) + (offsets[gram] ?? 0);
    const cursors = offsets.slice();
    const packed = new Int32Array(offsets[GRAMS] ?? 0);
    last.fill(-1);
    for (let slot = 0; slot < slotCount; slot++) if (alive[slot] === 1) this.#fill(slot, cursors, last, packed);
    this.#offsets = offsets;
    this.#packed = packed;
    for (const list of this.#recent) list.length = 0;
    this.#recentCount = 0;
  }

  /** Rebuild, first pass: counts a slot's distinct windows into `counts[window + 1]`. */
  #count(slot: number, counts: Int32Array, last: Int32Array): void {
    const n = this.#gramsOfSlot(slot);
    const grams = this.#grams;
    for (let i = 0; i < n; i++) {
      const gram = grams[i] ?? 0;
      if (last[gram] === slot) continue;
      last[gram] = slot;
      counts[gram + 1] = (counts[gram + 1] ?? 0) + 1;
    }
  }

  /** Rebuild, second pass: writes a slot at the cursor of each of its distinct windows. */
  #fill(slot: number, cursors: Int32Array, last: Int32Array, packed: Int32Array): void {
    const n = this.#gramsOfSlot(slot);
    const grams = this.#grams;
    for (let i = 0; i < n; i++) {
      const gram = grams[i] ?? 0;
      if (last[gram] === slot) continue;
      last[gram] = slot;
      const at = cursors[gram] ?? 0;
      packed[at] = slot;
      cursors[gram] = at + 1;
    }
  }

  /** Writes the windows of a slot's phones to the shared buffer `#grams`; returns how many. */
  #gramsOfSlot(slot: number): number {
    const phones = this.phonesOf(slot) ?? '';
    return gramsOf(phones, this.#buffer(phones.length));
  }

  /** Offers every live slot with a phone containing `digits` (at least 4 of them), with the substring code. */
  collect(digits: string, into: CandidateSet): void {
    const grams = this.#buffer(digits.length);
    const n = gramsOf(digits, grams);
    let best = -1;
    let bestSize = Infinity;
    for (let i = 0; i < n; i++) {
      const gram = grams[i] ?? 0;
      const size = (this.#offsets[gram + 1] ?? 0) - (this.#offsets[gram] ?? 0) + (this.#recent[gram]?.length ?? 0);
      if (size < bestSize) [best, bestSize] = [gram, size];
    }
    if (best < 0) return;
    for (let p = this.#offsets[best] ?? 0; p < (this.#offsets[best + 1] ?? 0); p++) this.#check(this.#packed[p] ?? 0, digits, into);
    for (const slot of this.#recent[best] ?? []) this.#check(slot, digits, into);
  }

  #check(slot: number, digits: string, into: CandidateSet): void {
    if (this.alive()[slot] !== 1) return;
    for (const phone of (this.phonesOf(slot) ?? '').split(SEPARATOR)) {
      if (phone.includes(digits)) into.offer(slot, substringCode(phone.length, digits.length));
    }
  }

  #buffer(size: number): Int32Array {
    if (this.#grams.length < size) this.#grams = new Int32Array(size);
    return this.#grams;
  }
}
