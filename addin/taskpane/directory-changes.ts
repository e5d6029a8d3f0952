import type { DirectoryChange, SearchResult } from '../../shared/directory-api.js';

/**
 * Applies one live change to a result list: a removed person is dropped, an updated one is patched
 * in place (keeping the server's ranking fields). Returns the same array when nothing changed, so
 * React can skip the render.
 */
export function applyChangeToResults(results: SearchResult[], change: DirectoryChange): SearchResult[] {
  if (change.kind === 'person.removed' && change.userid !== undefined) {
    const kept = results.filter((r) => r.userid !== change.userid);
    return kept.length === results.length ? results : kept;
  }
  if (change.kind === 'person.upserted' && change.person !== undefined) {
    const person = change.person;
    const at = results.findIndex((r) => r.userid === person.userid);
    if (at < 0) return results;
    const current = results[at] as SearchResult;
    const next = [...results];
    // why: optional fields absent from the new summary were cleared upstream, so start from the summary
    next[at] = { ...person, tier: current.tier, score: current.score, frequent: current.frequent };
    return next;
  }
  return results;
}
