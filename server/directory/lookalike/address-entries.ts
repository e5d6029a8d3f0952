import type { ResembledPerson } from '../../../shared/recipients-api.js';

/**
 * The indexed addresses as parallel arrays by entry id, with no object per entry or per person:
 * at 100,000 people an object and an array per person cost more than the hash table itself.
 * A person's entries form a chain through `#next`, starting at `#first.get(userid)`.
 * Freed ids are reused, so ids stay dense.
 */
export class AddressEntries {
  /** the address as the directory spells it; undefined once freed */
  readonly #emails: Array<string | undefined> = [];
  readonly #userids: string[] = [];
  readonly #names: string[] = [];
  /** next entry of the same person, or -1 */
  readonly #next: number[] = [];
  readonly #first = new Map<string, number>();
  readonly #free: number[] = [];

  /** Adds an address for a person (the caller removed their previous ones) and returns its id. */
  add(userid: string, name: string, email: string): number {
    const id = this.#free.pop() ?? this.#emails.length;
    this.#emails[id] = email;
    this.#userids[id] = userid;
    this.#names[id] = name;
    this.#next[id] = this.#first.get(userid) ?? -1;
    this.#first.set(userid, id);
    return id;
  }

  /** Frees all of a person's entries, calling `each` before each one goes; false if none. */
  removePerson(userid: string, each: (id: number, email: string) => void): boolean {
    let id = this.#first.get(userid);
    if (id === undefined) return false;
    while (id !== undefined && id >= 0) {
      const next: number | undefined = this.#next[id];
      each(id, this.#emails[id] ?? '');
      this.#emails[id] = undefined;
      this.#userids[id] = '';
      this.#names[id] = '';
      this.#free.push(id);
      id = next;
    }
    this.#first.delete(userid);
    return true;
  }

  /** A person's name and addresses (most recently added first), or null if they have none. */
  personOf(userid: string): { name: string; emails: string[] } | null {
    let id = this.#first.get(userid);
    if (id === undefined) return null;
    const emails: string[] = [];
    const name = this.#names[id] ?? '';
    for (; id !== undefined && id >= 0; id = this.#next[id]) emails.push(this.#emails[id] ?? '');
    return { name, emails };
  }

  email(id: number): string | undefined {
    return this.#emails[id];
  }

  person(id: number): ResembledPerson {
    return { email: this.#emails[id] ?? '', name: this.#names[id] ?? '', userid: this.#userids[id] ?? '' };
  }
}
