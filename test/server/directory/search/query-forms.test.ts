import assert from 'node:assert/strict';
import { SearchIndex, type HitField, type MatchTier } from '../../../../server/directory/search/search-index.js';
import { org } from './fixtures.js';

interface Case {
  query: string;
  /** the person that must be found, with the tier and field of their hit */
  finds: string;
  tier: MatchTier;
  field: HitField;
  /** when set, `finds` must be the first hit */
  first?: boolean;
  /** people that must not be found */
  not?: string[];
}

const CASES: Case[] = [
  // Chinese characters, simplified and traditional in either direction
  { query: '陈', finds: 'chandw', tier: 'prefix', field: 'name' },
  { query: '陳', finds: 'chenwei', tier: 'prefix', field: 'name' },
  { query: '陳大文', finds: 'chandw', tier: 'exact', field: 'name', first: true },
  { query: '张伟', finds: 'zhangwei', tier: 'exact', field: 'name', first: true },
  { query: '張偉', finds: 'zhangwei', tier: 'exact', field: 'name', first: true },
  // full pinyin, initials, mixed
  { query: 'zhangwei', finds: 'zhangwei', tier: 'exact', field: 'pinyin', first: true },
  { query: 'zhang wei', finds: 'zhangwei', tier: 'exact', field: 'pinyin', first: true },
  { query: '  ZhangWei ', finds: 'zhangwei', tier: 'exact', field: 'pinyin', first: true },
  { query: 'ｚｈａｎｇｗｅｉ', finds: 'zhangwei', tier: 'exact', field: 'pinyin', first: true },
  { query: 'zhāng', finds: 'zhangwei', tier: 'prefix', field: 'pinyin' },
  { query: 'zw', finds: 'zhangwei', tier: 'exact', field: 'initials' },
  { query: 'zhangw', finds: 'zhangwei', tier: 'prefix', field: 'pinyin', first: true },
  { query: '张s', finds: 'zhangsan', tier: 'prefix', field: 'pinyin', first: true, not: ['zhangwei', 'zengwei'] },
  { query: 'zhang三', finds: 'zhangsan', tier: 'exact', field: 'pinyin', first: true, not: ['zhangwei'] },
  // surname + role suffix of the title
  { query: 'zjl', finds: 'zhangwei', tier: 'initials', field: 'title' },
  { query: '张经理', finds: 'zhangwei', tier: 'initials', field: 'title', first: true },
  { query: 'zhangjingli', finds: 'zhangwei', tier: 'initials', field: 'title', first: true },
  { query: '曾总监', finds: 'zengwei', tier: 'initials', field: 'title', first: true },
  { query: '曾总', finds: 'zengwei', tier: 'initials', field: 'title', first: true },
  { query: 'zgcs', finds: 'zhangsan', tier: 'initials', field: 'title', first: true },
  { query: '张助理', finds: 'zhangjl', tier: 'initials', field: 'title', first: true },
  { query: '欧阳总监', finds: 'ouyangnn', tier: 'initials', field: 'title', first: true },
  { query: 'oyzj', finds: 'ouyangnn', tier: 'initials', field: 'title', first: true },
  // English name, e-mail local part (email and orgEmail), Latin names
  { query: 'peter', finds: 'chandw', tier: 'prefix', field: 'englishName', first: true },
  { query: 'chan', finds: 'chandw', tier: 'prefix', field: 'englishName', first: true },
  { query: 'Peter Chan', finds: 'chandw', tier: 'exact', field: 'englishName', first: true },
  { query: 'peter.chan', finds: 'chandw', tier: 'exact', field: 'englishName', first: true },
  { query: 'k.lau', finds: 'klau', tier: 'exact', field: 'email', first: true },
  { query: 'k.lau@corp.hk', finds: 'klau', tier: 'exact', field: 'email', first: true },
  { query: 'lau', finds: 'klau', tier: 'prefix', field: 'email', first: true },
  { query: 'wwang', finds: 'wangwei', tier: 'exact', field: 'email', first: true },
  { query: 'xiaodong.xie', finds: 'xiexd', tier: 'exact', field: 'email', first: true },
  { query: 'lina', finds: 'lina', tier: 'exact', field: 'pinyin', first: true },
  { query: 'john', finds: 'jsmith', tier: 'prefix', field: 'name', first: true },
  { query: 'smith', finds: 'jsmith', tier: 'prefix', field: 'name', first: true },
  // phone digits and job number
  { query: '13812345678', finds: 'zhangwei', tier: 'exact', field: 'phone', first: true },
  { query: '+86 138 1234 5678', finds: 'zhangwei', tier: 'exact', field: 'phone', first: true },
  { query: '138-1234', finds: 'zhangwei', tier: 'prefix', field: 'phone', first: true },
  { query: '5678', finds: 'zhangwei', tier: 'fuzzy', field: 'phone', first: true },
  { query: '2123 4567', finds: 'chandw', tier: 'fuzzy', field: 'phone', first: true },
  { query: 'E0012', finds: 'zhangwei', tier: 'exact', field: 'jobNumber', first: true },
  { query: '10086', finds: 'wangwei', tier: 'exact', field: 'jobNumber', first: true },
  // given name: allowed, but fuzzy
  { query: 'wei', finds: 'zhangwei', tier: 'fuzzy', field: 'pinyin' },
  { query: '伟', finds: 'zhangwei', tier: 'fuzzy', field: 'name' },
  { query: 'xiaoxian', finds: 'zengxx', tier: 'fuzzy', field: 'pinyin', first: true },
  // polyphonic surnames: surname reading first, common reading still finds
  { query: 'zeng', finds: 'zengwei', tier: 'prefix', field: 'pinyin' },
  { query: 'ceng', finds: 'zengwei', tier: 'fuzzy', field: 'pinyin' },
  { query: 'shan', finds: 'shanli', tier: 'prefix', field: 'pinyin', first: true },
  { query: 'dan', finds: 'shanli', tier: 'fuzzy', field: 'pinyin' },
  { query: 'yuchi', finds: 'yuchigong', tier: 'prefix', field: 'pinyin', first: true },
  { query: 'ycg', finds: 'yuchigong', tier: 'exact', field: 'initials', first: true },
  { query: 'weichi', finds: 'yuchigong', tier: 'fuzzy', field: 'pinyin', first: true },
  { query: 'ou', finds: 'ouzq', tier: 'prefix', field: 'pinyin' },
  { query: 'quzhiqiang', finds: 'ouzq', tier: 'fuzzy', field: 'pinyin', first: true },
  { query: '區志強', finds: 'ouzq', tier: 'exact', field: 'name', first: true },
  { query: 'piao', finds: 'piaozy', tier: 'prefix', field: 'pinyin', first: true },
  { query: 'xiex', finds: 'xiexd', tier: 'prefix', field: 'pinyin', first: true },
  { query: 'jiexiaodong', finds: 'xiexd', tier: 'fuzzy', field: 'pinyin', first: true },
  { query: 'qiu', finds: 'qiujian', tier: 'prefix', field: 'pinyin', first: true },
  { query: 'choujian', finds: 'qiujian', tier: 'fuzzy', field: 'pinyin', first: true },
  { query: 'chanyu', finds: 'chanyufei', tier: 'prefix', field: 'pinyin', first: true },
  { query: 'shanyufei', finds: 'chanyufei', tier: 'fuzzy', field: 'pinyin', first: true },
  { query: 'ouyang', finds: 'ouyangnn', tier: 'prefix', field: 'pinyin', first: true },
  { query: 'oynn', finds: 'ouyangnn', tier: 'exact', field: 'initials', first: true },
  // one-edit typos of Latin keys
  { query: 'zhnagwei', finds: 'zhangwei', tier: 'fuzzy', field: 'pinyin', first: true },
  { query: 'pter', finds: 'chandw', tier: 'fuzzy', field: 'englishName', first: true },
  { query: 'smiht', finds: 'jsmith', tier: 'fuzzy', field: 'name', first: true },
];

describe('server/directory/search: query forms', () => {
  const index = new SearchIndex();
  for (const person of org()) index.upsert(person);

  for (const c of CASES) {
    it(`"${c.query}" finds ${c.finds} (${c.tier}, ${c.field})`, () => {
      const hits = index.search(c.query);
      const hit = hits.find((h) => h.userid === c.finds);
      assert.ok(hit, `${c.finds} not among ${JSON.stringify(hits.map((h) => h.userid))}`);
      assert.equal(hit.tier, c.tier);
      assert.equal(hit.field, c.field);
      if (c.first === true) assert.equal(hits[0]?.userid, c.finds);
      for (const absent of c.not ?? []) assert.ok(!hits.some((h) => h.userid === absent), `${absent} should not match`);
    });
  }

  for (const query of ['', '   ', '\t\n', '-', '@']) {
    it(`returns nothing for ${JSON.stringify(query)}`, () => {
      assert.deepEqual(index.search(query), []);
    });
  }

  it('matches phone digits inside a number only from 4 digits on', () => {
    assert.ok(!index.search('234').some((h) => h.userid === 'zhangwei'));
  });
});
