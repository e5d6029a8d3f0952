import { codeKind, codePenalty, codeTier, fieldOf, TIER_BY_RANK } from './key-kinds.js';
import type { SearchHit } from './types.js';

const BOOST_STEPS = 1000;
// (BOOST_STEPS + max closeness 1) / WITHIN_TIER < 1, so the fraction never spills into the next tier.
const WITHIN_TIER = BOOST_STEPS + 2;

/** A boost in 0..1 rounded to 0.001; anything else (negative, NaN, > 1) is clamped. */
export function quantizeBoost(boost: number): number {
  if (!(boost > 0)) return 0;
  return Math.round(Math.min(1, boost) * BOOST_STEPS);
}

/**
 * The score of a match: tier first (integer part 3 exact … 0 fuzzy), then the quantised boost, then
 * closeness 1/(1+penalty). Lexicographic by construction, so sorting by score then userid is the whole
 * ranking rule and two implementations that agree on codes and boosts agree on order.
 */
export function scoreOf(code: number, quantizedBoost: number): number {
  return 3 - codeTier(code) + (quantizedBoost + 1 / (1 + codePenalty(code))) / WITHIN_TIER;
}

/** Orders hits best first: score descending, then userid ascending (UTF-16 order). */
export function compareHits(a: { score: number; userid: string }, b: { score: number; userid: string }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0;
}

export function hitOf(userid: string, code: number, score: number): SearchHit {
  const tier = TIER_BY_RANK[codeTier(code)] ?? 'fuzzy';
  return { userid, score, tier, field: fieldOf(codeKind(code)) };
}
