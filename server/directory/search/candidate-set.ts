/**
 * Scratch space for one search: the best match code per person slot, without allocating per search
 * (an epoch counter marks which slots belong to the current search). Dead slots are ignored.
 */
export class CandidateSet {
  #mark = new Uint32Array(0);
  #best = new Int32Array(0);
  #alive: Uint8Array = new Uint8Array(0);
  #epoch = 0;
  /** Slots offered in the current search, in first-offer order. */
  readonly slots: number[] = [];

  /** Starts a search over `alive` (indexed by slot; 0 = dead). */
  begin(alive: Uint8Array): void {
    if (this.#mark.length < alive.length) {
      const mark = new Uint32Array(alive.length);
      mark.set(this.#mark);
      this.#mark = mark;
      this.#best = new Int32Array(alive.length);
    }
    if (this.#epoch >= 0xfffffff0) {
      this.#mark.fill(0);
      this.#epoch = 0;
    }
    this.#alive = alive;
    this.#epoch++;
    this.slots.length = 0;
  }

  offer(slot: number, code: number): void {
    if (this.#alive[slot] !== 1) return;
    const mark = this.#mark[slot];
    if (mark === this.#epoch) {
      if (code < (this.#best[slot] ?? code)) this.#best[slot] = code;
    } else {
      this.#mark[slot] = this.#epoch;
      this.#best[slot] = code;
      this.slots.push(slot);
    }
  }

  /** True when `slot` was offered in the current search. */
  has(slot: number): boolean {
    return this.#mark[slot] === this.#epoch;
  }

  /** The best code offered for `slot` in the current search (only meaningful for slots in `slots`). */
  codeOf(slot: number): number {
    return this.#best[slot] ?? 0;
  }
}
