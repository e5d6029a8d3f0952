/**
 * Two-character surnames with their surname readings (simplified forms). The readings are spelled out
 * rather than asked of pinyin-pro: 3.29.4 reads 单于 as "shan yu" in `surname: 'head'` mode, while the
 * surname is "chan yu" (尉迟 yu chi, 万俟 mo qi, 长孙 zhang sun are other readings that differ from the
 * characters' everyday ones).
 */
const COMPOUND_SURNAMES: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['欧阳', ['ou', 'yang']],
  ['司马', ['si', 'ma']],
  ['诸葛', ['zhu', 'ge']],
  ['单于', ['chan', 'yu']],
  ['尉迟', ['yu', 'chi']],
  ['上官', ['shang', 'guan']],
  ['东方', ['dong', 'fang']],
  ['皇甫', ['huang', 'fu']],
  ['公孙', ['gong', 'sun']],
  ['令狐', ['ling', 'hu']],
  ['慕容', ['mu', 'rong']],
  ['宇文', ['yu', 'wen']],
  ['长孙', ['zhang', 'sun']],
  ['夏侯', ['xia', 'hou']],
  ['轩辕', ['xuan', 'yuan']],
  ['司徒', ['si', 'tu']],
  ['司空', ['si', 'kong']],
  ['端木', ['duan', 'mu']],
  ['独孤', ['du', 'gu']],
  ['南宫', ['nan', 'gong']],
  ['西门', ['xi', 'men']],
  ['万俟', ['mo', 'qi']],
  ['澹台', ['tan', 'tai']],
  ['闻人', ['wen', 'ren']],
  ['赫连', ['he', 'lian']],
  ['呼延', ['hu', 'yan']],
  ['申屠', ['shen', 'tu']],
  ['濮阳', ['pu', 'yang']],
  ['钟离', ['zhong', 'li']],
  ['太史', ['tai', 'shi']],
  ['完颜', ['wan', 'yan']],
  ['拓跋', ['tuo', 'ba']],
  ['百里', ['bai', 'li']],
  ['东郭', ['dong', 'guo']],
  ['公冶', ['gong', 'ye']],
  ['左丘', ['zuo', 'qiu']],
  ['第五', ['di', 'wu']],
  ['乐正', ['yue', 'zheng']],
]);

/**
 * How many leading characters of a (simplified, Han-only) name are the surname: 2 for a known compound
 * surname followed by at least one given-name character, else 1. A two-character name such as 单于 is
 * read as surname 单 + given name 于, the far more common case.
 */
export function surnameLength(hanChars: readonly string[]): 1 | 2 {
  if (hanChars.length < 3) return 1;
  return COMPOUND_SURNAMES.has(`${hanChars[0]}${hanChars[1]}`) ? 2 : 1;
}

/** The surname readings of a compound surname, if `surname` is one. */
export function compoundSurnameReading(surname: string): readonly [string, string] | undefined {
  return COMPOUND_SURNAMES.get(surname);
}
