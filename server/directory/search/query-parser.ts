import { isHan, normalizeText } from './chinese-normalize.js';
import { phoneDigits } from './person-keys.js';
import { charReadings } from './pinyin-keys.js';
import { typoEligible } from './typo.js';

/**
 * A query in the form the index and the linear scan both evaluate. Invariant: a person matches when
 * one of their keys starts with one of `prefixes` (and, for a mixed query, their name contains
 * `requiredHan` in order), or by the typo / phone-substring rules when those are switched on.
 */
export interface ParsedQuery {
  /** Key prefixes to look up; empty for an empty query. */
  prefixes: string[];
  /** Mixed queries ("张s") only: the Han characters the name must contain, in order. */
  requiredHan: string;
  /** Prefixes (a subset of `prefixes`) for which one-edit typos are tried. */
  typoPrefixes: string[];
  /** Digits searched anywhere inside phone numbers (phone-like queries of ≥ 4 digits). */
  phoneSubstring: string;
}

export const MIN_PHONE_SUBSTRING = 4;
/** Bound on the pinyin spellings of a mixed query (each Han character may have several readings). */
export const MAX_MIXED_SPELLINGS = 16;

const EMPTY: ParsedQuery = { prefixes: [], requiredHan: '', typoPrefixes: [], phoneSubstring: '' };
const PHONE_LIKE = /^\+?[\d\s\-().]+$/u;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** "张s" → zhangs; "曾x" → zengx, cengx. Latin characters are kept as typed. */
function mixedSpellings(query: string): string[] {
  let spellings = [''];
  for (const ch of query) {
    const readings = isHan(ch) ? charReadings(ch) : [ch];
    const next: string[] = [];
    for (const head of spellings) {
      for (const r of readings) if (next.length < MAX_MIXED_SPELLINGS) next.push(head + r);
    }
    spellings = next;
  }
  return spellings;
}

/**
 * Parses a raw query: trims, normalises (NFKC, traditional → simplified, lower case, no whitespace)
 * and decides which matching rules apply.
 */
export function parseQuery(raw: string): ParsedQuery {
  const trimmed = raw.trim();
  if (trimmed === '') return EMPTY;

  if (PHONE_LIKE.test(trimmed)) {
    const digits = phoneDigits(trimmed) || trimmed.replace(/\D+/gu, '');
    if (digits === '') return EMPTY;
    return { prefixes: [digits], requiredHan: '', typoPrefixes: [], phoneSubstring: digits.length >= MIN_PHONE_SUBSTRING ? digits : '' };
  }

  let query = normalizeText(trimmed);
  const chars = [...query];
  const han = chars.filter(isHan);
  if (han.length === chars.length) return { prefixes: [query], requiredHan: '', typoPrefixes: [], phoneSubstring: '' };
  if (han.length > 0) {
    return { prefixes: mixedSpellings(query.replace(NOT_ALNUM, '')), requiredHan: han.join(''), typoPrefixes: [], phoneSubstring: '' };
  }

  // A pasted address searches by its local part, as e-mail keys hold only that.
  const at = query.indexOf('@');
  if (at > 0) query = query.slice(0, at);
  const prefixes = [...new Set([query, query.replace(NOT_ALNUM, '')])].filter((p) => p !== '');
  return { prefixes, requiredHan: '', typoPrefixes: prefixes.filter(typoEligible), phoneSubstring: '' };
}

/** Mixed-query check: does `hanName` contain the characters of `required` in order ("张s" needs 张)? */
export function containsInOrder(hanName: string | undefined, required: string): boolean {
  if (required === '') return true;
  if (hanName === undefined) return false;
  let from = 0;
  for (const ch of required) {
    const at = hanName.indexOf(ch, from);
    if (at < 0) return false;
    from = at + ch.length;
  }
  return true;
}
