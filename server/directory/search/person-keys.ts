import { isHan, normalizeSpaced, normalizeText, stripBracketed } from './chinese-normalize.js';
import { dominates, Kind } from './key-kinds.js';
import { alternateReadings, initialsOf, phraseReading, readName } from './pinyin-keys.js';
import { titleRoles } from './title-role.js';
import type { SearchablePerson } from './types.js';

/**
 * Everything the index stores about one person. Invariants: keys are in the normal form of
 * `normalizeText` (plus phone digits); no key appears twice with kinds one of which `dominates` the
 * other; `keys[i]` has kind `kinds[i]`.
 */
export interface PersonKeys {
  keys: string[];
  kinds: Kind[];
  /** The Han characters of the name, simplified (a mixed query's Han must appear in them, in order). */
  hanName: string | undefined;
  /** Normalised phone numbers, searched by substring. */
  phones: string[];
}

const NOT_ALNUM = /[^\p{L}\p{N}]+/u;
const ONLY_DIGITS_AND_PUNCT = /^[\d\s+\-().]*$/u;
const HAN_CHAR = /\p{Script=Han}/gu;

/** Words of a Latin string in normal form: runs of letters and digits. */
export function latinWords(text: string): string[] {
  return text.split(NOT_ALNUM).filter((w) => w !== '');
}

/**
 * Digits of a phone number without the mainland country code: "+86 138-1234-5678" → "13812345678".
 * Returns '' for anything that is not a phone number (letters in it, or fewer than 3 digits).
 */
export function phoneDigits(raw: string): string {
  const text = raw.normalize('NFKC').trim();
  if (!ONLY_DIGITS_AND_PUNCT.test(text)) return '';
  let digits = text.replace(/\D+/gu, '');
  if (text.startsWith('+86') || digits.startsWith('0086')) digits = digits.slice(text.startsWith('+86') ? 2 : 4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length >= 3 ? digits : '';
}

class KeyList {
  readonly keys: string[] = [];
  readonly kinds: Kind[] = [];

  add(key: string, kind: Kind): void {
    if (key === '') return;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== key) continue;
      const other = this.kinds[i] ?? kind;
      if (other === kind || dominates(other, kind)) return;
      if (dominates(kind, other)) {
        this.kinds[i] = kind;
        return;
      }
    }
    this.keys.push(key);
    this.kinds.push(kind);
  }

  /** A Latin phrase: the whole (letters and digits only) plus every later word, "Peter Chan" → peterchan, chan. */
  addLatin(text: string, whole: Kind, word: Kind): void {
    // Not normalizeText: that drops the spaces the words are split on.
    const words = latinWords(normalizeSpaced(text));
    this.add(words.join(''), whole);
    for (const w of words.slice(1)) this.add(w, word);
  }
}

function addHanName(list: KeyList, chars: readonly string[], original: readonly string[] | undefined, title: string | undefined): void {
  const reading = readName(chars, original);
  const { primary, surnameLength } = reading;
  const initials = initialsOf(primary);
  list.add(chars.join(''), Kind.NAME_HAN);
  list.add(primary.join(''), Kind.PINYIN);
  list.add(initials, Kind.INITIALS);
  if (chars.length > surnameLength) {
    list.add(chars.slice(surnameLength).join(''), Kind.GIVEN_HAN);
    list.add(primary.slice(surnameLength).join(''), Kind.GIVEN_PINYIN);
  }
  for (const alt of alternateReadings(reading)) {
    list.add(alt.join(''), Kind.ALT_PINYIN);
    const altInitials = initialsOf(alt);
    if (altInitials !== initials) list.add(altInitials, Kind.ALT_INITIALS);
  }
  if (title === undefined) return;
  const surname = chars.slice(0, surnameLength).join('');
  const surnamePinyin = primary.slice(0, surnameLength);
  for (const role of titleRoles(normalizeText(title))) {
    const rolePinyin = phraseReading(role);
    list.add(surname + role, Kind.TITLE_HAN);
    list.add(surnamePinyin.join('') + rolePinyin.join(''), Kind.TITLE_PINYIN);
    list.add(initialsOf(surnamePinyin) + initialsOf(rolePinyin), Kind.TITLE_INITIALS);
  }
}

function emailLocalPart(email: string): string {
  const normal = normalizeText(email);
  const at = normal.indexOf('@');
  return at < 0 ? normal : normal.slice(0, at);
}

/** Builds every key of a person. Pure apart from pinyin-pro's and our memo caches. */
export function personKeys(person: SearchablePerson): PersonKeys {
  const list = new KeyList();
  // "张伟(销售部)" is 张伟; "Peter Chan 陳大文" is 陈大文 plus the Latin name "Peter Chan".
  const name = stripBracketed(person.name).trim() || person.name;
  const chars = [...normalizeSpaced(name)].filter(isHan);
  let hanName: string | undefined;
  if (chars.length > 0) {
    hanName = chars.join('');
    const original = [...name.normalize('NFKC')].filter(isHan);
    addHanName(list, chars, original.length === chars.length ? original : undefined, person.title);
  }
  list.addLatin(name.replace(HAN_CHAR, ' '), Kind.NAME_LATIN, Kind.NAME_LATIN_WORD);
  if (person.englishName !== undefined) list.addLatin(person.englishName, Kind.ENGLISH, Kind.ENGLISH_WORD);
  for (const email of [person.email, person.orgEmail]) {
    if (email === undefined) continue;
    const local = emailLocalPart(email);
    list.add(local, Kind.EMAIL);
    const words = latinWords(local);
    if (words.length > 1) for (const w of words.slice(1)) list.add(w, Kind.EMAIL_WORD);
  }
  const phones: string[] = [];
  for (const raw of [person.mobile, person.telephone]) {
    const digits = raw === undefined ? '' : phoneDigits(raw);
    if (digits === '' || phones.includes(digits)) continue;
    phones.push(digits);
    list.add(digits, Kind.PHONE);
  }
  if (person.jobNumber !== undefined) list.add(normalizeText(person.jobNumber), Kind.JOB_NUMBER);
  return { keys: list.keys, kinds: list.kinds, hanName, phones };
}
