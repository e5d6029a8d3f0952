/**
 * One-edit typo matching ("zhnagwei" → zhangwei, "pter" → peter). An edit is a deletion, insertion,
 * substitution or swap of two adjacent characters (optimal string alignment distance 1), counted in
 * UTF-16 code units. A key matches when one of its prefixes (or the whole key) is one edit away from the
 * query. Queries shorter than MIN_TYPO_LENGTH would match almost anything; longer than MAX_TYPO_LENGTH
 * are not pasted names.
 */
export const MIN_TYPO_LENGTH = 4;
export const MAX_TYPO_LENGTH = 32;

export function typoEligible(query: string): boolean {
  return query.length >= MIN_TYPO_LENGTH && query.length <= MAX_TYPO_LENGTH;
}

/**
 * The strings one edit away from `query` whose edit is at `position` (they all keep
 * `query.slice(0, position)`): deleting or substituting the character there, swapping it with the next,
 * or inserting before it. Inserted and substituted characters come from `alphabet`.
 */
export function editsAt(query: string, position: number, alphabet: string): string[] {
  const out: string[] = [];
  const head = query.slice(0, position);
  const here = query.charAt(position);
  const rest = query.slice(position + 1);
  if (position < query.length) {
    out.push(head + rest);
    const next = query.charAt(position + 1);
    if (next !== '' && next !== here) out.push(head + next + here + query.slice(position + 2));
  }
  for (let a = 0; a < alphabet.length; a++) {
    const c = alphabet.charAt(a);
    out.push(head + c + here + rest);
    if (position < query.length && c !== here) out.push(head + c + rest);
  }
  return out;
}

/**
 * Every string exactly one edit away from `query` whose inserted or substituted characters come from
 * `alphabet`. The query itself is not included.
 */
export function oneEditVariants(query: string, alphabet: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= query.length; i++) for (const v of editsAt(query, i, alphabet)) out.add(v);
  out.delete(query);
  return out;
}

/** Below this many keys sharing the query's prefix, checking each key beats generating edits. */
const CHECK_EACH_BELOW = 96;

function lowerBound(keyAt: (i: number) => string, lo: number, hi: number, target: string): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Finds, in a sorted list of `size` keys, the keys one of whose prefixes is within one edit of `query`
 * (`prefixWithinOneEdit`), calling `visit(from, to)` for runs of them. A key may be visited twice;
 * callers keep the best code per person anyway. `alphabet` must contain every character of every key.
 *
 * Walks the query left to right keeping the range of keys that share its first i characters. An edit at
 * position i can only match keys in that range; when the range is small every key in it is checked
 * directly, else the edits at i are looked up inside it; when it is empty, no edit further right can
 * match and the walk stops. Typical cost: a few dozen binary searches over small ranges instead of
 * ~700 over the whole table.
 */
export function forEachTypoMatch(query: string, alphabet: string, size: number, keyAt: (i: number) => string, visit: (from: number, to: number) => void): void {
  let lo = 0;
  let hi = size;
  // No step for position query.length: inserting after the query only finds keys it prefixes, which
  // the deletion of its last character (a step earlier) already found.
  for (let i = 0; i < query.length && lo < hi; i++) {
    if (hi - lo < CHECK_EACH_BELOW) {
      for (let k = lo; k < hi; k++) if (prefixWithinOneEdit(query, keyAt(k))) visit(k, k + 1);
      return;
    }
    for (const variant of editsAt(query, i, alphabet)) {
      const from = lowerBound(keyAt, lo, hi, variant);
      // Most edits match nothing: look for the end of the run only when it has a first key.
      if (from < hi && keyAt(from).startsWith(variant)) visit(from, lowerBound(keyAt, from + 1, hi, `${variant}\uffff`));
    }
    const prefix = query.slice(0, i + 1);
    const from = lowerBound(keyAt, lo, hi, prefix);
    hi = lowerBound(keyAt, from, hi, `${prefix}\uffff`);
    lo = from;
  }
}

/** True when `a` and `b` are at most one edit apart (see the module comment). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1) return false;
  let i = 0;
  while (i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la !== lb) return a.slice(i + 1) === b.slice(i);
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  return i + 1 < la && a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
}

/** The oracle form of typo matching: does some prefix of `key` lie within one edit of `query`? */
export function prefixWithinOneEdit(query: string, key: string): boolean {
  const n = query.length;
  for (let len = Math.max(1, n - 1); len <= Math.min(key.length, n + 1); len++) {
    if (withinOneEdit(query, key.slice(0, len))) return true;
  }
  return false;
}
