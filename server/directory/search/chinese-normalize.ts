// The t2cn entry point carries only the traditional→simplified dictionaries (≈0.1 MB instead of 1.2 MB).
import * as OpenCC from 'opencc-js/t2cn';

/**
 * Traditional → simplified. 'hk' → 'cn' also folds the Taiwan variants (臺, 裡, 衛 …) we tried, so one
 * converter serves Hong Kong and Taiwan staff alike. pinyin-pro cannot be trusted with traditional
 * surnames (it reads 區志強 as "qu zhi qiang" and 單麗 as "dan li"), hence keys are built from the
 * simplified form of names and queries alike.
 */
const hkToCn = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** True for a CJK ideograph (any Unicode Han block, including the astral extensions). */
export function isHan(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x2e80) return false;
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)) return true;
  return HAN.test(ch);
}
const HAN = /^\p{Script=Han}$/u;

/** True when the text contains at least one Han character. */
export function hasHan(text: string): boolean {
  for (const ch of text) if (isHan(ch)) return true;
  return false;
}

/** Traditional → simplified; text without Han characters is returned untouched (and cheaply). */
export function toSimplified(text: string): string {
  return hasHan(text) ? hkToCn(text) : text;
}

const WHITESPACE = /\s+/gu;
const COMBINING_DIACRITICS = /[\u0300-\u036f]/gu;

/**
 * `normalizeText` without removing whitespace, for text that is split into words: NFKC (full-width
 * Latin → ASCII, compatibility ideographs → unified), simplified Chinese, lower case, Latin diacritics
 * dropped ("José" → jose, "zhāng" → zhang) with ü spelled v as in pinyin keys ("lü" → lv).
 */
export function normalizeSpaced(text: string): string {
  const lower = toSimplified(text.normalize('NFKC')).toLowerCase();
  if (!/[\u00c0-\u024f\u1e00-\u1eff]/u.test(lower)) return lower;
  return lower.replace(/ü/gu, 'v').normalize('NFD').replace(COMBINING_DIACRITICS, '').normalize('NFC');
}

/** The one normal form shared by keys and queries: `normalizeSpaced` with all whitespace removed. */
export function normalizeText(text: string): string {
  return normalizeSpaced(text).replace(WHITESPACE, '');
}

const BRACKETED = /[（(【[][^）)】\]]*[）)】\]]/gu;

/** Removes bracketed remarks such as "(销售部)" or "【外包】" that organisations append to names and titles. */
export function stripBracketed(text: string): string {
  return text.replace(BRACKETED, '');
}
