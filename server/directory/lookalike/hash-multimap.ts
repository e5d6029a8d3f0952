/**
 * A compact multimap from 32-bit hashes to small non-negative integer ids: open addressing with
 * linear probing over one Int32Array of (hash, value) pairs — 8 bytes a slot, and a probe touches one
 * cache line — so 100,000 people's keys cost a few MB instead of the tens of MB a Map of strings
 * would. Keys are hashes, not values: a lookup yields every id stored under the hash and the caller
 * verifies the real value (collisions are expected and harmless).
 *
 * Invariant: slot value 0 = empty (ends a probe run), -1 = deleted (skipped, reusable), n > 0 = id n-1.
 */
export class HashMultimap {
  /** slot i: [2i] = hash, [2i + 1] = value */
  #slots: Int32Array;
  #mask: number;
  #live = 0;
  /** live + deleted slots: what lengthens probe runs */
  #occupied = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.#slots = new Int32Array(capacity * 2);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#live;
  }

  add(hash: number, id: number): void {
    // Load ≤ 1/2 keeps a miss (the common lookup) to ~2.5 probes on average.
    if ((this.#occupied + 1) * 2 > this.#mask + 1) this.#rehash();
    const slots = this.#slots;
    let slot = hash & this.#mask;
    while (slots[2 * slot + 1]! > 0) slot = (slot + 1) & this.#mask;
    if (slots[2 * slot + 1] === 0) this.#occupied++;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id + 1;
    this.#live++;
  }

  /** Removes one (hash, id) pair; false if it was not stored. */
  delete(hash: number, id: number): boolean {
    const slots = this.#slots;
    for (let slot = hash & this.#mask; slots[2 * slot + 1] !== 0; slot = (slot + 1) & this.#mask) {
      if (slots[2 * slot] === hash && slots[2 * slot + 1] === id + 1) {
        slots[2 * slot + 1] = -1;
        this.#live--;
        return true;
      }
    }
    return false;
  }

  /** Calls `visit` with each id stored under `hash` until it returns true; returns whether one did. */
  some(hash: number, visit: (id: number) => boolean): boolean {
    const slots = this.#slots;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const value = slots[2 * slot + 1]!;
      if (value === 0) return false;
      if (value > 0 && slots[2 * slot] === hash && visit(value - 1)) return true;
    }
  }

  #rehash(): void {
    const old = this.#slots;
    // Size from the live count so deleted slots are dropped; grow only when really fuller.
    const capacity = Math.max(this.#mask + 1, 2 ** Math.ceil(Math.log2((this.#live + 1) * 4)));
    this.#slots = new Int32Array(capacity * 2);
    this.#mask = capacity - 1;
    this.#live = 0;
    this.#occupied = 0;
    for (let slot = 0; slot < old.length; slot += 2) {
      const value = old[slot + 1]!;
      if (value > 0) this.add(old[slot]!, value - 1);
    }
  }
}
