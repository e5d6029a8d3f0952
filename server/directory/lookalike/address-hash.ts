/**
 * Polynomial string hashing mod 2^32 (h = h·B + c per UTF-16 unit), chosen because it composes:
 * the hash of every one-edit variant of an address is computed in O(1) from prefix and suffix hashes,
 * without building the variant string. That lets the index find "one edit away" by probing the
 * variants of the *query* against the hashes of the directory's exact addresses — one stored key
 * per address instead of a deletion neighbourhood per address (≈ 10× the memory at 100,000 people).
 */

const BASE = 0x01000193; // the FNV prime: odd, so multiplication by it is a bijection mod 2^32
const POWERS: number[] = [1];

/** Seeds that keep the exact-address and skeleton keys of one table apart. */
const EXACT_SEED = 0x2545f491;
const SKELETON_SEED = 0x6b43a9b5;

function power(exponent: number): number {
  while (POWERS.length <= exponent) POWERS.push(Math.imul(POWERS[POWERS.length - 1]!, BASE));
  return POWERS[exponent]!;
}

/** Hash of `text` continued from `seed` (the seed acts as an invisible first character). */
export function hashFrom(seed: number, text: string): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * Final avalanche (MurmurHash3 fmix32) applied to every key before it enters or probes the table:
 * the polynomial hash of near-identical strings differs only in low-entropy ways, which would cluster
 * linear probing.
 */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The table key of the address `local@domain` (both normalised). */
export function exactKey(local: string, domain: string): number {
  return mix(hashFrom(EXACT_SEED, `${local}@${domain}`));
}

/** The table key of a local part's skeleton at a domain. */
export function skeletonKey(foldedLocal: string, domain: string): number {
  return mix(hashFrom(SKELETON_SEED, `${foldedLocal}@${domain}`));
}

/**
 * Calls `visit(key)` with the exact-address key of every string one edit away from `local@domain`
 * where the edit is in the local part: each deletion and adjacent swap, and each substitution or
 * insertion of a character from `alphabet` (the characters that occur in directory local parts — a
 * directory address can only differ from the query by characters it contains). Stops when `visit`
 * returns true. Costs O(|local| · |alphabet|) multiply-adds and no allocation besides two arrays.
 */
export function someOneEditKey(local: string, domain: string, alphabet: readonly number[], visit: (key: number) => boolean): boolean {
  const n = local.length;
  const tail = `@${domain}`;
  const tailPower = power(tail.length);
  const tailHash = hashFrom(0, tail);
  const finish = (localHash: number): number => mix((Math.imul(localHash, tailPower) + tailHash) | 0);
  // prefix[i] = hash of seed + local[0, i); suffix[i] = hash of local[i, n) with no seed
  const prefix = new Int32Array(n + 1);
  const suffix = new Int32Array(n + 2);
  prefix[0] = EXACT_SEED;
  for (let i = 0; i < n; i++) prefix[i + 1] = (Math.imul(prefix[i]!, BASE) + local.charCodeAt(i)) | 0;
  for (let i = n - 1; i >= 0; i--) suffix[i] = (Math.imul(local.charCodeAt(i), power(n - 1 - i)) + suffix[i + 1]!) | 0;
  power(n + 1);

  for (let i = 0; i < n; i++) {
    const code = local.charCodeAt(i);
    const rest = suffix[i + 1]!;
    const restPower = POWERS[n - 1 - i]!;
    // deletion of local[i] (skip the second of a doubled letter: same string)
    if (i === 0 || local.charCodeAt(i - 1) !== code) {
      if (visit(finish((Math.imul(prefix[i]!, restPower) + rest) | 0))) return true;
    }
    // swap of local[i] and local[i+1]
    if (i + 1 < n && local.charCodeAt(i + 1) !== code) {
      const swapped = (Math.imul((Math.imul(prefix[i]!, BASE) + local.charCodeAt(i + 1)) | 0, BASE) + code) | 0;
      if (visit(finish((Math.imul(swapped, POWERS[n - 2 - i]!) + suffix[i + 2]!) | 0))) return true;
    }
    // substitution of local[i]
    const head = Math.imul(prefix[i]!, BASE);
    for (const replacement of alphabet) {
      if (replacement === code) continue;
      if (visit(finish((Math.imul((head + replacement) | 0, restPower) + rest) | 0))) return true;
    }
  }
  // insertion before local[i], i = 0..n
  for (let i = 0; i <= n; i++) {
    const head = Math.imul(prefix[i]!, BASE);
    const restPower = POWERS[n - i]!;
    const rest = suffix[i]!;
    for (const inserted of alphabet) {
      if (visit(finish((Math.imul((head + inserted) | 0, restPower) + rest) | 0))) return true;
    }
  }
  return false;
}
