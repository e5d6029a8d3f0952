import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pinyin } from 'pinyin-pro';
import { linearScanSearch, SearchIndex, type SearchablePerson, type SearchOptions } from '../../../../server/directory/search/search-index.js';

// Common and tricky characters: polyphonic and compound surnames, traditional forms, polyphonic given names.
const SURNAMES = ['张', '王', '李', '陈', '陳', '曾', '单', '單', '区', '區', '朴', '解', '仇', '长', '乐', '查', '翟', '欧阳', '尉迟', '单于', '诸葛'];
const GIVEN = ['伟', '偉', '芳', '娜', '强', '丽', '明', '华', '文', '小', '贤', '东', '建', '长', '乐', '行', '重', '大', '一', '子'];
const TITLES = ['销售经理', '软件工程师', '财务总监', '行政助理', '产品运营', 'CEO'];
const ENGLISH = ['Peter Chan', 'Mary Wong', 'Ken Lau', 'Ann'];

const personArb = (userid: string): fc.Arbitrary<SearchablePerson> =>
  fc
    .record(
      {
        surname: fc.constantFrom(...SURNAMES),
        given: fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }),
        title: fc.constantFrom(...TITLES),
        englishName: fc.constantFrom(...ENGLISH),
        // Some local parts collide with initials and surname + role keys, to exercise ties between sources.
        email: fc.oneof(fc.stringMatching(/^[a-e][a-e.]{0,5}$/), fc.constantFrom('zw', 'zjl', 'x.zjl', 'a.zzj', 'b.wjl', 'cw', 'zhangwei', 'c.lz')),
        mobile: fc.stringMatching(/^13[0-2]{9}$/),
        jobNumber: fc.stringMatching(/^E?[0-2]{3,5}$/),
      },
      { requiredKeys: ['surname', 'given'] },
    )
    .map(({ surname, given, ...rest }) => ({ userid, name: surname + given.join(''), ...rest }));

type Op = { kind: 'upsert'; person: SearchablePerson } | { kind: 'remove'; userid: string };
const USERIDS = Array.from({ length: 14 }, (_, i) => `u${i.toString().padStart(2, '0')}`);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...USERIDS).chain((id) => personArb(id)).map((person) => ({ kind: 'upsert' as const, person })) },
  { weight: 1, arbitrary: fc.constantFrom(...USERIDS).map((userid) => ({ kind: 'remove' as const, userid })) },
);

/** Queries a user might type for this person, derived with pinyin-pro directly (not with our key code). */
function queriesFor(person: SearchablePerson): string[] {
  const syllables = pinyin(person.name, { surname: 'head', toneType: 'none', type: 'array', v: true });
  const full = syllables.join('');
  const initials = syllables.map((s) => s.charAt(0)).join('');
  const chars = [...person.name];
  const out = [full, initials, full.slice(0, 1), full.slice(0, 3), full.slice(0, Math.ceil(full.length / 2)), initials.slice(0, 2)];
  out.push(person.name, chars[0] ?? '', `${chars[0] ?? ''}${syllables[1]?.charAt(0) ?? ''}`, `${syllables[0] ?? ''}${chars[1] ?? ''}`);
  if (full.length >= 5) out.push(full.slice(0, 2) + full.charAt(3) + full.charAt(2) + full.slice(4));
  if (person.mobile !== undefined) out.push(person.mobile.slice(-4), person.mobile.slice(0, 5));
  if (person.email !== undefined) out.push(person.email, person.email.slice(0, 2));
  if (person.englishName !== undefined) out.push(person.englishName.split(' ').at(-1) ?? '');
  return out;
}

function sameAsOracle(index: SearchIndex, people: readonly SearchablePerson[], query: string, limit: number, options: SearchOptions = {}): void {
  const fromIndex = index.search(query, { ...options, limit });
  const fromOracle = linearScanSearch(people, query, limit, options);
  assert.deepEqual(fromIndex, fromOracle, `query ${JSON.stringify(query)} limit ${limit}`);
}

describe('server/directory/search: index agrees with the linear scan', function () {
  // The oracle converts every name to pinyin for every query: slow by design.
  this.timeout(60_000);

  it('for queries derived from random names, after random upserts and removals (property)', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 40 }),
        fc.record({ minDelta: fc.integer({ min: 1, max: 40 }), viewMinPostings: fc.integer({ min: 1, max: 12 }) }),
        fc.constantFrom(1, 3, 20),
        (ops, tuning, limit) => {
          const index = new SearchIndex(tuning);
          const live = new Map<string, SearchablePerson>();
          for (const op of ops) {
            if (op.kind === 'upsert') {
              index.upsert(op.person);
              live.set(op.person.userid, op.person);
            } else {
              index.remove(op.userid);
              live.delete(op.userid);
            }
          }
          const people = [...live.values()];
          assert.equal(index.size, people.length);
          const queries = new Set(people.flatMap(queriesFor));
          const hidden = people[0]?.userid;
          const boost = (u: string): number => (Number(u.slice(1)) % 3) / 2;
          const withFunction: SearchOptions = { boost, filter: (u) => u !== hidden };
          const withMap: SearchOptions = { boost: new Map(USERIDS.map((u) => [u, boost(u)])) };
          for (const query of queries) {
            sameAsOracle(index, people, query, limit);
            sameAsOracle(index, people, query, limit, withFunction);
            sameAsOracle(index, people, query, limit, withMap);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds every person by full pinyin, initials and name (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...USERIDS), { minLength: 1, maxLength: 10 }).chain((ids) => fc.tuple(...ids.map(personArb))), (people) => {
        const index = new SearchIndex({ viewMinPostings: 2 });
        for (const person of people) index.upsert(person);
        for (const person of people) {
          const syllables = pinyin(person.name, { surname: 'head', toneType: 'none', type: 'array', v: true });
          for (const query of [syllables.join(''), syllables.map((s) => s.charAt(0)).join(''), person.name]) {
            assert.ok(index.search(query, { limit: 200 }).some((h) => h.userid === person.userid), `${person.name} by ${query}`);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
