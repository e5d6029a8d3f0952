import { allowsTypo, prefixCode, substringCode, typoCode } from './key-kinds.js';
import { personKeys, type PersonKeys } from './person-keys.js';
import { containsInOrder, parseQuery, type ParsedQuery } from './query-parser.js';
import { compareHits, hitOf, quantizeBoost, scoreOf } from './rank.js';
import { prefixWithinOneEdit } from './typo.js';
import { clampLimit, type SearchablePerson, type SearchHit, type SearchOptions } from './types.js';

/**
 * The best match code of one person for a parsed query, or -1. This is the matching rule stated
 * directly, key by key, with no index: the reference the index is tested against.
 */
export function matchPerson(query: ParsedQuery, person: PersonKeys): number {
  if (!containsInOrder(person.hanName, query.requiredHan)) return -1;
  let best = -1;
  const better = (code: number): void => {
    if (best < 0 || code < best) best = code;
  };
  for (let i = 0; i < person.keys.length; i++) {
    const key = person.keys[i] ?? '';
    const kind = person.kinds[i] ?? 0;
    for (const prefix of query.prefixes) if (key.startsWith(prefix)) better(prefixCode(kind, key.length, prefix.length));
    if (!allowsTypo(kind)) continue;
    for (const prefix of query.typoPrefixes) if (prefixWithinOneEdit(prefix, key)) better(typoCode(kind, key.length, prefix.length));
  }
  if (query.phoneSubstring !== '') {
    for (const phone of person.phones) if (phone.includes(query.phoneSubstring)) better(substringCode(phone.length, query.phoneSubstring.length));
  }
  return best;
}

/**
 * The baseline for the benchmark and the oracle for the tests: per query, build every person's keys
 * (pinyin conversion included) and match them one by one, with no index. Returns exactly what
 * SearchIndex.search returns for the same people and options; O(people) pinyin conversions per call.
 * `people` must have distinct userids. `options` (boost, filter) exists for the equivalence tests.
 */
export function linearScanSearch(
  people: readonly SearchablePerson[],
  query: string,
  limit: number,
  options: Pick<SearchOptions, 'boost' | 'filter'> = {},
): SearchHit[] {
  const parsed = parseQuery(query);
  if (parsed.prefixes.length === 0) return [];
  const { filter } = options;
  const boost = options.boost;
  const boostOf = (userid: string): number =>
    boost === undefined ? 0 : quantizeBoost(typeof boost === 'function' ? boost(userid) : (boost.get(userid) ?? 0));
  const hits: SearchHit[] = [];
  for (const person of people) {
    if (filter !== undefined && !filter(person.userid)) continue;
    const code = matchPerson(parsed, personKeys(person));
    if (code < 0) continue;
    hits.push(hitOf(person.userid, code, scoreOf(code, boostOf(person.userid))));
  }
  return hits.sort(compareHits).slice(0, clampLimit(limit));
}
