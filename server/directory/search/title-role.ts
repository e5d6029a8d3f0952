import { isHan, stripBracketed } from './chinese-normalize.js';

/**
 * Role suffixes people are addressed by ("张经理", "李总监"). The longest suffix a title ends with wins,
 * so 总经理 beats 经理 and 高级软件工程师 gives 工程师.
 */
const ROLE_SUFFIXES: readonly string[] = [
  '总经理', '总监', '总裁', '董事长', '经理', '主管', '主任', '助理', '总工', '工程师', '架构师',
  '设计师', '分析师', '会计师', '律师', '秘书', '专员', '顾问', '部长', '处长', '科长', '组长', '院长',
  '校长', '局长', '行长', '店长', '厂长', '所长', '教授', '老师', '医生', '主编', '会计', '出纳', '代表',
].toSorted((a, b) => b.length - a.length);

/** Roles starting with 总 are also addressed as 总 alone: 张总经理 is "张总". */
const SHORT_FORM_PREFIX = '总';

const SEPARATORS = /[/／、,，;；|｜&＆]+/u;
const MAX_SEGMENTS = 3;

function roleOf(segment: string): string | undefined {
  for (const suffix of ROLE_SUFFIXES) if (segment.endsWith(suffix)) return suffix;
  const chars = [...segment];
  const tail = chars.slice(-2);
  // Fallback for unlisted roles (e.g. 销售代表 is listed, 产品运营 is not): the last two characters.
  return tail.length === 2 && tail.every(isHan) ? tail.join('') : undefined;
}

/**
 * The forms of address a title yields, e.g. "销售经理" → ["经理"], "副总经理/董事" → ["总经理", "总", "董事"].
 * Input must already be in normal form (simplified, lower case, no whitespace). Returns distinct Han
 * strings only; a title without Han characters yields none.
 */
export function titleRoles(title: string): string[] {
  const roles = new Set<string>();
  const segments = stripBracketed(title).split(SEPARATORS).filter((s) => s !== '').slice(0, MAX_SEGMENTS);
  for (const segment of segments) {
    const role = roleOf(segment);
    if (role === undefined) continue;
    roles.add(role);
    if (role.startsWith(SHORT_FORM_PREFIX) && role.length > 1) roles.add(SHORT_FORM_PREFIX);
  }
  return [...roles];
}
