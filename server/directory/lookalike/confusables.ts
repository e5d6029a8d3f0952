/**
 * Confusable folding ("skeletons"): two strings that a reader cannot tell apart in a typical mail
 * client font fold to the same skeleton. Modelled on Unicode TR39's skeleton (NFD, map confusables,
 * compare) but deliberately smaller: only what matters in e-mail addresses, and a few multi-letter
 * lookalikes TR39 leaves out because they depend on the font (rn/m, vv/w, cl/d).
 * https://www.unicode.org/reports/tr39/#Confusable_Detection
 */

/**
 * Single characters folded to a Latin lowercase letter. Case matters here: capital I looks like l
 * but lowercase i does not, so this table is applied before lowercasing.
 */
const SINGLE: Readonly<Record<string, string>> = {
  // digits and symbols read as letters
  '1': 'l', I: 'l', '|': 'l', 'ǀ': 'l', 'ℓ': 'l', 'ı': 'i',
  '0': 'o', O: 'o',
  // Cyrillic
  'а': 'a', 'А': 'a', 'В': 'b', 'е': 'e', 'Е': 'e', 'ё': 'e', 'Ё': 'e', 'І': 'l', 'і': 'i', 'ӏ': 'l', 'Ӏ': 'l',
  'ј': 'j', 'Ј': 'j', 'К': 'k', 'М': 'm', 'Н': 'h', 'һ': 'h', 'о': 'o', 'О': 'o', 'р': 'p', 'Р': 'p',
  'с': 'c', 'С': 'c', 'Т': 't', 'у': 'y', 'У': 'y', 'х': 'x', 'Х': 'x', 'ѕ': 's', 'Ѕ': 's', 'ԁ': 'd',
  'ԛ': 'q', 'ԝ': 'w', 'ɡ': 'g', 'ɑ': 'a',
  // Greek
  'Α': 'a', 'α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'l', 'ι': 'i', 'Κ': 'k', 'κ': 'k',
  'Μ': 'm', 'Ν': 'n', 'ν': 'v', 'Ο': 'o', 'ο': 'o', 'Ρ': 'p', 'ρ': 'p', 'Τ': 't', 'Υ': 'y', 'υ': 'u',
  'Χ': 'x', 'χ': 'x',
  // Armenian
  'ո': 'n', 'ս': 'u', 'օ': 'o',
};

/** Letter pairs that render like one letter in proportional fonts, replaced left to right. */
const MULTI: Readonly<Record<string, string>> = { rn: 'm', vv: 'w', cl: 'd' };
const MULTI_PATTERN = /rn|vv|cl/g;
const COMBINING_MARKS = /\p{M}/gu;

/**
 * The skeleton of `text`: compatibility-normalised (full-width letters become ASCII), accents
 * dropped (zhāng → zhang), confusable characters folded, lowercased, then multi-letter lookalikes
 * folded. Equal skeletons mean "looks the same"; the converse is not guaranteed.
 */
export function skeleton(text: string): string {
  let out = '';
  for (const char of text.normalize('NFKD').replace(COMBINING_MARKS, '')) out += SINGLE[char] ?? char;
  return out.toLowerCase().replace(MULTI_PATTERN, (pair) => MULTI[pair] ?? pair);
}

/**
 * Quotes a fragment of an address for a human: non-ASCII characters look exactly like the letters
 * they imitate, so their code points are spelt out ('а' (U+0430) next to 'a').
 */
export function quote(fragment: string): string {
  const codes = [...fragment].filter((char) => (char.codePointAt(0) ?? 0) >= 0x80).map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
  return codes.length === 0 ? `'${fragment}'` : `'${fragment}' (${codes.join(' ')})`;
}
