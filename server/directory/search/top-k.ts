import { hitOf } from './rank.js';
import type { SlotStore } from './slot-store.js';
import type { SearchHit } from './types.js';
import { containsInOrder } from './query-parser.js';

/** Who may be returned: the caller's visibility filter and a mixed query's required Han characters. */
export interface Admission {
  filter: ((userid: string) => boolean) | null;
  requiredHan: string;
}

/**
 * Keeps the best `k` admitted candidates of a stream, best = higher score, then smaller userid.
 * Admission (visibility, mixed-query check) is checked only for candidates good enough to enter, so a
 * broad query costs one comparison per candidate, not one filter call. Heap of indices, worst at root.
 * (Collaborators are plain objects rather than per-search closures: V8 deoptimised the hot loop each
 * time a fresh closure reached it.)
 */
export class TopK {
  readonly #slots: number[] = [];
  readonly #scores: number[] = [];
  readonly #codes: number[] = [];
  readonly #ids: string[] = [];

  constructor(
    private readonly k: number,
    private readonly store: SlotStore,
    private readonly admission: Admission,
  ) {}

  #admit(slot: number, userid: string): boolean {
    const { filter, requiredHan } = this.admission;
    return (requiredHan === '' || containsInOrder(this.store.hanName(slot), requiredHan)) && (filter === null || filter(userid));
  }

  get full(): boolean {
    return this.#slots.length === this.k;
  }

  /** The score of the worst kept candidate (meaningful once `full`). */
  get worstScore(): number {
    return this.#scores[0] ?? 0;
  }

  /** Considers a candidate; returns false when it ranked too low to enter. */
  offer(slot: number, score: number, code: number): boolean {
    const n = this.#slots.length;
    const userid = this.store.userid(slot);
    if (n === this.k) {
      const rootScore = this.#scores[0] ?? 0;
      if (score < rootScore || (score === rootScore && userid >= (this.#ids[0] ?? ''))) return false;
      if (!this.#admit(slot, userid)) return true;
      this.#set(0, slot, score, code, userid);
      this.#siftDown(0);
      return true;
    }
    if (!this.#admit(slot, userid)) return true;
    this.#set(n, slot, score, code, userid);
    this.#siftUp(n);
    return true;
  }

  #set(at: number, slot: number, score: number, code: number, userid: string): void {
    this.#slots[at] = slot;
    this.#scores[at] = score;
    this.#codes[at] = code;
    this.#ids[at] = userid;
  }

  /** Appends the kept candidates to `hits`, best first. */
  drainInto(hits: SearchHit[]): void {
    const order: number[] = [];
    for (let i = 0; i < this.#slots.length; i++) order.push(i);
    order.sort((a, b) => (this.#worse(a, b) ? 1 : this.#worse(b, a) ? -1 : 0));
    for (let i = 0; i < order.length; i++) {
      const at = order[i] ?? 0;
      hits.push(hitOf(this.#ids[at] ?? '', this.#codes[at] ?? 0, this.#scores[at] ?? 0));
    }
  }

  /** True when i ranks below j (so it belongs nearer the root). */
  #worse(i: number, j: number): boolean {
    const si = this.#scores[i] ?? 0;
    const sj = this.#scores[j] ?? 0;
    return si < sj || (si === sj && (this.#ids[i] ?? '') > (this.#ids[j] ?? ''));
  }

  #swap(i: number, j: number): void {
    const slots = this.#slots;
    const scores = this.#scores;
    const codes = this.#codes;
    const ids = this.#ids;
    [slots[i], slots[j]] = [slots[j] ?? 0, slots[i] ?? 0];
    [scores[i], scores[j]] = [scores[j] ?? 0, scores[i] ?? 0];
    [codes[i], codes[j]] = [codes[j] ?? 0, codes[i] ?? 0];
    [ids[i], ids[j]] = [ids[j] ?? '', ids[i] ?? ''];
  }

  #siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#worse(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(i: number): void {
    const n = this.#slots.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < n && this.#worse(left, worst)) worst = left;
      if (right < n && this.#worse(right, worst)) worst = right;
      if (worst === i) return;
      this.#swap(i, worst);
      i = worst;
    }
  }
}
