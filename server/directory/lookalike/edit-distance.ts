import { quote } from './confusables.js';

/**
 * Whether `a` becomes `b` with at most one edit: insert, delete or substitute one character, or swap
 * two adjacent ones (optimal-string-alignment distance ≤ 1). Linear time, no allocation.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // substitution at i, or a swap of i and i+1
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  // one extra character in the longer string, at i
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * What a reader would have to change in `actual` to get `expected`, in words: the two strings minus
 * their common prefix and suffix (compared case-insensitively, shown as written).
 * E.g. ("zhangs1", "zhangsl") → "'1' instead of 'l'"; ("zhangsI", "zhangsl") → "'I' instead of 'l'".
 */
export function describeDifference(actual: string, expected: string): string {
  const a = [...actual];
  const b = [...expected];
  const same = (x: string | undefined, y: string | undefined): boolean => x !== undefined && y !== undefined && x.toLowerCase() === y.toLowerCase();
  let start = 0;
  while (start < a.length && start < b.length && same(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  const extra = a.slice(start, endA).join('');
  const missing = b.slice(start, endB).join('');
  if (missing === '') return `an extra ${quote(extra)}`;
  if (extra === '') return `a missing ${quote(missing)}`;
  if (extra.length === 2 && [...extra].reverse().join('').toLowerCase() === missing.toLowerCase()) return `${quote(extra)} instead of ${quote(missing)} (two letters swapped)`;
  return `${quote(extra)} instead of ${quote(missing)}`;
}
