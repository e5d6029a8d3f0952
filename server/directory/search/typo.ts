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
 * Every string exactly one edit away from `query` whose inserted or substituted characters come from
 * `alphabet` (which must contain every character of every key that typos may match, or matches are
 * missed). The query itself is not included.
 */
export function oneEditVariants(query: string, alphabet: string): Set<string> {
  const out = new Set<string>();
  const n = query.length;
  for (let i = 0; i < n; i++) out.add(query.slice(0, i) + query.slice(i + 1));
  for (let i = 0; i + 1 < n; i++) {
    out.add(query.slice(0, i) + query.charAt(i + 1) + query.charAt(i) + query.slice(i + 2));
  }
  for (let i = 0; i <= n; i++) {
    const head = query.slice(0, i);
    const tail = query.slice(i);
    const rest = query.slice(i + 1);
    for (let a = 0; a < alphabet.length; a++) {
      const c = alphabet.charAt(a);
      out.add(head + c + tail);
      if (i < n) out.add(head + c + rest);
    }
  }
  out.delete(query);
  return out;
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
