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

/**
 * The one normal form shared by keys and queries: NFKC (full-width Latin → ASCII, compatibility
 * ideographs → unified), simplified Chinese, lower case, no whitespace.
 */
export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(WHITESPACE, '');
}
