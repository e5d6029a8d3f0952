/** A person as the search index sees them: only the fields people search by. */
export interface SearchablePerson {
  userid: string;
  /** Chinese (simplified or traditional) or Latin. */
  name: string;
  /** e.g. "Peter Chan" (HK staff). DingTalk has no such field; the directory takes it from `extension`. */
  englishName?: string;
  /** e.g. "销售经理"; its role suffix (经理, 总监, …) makes "张经理" / "zjl" find the person. */
  title?: string;
  email?: string;
  orgEmail?: string;
  mobile?: string;
  telephone?: string;
  jobNumber?: string;
}

/** How a hit matched, best first. The tier dominates every other ranking criterion. */
export type MatchTier = 'exact' | 'prefix' | 'initials' | 'fuzzy';

/** Which kind of key produced a hit (for highlighting and for explaining a result). */
export type HitField = 'name' | 'pinyin' | 'initials' | 'title' | 'englishName' | 'email' | 'phone' | 'jobNumber';

/**
 * One result. `score` is higher for better hits and orders them exactly:
 * `floor(score)` is the tier (3 exact … 0 fuzzy), the fraction encodes the boost (to 0.001), then closeness.
 * Equal scores are ordered by `userid`.
 */
export interface SearchHit {
  userid: string;
  score: number;
  tier: MatchTier;
  field: HitField;
}

export interface SearchOptions {
  /** Default 20, clamped to 1..200. */
  limit?: number;
  /**
   * 0..1 frequent-contact boost; it reorders people within a tier, never across tiers. Prefer the Map
   * form (userid → boost): a function must be called for every person matching the query (16k calls
   * for "l" in a 100k organisation, ~3 ms of cache misses reading userid strings), a Map is read once
   * per boosted person.
   */
  boost?: ((userid: string) => number) | ReadonlyMap<string, number>;
  /** Visibility: people for whom it returns false are never returned and never take a result slot. */
  filter?: (userid: string) => boolean;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 200;

/** Clamps a requested limit to 1..MAX_LIMIT; anything unusable means the default. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}
