import { pinyin } from 'pinyin-pro';
import type { SearchablePerson } from '../server/directory/search/search-index.js';
import { createPrng } from '../server/sandbox/dingtalk/prng.js';

/**
 * A deterministic synthetic organisation for the search benchmark (not the demo organisation: that one
 * is for the sandbox and may change shape). Surnames follow a rough frequency curve and include the
 * polyphonic and compound ones the index treats specially; ~5 % are Hong Kong staff with traditional
 * names and English names.
 */

// Most common first; the index into this list drives a Zipf-like weight.
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单区朴解仇查翟乐'];
const COMPOUND = ['欧阳', '司马', '诸葛', '尉迟', '上官', '单于'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉鹏飞玉兰志强海燕红梅波斌宇浩凯健俊帆帅旭宁龙林欣怡佳琪子涵梓萱一诺晨曦雨桐思远嘉怡晓东小贤智妍大文建伟春梅桂芳金凤淑珍丹丹婷婷雪梅立新永红国华振华德明家豪俊杰天佑'];
const TRADITIONAL: Record<string, string> = {
  陈: '陳', 张: '張', 刘: '劉', 黄: '黃', 杨: '楊', 赵: '趙', 吴: '吳', 郑: '鄭', 谢: '謝', 叶: '葉', 钟: '鍾', 邓: '鄧',
  冯: '馮', 区: '區', 伟: '偉', 强: '強', 华: '華', 丽: '麗', 杰: '傑', 国: '國', 东: '東', 龙: '龍', 兰: '蘭', 凤: '鳳',
};
const HK_ROMAN: Record<string, string> = { 陈: 'Chan', 张: 'Cheung', 刘: 'Lau', 黄: 'Wong', 杨: 'Yeung', 赵: 'Chiu', 吴: 'Ng', 郑: 'Cheng', 谢: 'Tse', 叶: 'Yip', 李: 'Lee', 王: 'Wong', 林: 'Lam', 何: 'Ho' };
const ENGLISH_FIRST = ['Peter', 'Mary', 'John', 'Karen', 'David', 'Winnie', 'Tony', 'Ivy', 'Kelvin', 'Candy', 'Eric', 'Michelle', 'Ken', 'Vivian', 'Alan', 'Carmen'];
const TITLES = ['销售经理', '软件工程师', '高级软件工程师', '产品经理', '财务总监', '人力资源主管', '行政助理', '技术总监', '总经理', '副总经理', '客服专员', '市场专员', '运营主管', '测试工程师', '架构师', '法务顾问', '办公室主任', '区域经理', '会计', '设计师', '数据分析师', '项目经理', '销售代表', '产品运营'];
const MOBILE_PREFIXES = ['138', '139', '136', '137', '150', '151', '186', '187', '177', '135', '158', '189', '133', '181'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function zipfSurname(random: () => number): string {
  if (random() < 0.004) return pick(random, COMPOUND);
  // Weight ∝ 1/(rank+4): the top surnames dominate as in real populations, the tail still appears.
  const u = random();
  const n = SURNAMES.length;
  const rank = Math.floor(Math.exp(u * Math.log((n + 4) / 4)) * 4 - 4);
  return SURNAMES[Math.min(rank, n - 1)] ?? '王';
}

function digits(random: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(random() * 10).toString();
  return out;
}

/** `count` people with distinct userids, e-mail local parts and job numbers; same seed → same people. */
export function generatePeople(count: number, seed = 20_26): SearchablePerson[] {
  const random = createPrng(seed);
  const people: SearchablePerson[] = [];
  const localParts = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const surname = zipfSurname(random);
    let given = pick(random, GIVEN);
    if (random() < 0.7) given += pick(random, GIVEN);
    const hk = random() < 0.05;
    const simplified = surname + given;
    const name = hk ? [...simplified].map((c) => TRADITIONAL[c] ?? c).join('') : simplified;
    const reading = pinyin(simplified, { surname: 'head', toneType: 'none', type: 'array', v: true }).join('');
    const seen = localParts.get(reading) ?? 0;
    localParts.set(reading, seen + 1);
    const local = seen === 0 ? reading : `${reading}${seen}`;
    const person: SearchablePerson = {
      userid: `u${(i + 1).toString().padStart(6, '0')}`,
      name,
      title: pick(random, TITLES),
      email: `${local}@example.cn`,
      mobile: `${random() < 0.3 ? '+86 ' : ''}${pick(random, MOBILE_PREFIXES)}${digits(random, 8)}`,
      jobNumber: `E${(100_000 + i).toString()}`,
    };
    if (random() < 0.4) person.orgEmail = `${local}@corp.example.com`;
    if (random() < 0.3) person.telephone = `0755-${digits(random, 8)}`;
    if (hk) person.englishName = `${pick(random, ENGLISH_FIRST)} ${HK_ROMAN[surname] ?? 'Wong'}`;
    people.push(person);
  }
  return people;
}
