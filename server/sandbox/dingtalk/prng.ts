/**
 * Seeded pseudo-random numbers (mulberry32). The sandbox never uses Math.random, so a seed fully decides the
 * demo organisation, which requests fail under `transient5xxRate`, and which events are duplicated or reordered:
 * a failing test can be replayed exactly.
 */
export type Random = () => number;

/** Returns a generator of floats in [0, 1); the same seed always yields the same sequence. */
export function createPrng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [min, max] (both inclusive). */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}
