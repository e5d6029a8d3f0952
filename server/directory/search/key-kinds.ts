import type { HitField, MatchTier } from './types.js';

/**
 * Every key the index stores has a kind; the kind decides the tier of a match, its base penalty, the
 * field reported and whether one-edit typos may match it. Kinds fit in 6 bits (see `packCode`).
 */
export const Kind = {
  NAME_HAN: 0,
  NAME_LATIN: 1,
  PINYIN: 2,
  INITIALS: 3,
  ENGLISH: 4,
  EMAIL: 5,
  PHONE: 6,
  JOB_NUMBER: 7,
  NAME_LATIN_WORD: 8,
  ENGLISH_WORD: 9,
  EMAIL_WORD: 10,
  TITLE_HAN: 11,
  TITLE_PINYIN: 12,
  TITLE_INITIALS: 13,
  ALT_PINYIN: 14,
  ALT_INITIALS: 15,
  GIVEN_HAN: 16,
  GIVEN_PINYIN: 17,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Tier ranks as stored in codes: smaller is better. */
export const TierRank = { exact: 0, prefix: 1, initials: 2, fuzzy: 3 } as const;
export type TierRank = (typeof TierRank)[keyof typeof TierRank];
export const TIER_BY_RANK: readonly MatchTier[] = ['exact', 'prefix', 'initials', 'fuzzy'];

interface KindSpec {
  /** tier when the query equals the key */
  exact: TierRank;
  /** tier when the query is a proper prefix of the key */
  prefix: TierRank;
  /** added to the length difference; orders kinds within a tier (later words after whole keys …) */
  base: number;
  field: HitField;
  /** one-edit typos of the query may match this kind (Latin spellings only) */
  typo: boolean;
}

const { exact: E, prefix: P, initials: I, fuzzy: F } = TierRank;
const spec = (exact: TierRank, prefix: TierRank, base: number, field: HitField, typo = false): KindSpec => ({ exact, prefix, base, field, typo });

const SPECS: readonly KindSpec[] = [
  spec(E, P, 0, 'name'), // NAME_HAN 张伟
  spec(E, P, 0, 'name', true), // NAME_LATIN johnsmith
  spec(E, P, 0, 'pinyin', true), // PINYIN zhangwei
  spec(E, I, 0, 'initials'), // INITIALS zw: a proper prefix of initials is an 'initials' hit
  spec(E, P, 0, 'englishName', true), // ENGLISH peterchan
  spec(E, P, 0, 'email', true), // EMAIL local part
  spec(E, P, 0, 'phone'), // PHONE digits
  spec(E, P, 0, 'jobNumber'), // JOB_NUMBER
  spec(P, P, 1, 'name', true), // NAME_LATIN_WORD smith
  spec(P, P, 1, 'englishName', true), // ENGLISH_WORD chan
  spec(P, P, 1, 'email', true), // EMAIL_WORD chan (peter.chan)
  spec(I, I, 0, 'title'), // TITLE_HAN 张经理
  spec(I, I, 0, 'title'), // TITLE_PINYIN zhangjingli
  spec(I, I, 0, 'title'), // TITLE_INITIALS zjl
  spec(F, F, 0, 'pinyin'), // ALT_PINYIN cengwei (曾 read ceng)
  spec(F, F, 1, 'initials'), // ALT_INITIALS cw
  spec(F, F, 2, 'name'), // GIVEN_HAN 伟
  spec(F, F, 2, 'pinyin'), // GIVEN_PINYIN wei
];

export const KIND_COUNT = SPECS.length;

function kindSpec(kind: number): KindSpec {
  const s = SPECS[kind];
  if (s === undefined) throw new RangeError(`unknown key kind ${kind}`);
  return s;
}

/**
 * Which table of the index holds a kind, by the best tier a proper-prefix match can give:
 * 0 = prefix (names, pinyin, e-mail …), 1 = initials (initials, surname + role), 2 = fuzzy only.
 * A search reads table 0 (and exact keys of table 1) first, the others only when hits are still missing.
 */
export function tableOf(kind: number): 0 | 1 | 2 {
  const s = kindSpec(kind);
  return s.prefix === F ? 2 : s.prefix === I ? 1 : 0;
}

/**
 * True when a key of kind `a` gives at least as good a match as the same key of kind `b` for every
 * query: tiers and base no worse, typos accepted whenever `b` accepts them, and `a` wins the tie-break.
 * The index then stores only `a` (a person's e-mail "zhangwei" adds nothing to pinyin "zhangwei").
 */
export function dominates(a: number, b: number): boolean {
  const x = kindSpec(a);
  const y = kindSpec(b);
  return a < b && x.exact <= y.exact && x.prefix <= y.prefix && x.base <= y.base && (x.typo || !y.typo);
}

export function allowsTypo(kind: number): boolean {
  return kindSpec(kind).typo;
}

export function fieldOf(kind: number): HitField {
  return kindSpec(kind).field;
}

/** Penalties for the two fuzzy matches that are not "the query is a prefix of a key". */
export const TYPO_BASE = 4;
export const PHONE_SUBSTRING_BASE = 3;
const MAX_PENALTY = (1 << 18) - 1;

/**
 * A match packed into one small integer, so the best match per person is a plain `min`:
 * tier (2 bits) · penalty (18 bits) · kind (6 bits). Smaller is better; the kind only breaks ties
 * between two keys of the same person (it decides the reported field), never between people.
 */
export function packCode(tier: TierRank, penalty: number, kind: number): number {
  return (tier << 24) | (Math.min(penalty, MAX_PENALTY) << 6) | kind;
}

// Flat copies of SPECS for the hot loop (one typed-array read instead of an object walk per entry).
const EXACT_TIER = Uint8Array.from(SPECS, (s) => s.exact);
const PREFIX_TIER = Uint8Array.from(SPECS, (s) => s.prefix);
const BASE = Uint8Array.from(SPECS, (s) => s.base);

/** The code of a key that starts with the query (equal or proper prefix). `kind` must be a Kind. */
export function prefixCode(kind: number, keyLength: number, queryLength: number): number {
  const tier = keyLength === queryLength ? EXACT_TIER[kind] : PREFIX_TIER[kind];
  return packCode((tier ?? F) as TierRank, (BASE[kind] ?? 0) + keyLength - queryLength, kind);
}

/** The code of a key one of whose prefixes is one edit away from the query. */
export function typoCode(kind: number, keyLength: number, queryLength: number): number {
  return packCode(F, TYPO_BASE + Math.abs(keyLength - queryLength), kind);
}

/** The code of a phone number that contains the query digits (not at its start). */
export function substringCode(phoneLength: number, queryLength: number): number {
  return packCode(F, PHONE_SUBSTRING_BASE + phoneLength - queryLength, Kind.PHONE);
}

export const codeTier = (code: number): TierRank => (code >>> 24) as TierRank;
export const codePenalty = (code: number): number => (code >>> 6) & MAX_PENALTY;
export const codeKind = (code: number): number => code & 63;
/** Tier and penalty without the kind: what orders people. */
export const codeOrder = (code: number): number => code >>> 6;
