import assert from 'node:assert/strict';
import { linearScanSearch, SearchIndex, type SearchHit, type SearchablePerson } from '../../../../server/directory/search/search-index.js';
import { org } from './fixtures.js';

function indexOf(people: readonly SearchablePerson[]): SearchIndex {
  const index = new SearchIndex();
  for (const person of people) index.upsert(person);
  return index;
}

const ids = (hits: readonly SearchHit[]): string[] => hits.map((h) => h.userid);
const position = (hits: readonly SearchHit[], userid: string): number => {
  const at = hits.findIndex((h) => h.userid === userid);
  assert.ok(at >= 0, `${userid} not found in ${JSON.stringify(ids(hits))}`);
  return at;
};

describe('server/directory/search/search-index', () => {
  describe('ranking', () => {
    const index = indexOf(org());

    it('orders exact before prefix before initials before fuzzy', () => {
      // "zw": 张伟 and 曾伟 by initials (exact), zwt@ (prefix), 张伟明 zwm (initials), 朝伟 read zhao wei (fuzzy)
      const hits = index.search('zw');
      const tiers = hits.map((h) => h.tier);
      assert.deepEqual([...new Set(tiers)], ['exact', 'prefix', 'initials', 'fuzzy']);
      assert.deepEqual(ids(hits).slice(0, 2), ['zengwei', 'zhangwei']);
      assert.equal(hits[position(hits, 'lisi')]?.tier, 'prefix');
      assert.equal(hits[position(hits, 'zhangwm')]?.tier, 'initials');
      assert.equal(hits[position(hits, 'chaowei')]?.tier, 'fuzzy');
      for (let i = 1; i < hits.length; i++) assert.ok((hits[i - 1]?.score ?? 0) >= (hits[i]?.score ?? 0));
    });

    it('ranks a whole-initials hit above a surname + role hit', () => {
      const hits = index.search('zjl');
      assert.deepEqual(ids(hits).slice(0, 2), ['zhangjl', 'zhangwei']);
      assert.equal(hits[0]?.tier, 'exact');
      assert.equal(hits[1]?.tier, 'initials');
    });

    it('puts shorter names first within a tier, then orders by userid', () => {
      const hits = index.search('陈');
      assert.deepEqual(ids(hits), ['chenwei', 'chandw']);
      const same = indexOf([
        { userid: 'b', name: '张伟' },
        { userid: 'a', name: '张伟' },
        { userid: 'c', name: '张伟' },
      ]).search('张伟');
      assert.deepEqual(ids(same), ['a', 'b', 'c']);
    });

    it('lets boost reorder people within a tier but never across tiers', () => {
      const plain = index.search('zw');
      assert.deepEqual(ids(plain).slice(0, 2), ['zengwei', 'zhangwei']);
      const boosted = index.search('zw', { boost: (u) => (u === 'zhangwei' || u === 'chaowei' || u === 'zhangwm' ? 1 : 0) });
      assert.deepEqual(ids(boosted).slice(0, 2), ['zhangwei', 'zengwei']);
      assert.equal(position(boosted, 'lisi'), position(plain, 'lisi'));
      assert.ok(position(boosted, 'zhangwm') > position(boosted, 'lisi'));
      assert.ok(position(boosted, 'chaowei') > position(boosted, 'zhangwm'));
    });

    it('takes boosts as a Map as well as a function, with the same result', () => {
      const boosts = new Map([['zhangwei', 1], ['zhangwm', 1], ['nobody', 1]]);
      const viaMap = index.search('zw', { boost: boosts });
      assert.deepEqual(viaMap, index.search('zw', { boost: (u) => boosts.get(u) ?? 0 }));
      assert.deepEqual(ids(viaMap).slice(0, 2), ['zhangwei', 'zengwei']);
    });

    it('treats a boost outside 0..1 as clamped', () => {
      const hits = index.search('zw', { boost: (u) => (u === 'zhangwm' ? 50 : u === 'zhangwei' ? -3 : 0) });
      assert.equal(hits.find((h) => h.userid === 'zhangwm')?.tier, 'initials');
      assert.deepEqual(ids(hits).slice(0, 2), ['zengwei', 'zhangwei']);
    });

    it('ranks the surname reading above the common reading of a polyphonic surname', () => {
      const ceng = index.search('ceng');
      assert.equal(ceng[0]?.userid, 'cengfeng');
      assert.ok(position(ceng, 'zengwei') > 0);
      assert.equal(ceng[position(ceng, 'zengwei')]?.tier, 'fuzzy');
      const dan = index.search('dan');
      assert.ok(position(dan, 'danhong') < position(dan, 'shanli'));
      assert.ok(position(index.search('zeng'), 'zengwei') < 2);
    });

    it('finds typos, but only after every exact, prefix and initials hit', () => {
      const typo = index.search('zhangwi');
      assert.equal(typo[0]?.userid, 'zhangwei');
      assert.equal(typo[0]?.tier, 'fuzzy');
      const hits = index.search('zhangwe');
      assert.deepEqual(ids(hits).slice(0, 2), ['zhangwei', 'zhangwm']);
      assert.deepEqual(hits.slice(0, 2).map((h) => h.tier), ['prefix', 'prefix']);
      assert.ok(hits.slice(2).every((h) => h.tier === 'fuzzy'));
    });
  });

  describe('pre-ranked views of broad prefixes', () => {
    // Every prefix gets a view and every change merges, so these small cases take the view code path.
    const tuning = { viewMinPostings: 1, minDelta: 1 };
    it('rank a person found by a view and by another source by the better match', () => {
      const people = [
        { userid: 'a', name: '张伟', title: '销售经理', email: 'x.zjl@corp.cn' },
        { userid: 'b', name: '张建林' },
        { userid: 'c', name: '李四', email: 'zjlx@corp.cn' },
      ];
      const index = new SearchIndex(tuning);
      for (const person of people) index.upsert(person);
      const hits = index.search('zjl');
      assert.deepEqual(hits, linearScanSearch(people, 'zjl', 20));
      // 张伟 matches twice: by the e-mail word "zjl" (prefix tier, from the view) and as 张经理 (initials tier).
      assert.deepEqual(hits.map((h) => [h.userid, h.tier, h.field]), [['b', 'exact', 'initials'], ['a', 'prefix', 'email'], ['c', 'prefix', 'email']]);
    });

    it('built ahead by compact() agree with the linear scan', () => {
      const people = org();
      const index = new SearchIndex({ viewMinPostings: 2 });
      for (const person of people) index.upsert(person);
      index.compact();
      index.remove('zhangwei');
      const rest = people.filter((p) => p.userid !== 'zhangwei');
      for (const query of ['z', 'c', 'l', '张', 'zh']) assert.deepEqual(index.search(query), linearScanSearch(rest, query, 20), query);
    });

    it('see upserts and removals made after the view was built', () => {
      const index = new SearchIndex(tuning);
      index.upsert({ userid: 'a', name: '张伟' });
      index.upsert({ userid: 'b', name: '张三' });
      assert.deepEqual(ids(index.search('zhang')), ['a', 'b']);
      index.remove('b');
      index.upsert({ userid: 'c', name: '张一' });
      assert.deepEqual(ids(index.search('zhang')), ['c', 'a']);
      assert.deepEqual(ids(index.search('zhang', { boost: (u) => (u === 'a' ? 1 : 0) })), ['a', 'c']);
    });
  });

  describe('changes', () => {
    it('makes a removed person unfindable at once', () => {
      const index = indexOf(org());
      assert.ok(index.search('zhangwei').some((h) => h.userid === 'zhangwei'));
      index.remove('zhangwei');
      for (const query of ['zhangwei', '张伟', 'zw', '13812345678', '5678', 'e0012', 'zjl', 'wei']) {
        assert.ok(!index.search(query).some((h) => h.userid === 'zhangwei'), query);
      }
      assert.equal(index.size, org().length - 1);
      index.remove('zhangwei');
      index.remove('nobody');
      assert.equal(index.size, org().length - 1);
    });

    it('answers the same before and after compact()', () => {
      const index = indexOf(org());
      const before = ['zw', '陈', 'ceng', '5678', 'zhnagwei'].map((q) => index.search(q));
      index.remove('chenwei');
      index.compact();
      const after = ['zw', '陈', 'ceng', '5678', 'zhnagwei'].map((q) => index.search(q));
      assert.deepEqual(after[0], before[0]);
      assert.deepEqual(ids(after[1] ?? []), ['chandw']);
      assert.deepEqual(after.slice(2), before.slice(2));
    });

    it('keeps one entry when the same person is upserted twice', () => {
      const index = new SearchIndex();
      index.upsert({ userid: 'u1', name: '张伟' });
      index.upsert({ userid: 'u1', name: '张伟' });
      assert.equal(index.size, 1);
      assert.deepEqual(ids(index.search('张伟')), ['u1']);
      assert.deepEqual(ids(index.search('zw')), ['u1']);
    });

    it('replaces the old keys on upsert', () => {
      const index = new SearchIndex();
      index.upsert({ userid: 'u1', name: '张伟', mobile: '13800000001' });
      index.upsert({ userid: 'u1', name: '李娜', mobile: '13900000002' });
      assert.deepEqual(index.search('张伟'), []);
      assert.deepEqual(index.search('0001'), []);
      assert.deepEqual(ids(index.search('lina')), ['u1']);
      assert.deepEqual(ids(index.search('0002')), ['u1']);
    });

    it('stays correct across merges, slot reuse and many changes', () => {
      const index = new SearchIndex({ minDelta: 16, viewMinPostings: 2 });
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 60; i++) index.upsert({ userid: `u${i}`, name: i % 2 === round % 2 ? '张伟' : '李娜', mobile: `1380000${(i + round * 100).toString().padStart(4, '0')}` });
        for (let i = 0; i < 60; i += 3) index.remove(`u${i}`);
        assert.ok(index.search('z').length > 0);
      }
      assert.equal(index.size, 40);
      const zhang = index.search('张伟', { limit: 200 });
      const li = index.search('李娜', { limit: 200 });
      assert.equal(zhang.length + li.length, 40);
      assert.ok(!zhang.some((h) => li.some((l) => l.userid === h.userid)));
      assert.deepEqual(ids(index.search('04 01')), ['u1']);
    });
  });

  describe('options', () => {
    const index = indexOf(org());

    it('never returns people the filter hides, and they take no result slot', () => {
      const hits = index.search('zw', { filter: (u) => u !== 'zengwei', limit: 1 });
      assert.deepEqual(ids(hits), ['zhangwei']);
      assert.ok(!index.search('曾', { filter: (u) => !u.startsWith('zeng') }).some((h) => h.userid.startsWith('zeng')));
      assert.deepEqual(index.search('zw', { filter: () => false }), []);
    });

    it('respects the limit: default 20, at most 200, at least 1', () => {
      const many = new SearchIndex();
      for (let i = 0; i < 250; i++) many.upsert({ userid: `p${i.toString().padStart(3, '0')}`, name: '张伟' });
      assert.equal(many.search('张').length, 20);
      assert.equal(many.search('张', { limit: 5 }).length, 5);
      assert.equal(many.search('张', { limit: 1000 }).length, 200);
      assert.equal(many.search('张', { limit: 0 }).length, 1);
      assert.deepEqual(ids(many.search('张', { limit: 3 })), ['p000', 'p001', 'p002']);
      assert.equal(index.search('zw', { limit: 2 }).length, 2);
    });
  });
});
