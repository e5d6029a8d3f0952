import { pinyin } from 'pinyin-pro';
import { compoundSurnameReading, surnameLength } from './compound-surnames.js';

/**
 * The readings of a Chinese name. Invariants: `chars`, `primary` and `alternates` have the same length;
 * readings are lower-case a–z with ü spelled v ("lv"); `alternates[i]` never contains `primary[i]`.
 */
export interface NameReading {
  chars: readonly string[];
  surnameLength: 1 | 2;
  /** The reading in context: the surname reading for the surname (曾 zeng, 单 shan, 区 ou …). */
  primary: readonly string[];
  /** Other readings of each character (曾 ceng, 单 dan/chan …), so that common readings still find. */
  alternates: readonly (readonly string[])[];
}

const SYLLABLE = /^[a-z]+$/;

function syllable(raw: string | undefined): string {
  const s = (raw ?? '').toLowerCase();
  // pinyin-pro echoes characters it has no reading for; those contribute nothing to Latin keys.
  return SYLLABLE.test(s) ? s : '';
}

const charReadingCache = new Map<string, readonly string[]>();

/** Every reading of one character (pinyin-pro `multiple: true`), de-duplicated; memoised per character. */
export function charReadings(ch: string): readonly string[] {
  let readings = charReadingCache.get(ch);
  if (readings === undefined) {
    const all = pinyin(ch, { multiple: true, type: 'array', toneType: 'none', v: true }).map(syllable);
    readings = [...new Set(all.filter((s) => s !== ''))];
    charReadingCache.set(ch, readings);
  }
  return readings;
}

const phraseCache = new Map<string, readonly string[]>();

/** Readings in context of a short Han-only phrase such as a title role (经理 → jing li); memoised. */
export function phraseReading(phrase: string): readonly string[] {
  let readings = phraseCache.get(phrase);
  if (readings === undefined) {
    const chars = [...phrase];
    const raw = pinyin(phrase, { type: 'array', toneType: 'none', v: true });
    readings = raw.length === chars.length ? raw.map(syllable) : chars.map((ch) => charReadings(ch)[0] ?? '');
    // Titles repeat across an organisation, so this stays small; the bound guards against odd input.
    if (phraseCache.size < 10_000) phraseCache.set(phrase, readings);
  }
  return readings;
}

/**
 * Reads a name given as simplified Han characters. `original` (same length, before traditional →
 * simplified conversion) adds the readings of the original characters as alternates, because the
 * conversion is not always right for names (王乾 becomes 王干).
 */
export function readName(chars: readonly string[], original?: readonly string[]): NameReading {
  const surname = surnameLength(chars);
  const raw = pinyin(chars.join(''), { surname: 'head', type: 'array', toneType: 'none', v: true });
  const primary = raw.length === chars.length ? raw.map(syllable) : chars.map((ch) => charReadings(ch)[0] ?? '');
  if (surname === 2) {
    const override = compoundSurnameReading(`${chars[0]}${chars[1]}`);
    if (override !== undefined) [primary[0], primary[1]] = override;
  }
  const alternates = chars.map((ch, i) => {
    const mine = primary[i];
    const others = new Set(charReadings(ch));
    const before = original?.[i];
    if (before !== undefined && before !== ch) for (const r of charReadings(before)) others.add(r);
    others.delete(mine ?? '');
    return [...others];
  });
  return { chars, surnameLength: surname, primary, alternates };
}

/** First letters of the syllables ("zhang wei" → "zw"); syllables without a reading are skipped. */
export function initialsOf(syllables: readonly string[]): string {
  let out = '';
  for (const s of syllables) out += s.charAt(0);
  return out;
}

/** Upper bound on alternative full readings per name, so a name full of polyphones stays cheap. */
export const MAX_ALTERNATE_READINGS = 8;

/**
 * Alternative readings of a whole name: the primary reading with exactly one character read differently,
 * surname position first. At most MAX_ALTERNATE_READINGS, none equal to the primary reading.
 */
export function alternateReadings(reading: NameReading): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < reading.chars.length; i++) {
    for (const alt of reading.alternates[i] ?? []) {
      if (out.length >= MAX_ALTERNATE_READINGS) return out;
      const variant = [...reading.primary];
      variant[i] = alt;
      out.push(variant);
    }
  }
  return out;
}
