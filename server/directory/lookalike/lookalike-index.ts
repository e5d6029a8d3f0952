import type { RecipientWarning } from '../../../shared/recipients-api.js';
import { AddressEntries } from './address-entries.js';
import { exactKey, skeletonKey, someOneEditKey } from './address-hash.js';
import { parseAddress, type ParsedAddress } from './address.js';
import { skeleton } from './confusables.js';
import { domainRelation } from './domain-resemblance.js';
import { describeDifference, withinOneEdit } from './edit-distance.js';
import { HashMultimap } from './hash-multimap.js';

export interface LookalikeCheckOptions {
  /** the organisation's own mail domains (e.g. dingdemo.example.com) */
  internalDomains: readonly string[];
  /**
   * Visibility of directory people to the asking viewer: a person it refuses (or whose e-mail is
   * masked for the viewer) is never offered as the address a recipient resembles.
   */
  canSee?: (userid: string) => boolean;
}

/** A directory address near a query: its entry, and whether it is the very same address. */
interface Near {
  id: number;
  exact: boolean;
  entry: ParsedAddress;
}

/**
 * The directory's e-mail addresses, indexed to answer "does this recipient look like a colleague's
 * address without being one?" (safety on send). Kept current incrementally from the directory.
 *
 * Each address puts two keys into one compact hash table: the address itself and its local part's
 * confusable skeleton at the same domain. "One edit away" is found by probing the hashes of the
 * query's one-edit variants (address-hash.ts), so a check costs O(|local part| × |alphabet|) probes
 * per recipient whatever the directory's size, and recipients at domains the directory does not use
 * cost none. Hash hits are verified against the real address, so collisions never produce warnings.
 */
export class LookalikeIndex {
  readonly #table = new HashMultimap();
  readonly #entries = new AddressEntries();
  /** directory addresses per normalised domain */
  readonly #domains = new Map<string, number>();
  /** occurrences of each UTF-16 unit in directory local parts: the alphabet edits are drawn from */
  readonly #chars = new Map<number, number>();
  #alphabet: number[] | null = null;
  /** longest local part ever indexed: a query longer by two or more cannot be one edit away */
  #maxLocal = 0;
  #version = 0;

  /** Builds an index from people's addresses (null/empty addresses are skipped). */
  static from(people: Iterable<{ userid: string; name: string; addresses: ReadonlyArray<string | null | undefined> }>): LookalikeIndex {
    const index = new LookalikeIndex();
    for (const person of people) index.upsert(person.userid, person.name, person.addresses);
    return index;
  }

  /** Number of indexed addresses (each puts exactly two keys in the table). */
  get size(): number {
    return this.#table.size / 2;
  }

  /** Increases on every change; lets callers cache values derived from the index. */
  get version(): number {
    return this.#version;
  }

  /** How many directory addresses use each (normalised) domain. */
  domainCounts(): ReadonlyMap<string, number> {
    return this.#domains;
  }

  /** Sets a person's name and addresses, replacing what the index had for them. */
  upsert(userid: string, name: string, addresses: ReadonlyArray<string | null | undefined>): void {
    const parsed = new Map<string, ParsedAddress>();
    for (const email of addresses) {
      const address = email == null ? null : parseAddress(email);
      if (address !== null && !parsed.has(address.key)) parsed.set(address.key, address);
    }
    const texts = [...parsed.values()].map((address) => address.text).reverse();
    const previous = this.#entries.personOf(userid);
    if (previous !== null && previous.name === name && previous.emails.join('\n') === texts.join('\n')) return;
    this.remove(userid);
    for (const address of parsed.values()) this.#add(userid, name, address);
    if (parsed.size > 0) this.#version++;
  }

  /** Forgets a person; false if they were not indexed. */
  remove(userid: string): boolean {
    const removed = this.#entries.removePerson(userid, (id, email) => {
      const entry = parseAddress(email);
      if (entry !== null) this.#forget(id, entry);
    });
    if (removed) this.#version++;
    return removed;
  }

  /**
   * Warnings for the recipients that look like a directory address without being one, in input
   * order, one per distinct address. Exact directory addresses and addresses unrelated to the
   * directory never warn; malformed input is ignored.
   */
  check(addresses: readonly string[], options: LookalikeCheckOptions): RecipientWarning[] {
    const internal = [...new Set(options.internalDomains.flatMap((d) => parseAddress(`x@${d}`)?.domain ?? []))];
    const seen = new Set<string>();
    const warnings: RecipientWarning[] = [];
    for (const raw of addresses) {
      const parsed = parseAddress(raw);
      if (parsed === null || seen.has(parsed.key)) continue;
      seen.add(parsed.key);
      const warning = this.#checkOne(raw.trim(), parsed, internal, options.canSee ?? everyone);
      if (warning !== null) warnings.push(warning);
    }
    return warnings;
  }

  #checkOne(address: string, query: ParsedAddress, internal: readonly string[], canSee: (userid: string) => boolean): RecipientWarning | null {
    const { domain } = query;
    // A domain the directory uses: only its own addresses can be meant.
    if (this.#domains.has(domain)) {
      const near = this.#findNear(query, domain, canSee);
      if (near === null || near.exact) return null;
      const { email } = this.#entries.person(near.id);
      return { address, reason: 'lookalike', resembles: this.#entries.person(near.id), detail: `differs from ${email} only by ${describeDifference(query.rawLocal, near.entry.rawLocal)}` };
    }
    if (internal.includes(domain)) return null;
    const relations = internal.map((own) => ({ own, relation: domainRelation(domain, own) }));
    for (const { own, relation } of relations) {
      if (relation !== 'one-off') continue;
      const near = this.#findNear(query, own, canSee);
      const person = near === null ? null : this.#entries.person(near.id);
      return {
        address,
        reason: 'domain-lookalike',
        resembles: person,
        resemblesDomain: own,
        detail: `the domain ${domain} differs from ${own} only by ${describeDifference(domain, own)}${person === null ? '' : `, so it looks like ${person.email} (${person.name})`}`,
      };
    }
    for (const { own, relation } of relations) {
      if (relation !== 'lookalike') continue;
      const near = this.#findNear(query, own, canSee);
      if (near === null) continue;
      const person = this.#entries.person(near.id);
      const how = near.exact ? 'is' : `differs by ${describeDifference(query.rawLocal, near.entry.rawLocal)} from`;
      return {
        address,
        reason: 'external-lookalike',
        resembles: person,
        resemblesDomain: own,
        detail: `external domain ${domain} resembles ${own}, and ${query.local} ${how} the local part of ${person.email} (${person.name})`,
      };
    }
    return null;
  }

  /**
   * The directory address at `domain` (the query's own or one of ours) with the query's local part,
   * else one whose local part has the same skeleton, else one within one edit; null if none.
   */
  #findNear({ local, rawLocal }: ParsedAddress, domain: string, canSee: (userid: string) => boolean): Near | null {
    let found: Near | null = null;
    const accept = (id: number, exact: boolean, test: (entry: ParsedAddress) => boolean): boolean => {
      const entry = this.#parsed(id);
      if (entry?.domain !== domain || !test(entry) || !canSee(this.#entries.person(id).userid)) return false;
      found = { id, exact, entry };
      return true;
    };
    if (this.#table.some(exactKey(local, domain), (id) => accept(id, true, (entry) => entry.local === local))) return found;

    const folded = skeleton(rawLocal);
    if (this.#table.some(skeletonKey(folded, domain), (id) => accept(id, false, (entry) => skeleton(entry.rawLocal) === folded))) return found;

    if (local.length > this.#maxLocal + 1) return null;
    const oneEdit = (id: number): boolean => accept(id, false, (entry) => withinOneEdit(local, entry.local));
    someOneEditKey(local, domain, this.#alphabetNow(), (variant) => this.#table.some(variant, oneEdit));
    return found;
  }

  #add(userid: string, name: string, { text, local, rawLocal, domain }: ParsedAddress): void {
    const id = this.#entries.add(userid, name, text);
    this.#table.add(exactKey(local, domain), id);
    this.#table.add(skeletonKey(skeleton(rawLocal), domain), id);
    this.#domains.set(domain, (this.#domains.get(domain) ?? 0) + 1);
    for (let i = 0; i < local.length; i++) this.#countChar(local.charCodeAt(i), 1);
    this.#maxLocal = Math.max(this.#maxLocal, local.length);
  }

  #forget(id: number, { local, rawLocal, domain }: ParsedAddress): void {
    this.#table.delete(exactKey(local, domain), id);
    this.#table.delete(skeletonKey(skeleton(rawLocal), domain), id);
    const count = (this.#domains.get(domain) ?? 1) - 1;
    if (count === 0) this.#domains.delete(domain);
    else this.#domains.set(domain, count);
    for (let i = 0; i < local.length; i++) this.#countChar(local.charCodeAt(i), -1);
  }

  #countChar(code: number, delta: 1 | -1): void {
    const count = (this.#chars.get(code) ?? 0) + delta;
    if (count <= 0) this.#chars.delete(code);
    else this.#chars.set(code, count);
    if (count <= 0 || (delta === 1 && count === 1)) this.#alphabet = null;
  }

  #alphabetNow(): number[] {
    this.#alphabet ??= [...this.#chars.keys()].sort((a, b) => a - b);
    return this.#alphabet;
  }

  /**
   * An entry's address, parsed again on demand: only hash hits are verified, so re-parsing costs
   * less than keeping a normalised copy of every address in memory.
   */
  #parsed(id: number): ParsedAddress | null {
    const email = this.#entries.email(id);
    return email === undefined ? null : parseAddress(email);
  }
}

function everyone(): boolean {
  return true;
}
