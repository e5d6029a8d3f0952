/**
 * Per-person data of the index, addressed by slot number. A person gets a fresh slot on every upsert;
 * the old slot dies at once (so stale postings stop matching immediately) but is only recycled after
 * `recycle()`, which the index calls once every posting naming it has been purged by a merge.
 */
export class SlotStore {
  /** 1 = live; postings of other slots are ignored */
  alive = new Uint8Array(1024);
  readonly #userid: (string | undefined)[] = [];
  readonly #hanName: (string | undefined)[] = [];
  readonly #phones: (string | undefined)[] = [];
  #entries = new Uint16Array(1024);
  readonly #byUser = new Map<string, number>();
  readonly #free: number[] = [];
  #limbo: number[] = [];
  #next = 0;

  get size(): number {
    return this.#byUser.size;
  }

  /** Slots released since the last `recycle()`. */
  get released(): number {
    return this.#limbo.length;
  }

  /** One past the highest slot ever allocated. */
  get highWater(): number {
    return this.#next;
  }

  slotOf(userid: string): number | undefined {
    return this.#byUser.get(userid);
  }

  /** Claims a slot for a person; the caller has released any previous slot of the same userid. */
  allocate(userid: string, hanName: string | undefined, phones: string, entries: number): number {
    const slot = this.#free.pop() ?? this.#next++;
    if (slot >= this.alive.length) this.#grow(slot + 1);
    this.alive[slot] = 1;
    this.#userid[slot] = userid;
    this.#hanName[slot] = hanName;
    this.#phones[slot] = phones === '' ? undefined : phones;
    this.#entries[slot] = Math.min(entries, 0xffff);
    this.#byUser.set(userid, slot);
    return slot;
  }

  /** Kills a slot; returns how many postings now point at a dead slot. */
  release(slot: number): number {
    const userid = this.#userid[slot];
    if (userid !== undefined && this.#byUser.get(userid) === slot) this.#byUser.delete(userid);
    this.alive[slot] = 0;
    this.#userid[slot] = undefined;
    this.#hanName[slot] = undefined;
    this.#phones[slot] = undefined;
    this.#limbo.push(slot);
    return this.#entries[slot] ?? 0;
  }

  /**
   * Replaces every userid with a fresh copy, allocated in slot order. A boost callback reads one userid
   * per matching person; copies laid out in slot order made 16k such reads 4× cheaper than the caller's
   * strings, scattered across the heap among their person records. Costs ~4 MB and ~30 ms per 100k.
   */
  relocateUserids(): void {
    for (let slot = 0; slot < this.#next; slot++) {
      const userid = this.#userid[slot];
      if (userid !== undefined) this.#userid[slot] = Buffer.from(userid, 'utf8').toString('utf8');
    }
  }

  /** Makes released slots reusable. Only call when no posting names them any more. */
  recycle(): void {
    for (const slot of this.#limbo) this.#free.push(slot);
    this.#limbo = [];
  }

  userid(slot: number): string {
    return this.#userid[slot] ?? '';
  }

  hanName(slot: number): string | undefined {
    return this.#hanName[slot];
  }

  /** The slot's phone numbers joined with '|', or undefined. */
  phones(slot: number): string | undefined {
    return this.#phones[slot];
  }

  #grow(min: number): void {
    let capacity = this.alive.length;
    while (capacity < min) capacity *= 2;
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.alive = alive;
    const entries = new Uint16Array(capacity);
    entries.set(this.#entries);
    this.#entries = entries;
  }
}
