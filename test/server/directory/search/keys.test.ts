import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeText } from '../../../../server/directory/search/chinese-normalize.js';
import { Kind } from '../../../../server/directory/search/key-kinds.js';
import { personKeys, phoneDigits } from '../../../../server/directory/search/person-keys.js';
import { readName } from '../../../../server/directory/search/pinyin-keys.js';
import { parseQuery } from '../../../../server/directory/search/query-parser.js';
import { titleRoles } from '../../../../server/directory/search/title-role.js';
import { forEachTypoMatch, oneEditVariants, prefixWithinOneEdit, withinOneEdit } from '../../../../server/directory/search/typo.js';

function keysOf(name: string, kind: Kind, title?: string): string[] {
  const keys = personKeys(title === undefined ? { userid: 'x', name } : { userid: 'x', name, title });
  return keys.keys.filter((_, i) => keys.kinds[i] === kind);
}

describe('server/directory/search: keys', () => {
  describe('name readings', () => {
    const cases: [string, string, string[]][] = [
      // name, primary reading, readings that must be among the alternatives
      ['曾伟', 'zengwei', ['cengwei']],
      ['单丽', 'shanli', ['danli']],
      ['区志强', 'ouzhiqiang', ['quzhiqiang']],
      ['朴智妍', 'piaozhiyan', ['puzhiyan']],
      ['解晓东', 'xiexiaodong', ['jiexiaodong']],
      ['仇建', 'qiujian', ['choujian']],
      ['尉迟恭', 'yuchigong', ['weichigong']],
      ['单于飞', 'chanyufei', ['shanyufei', 'danyufei']],
      ['欧阳娜娜', 'ouyangnana', []],
      ['司马光', 'simaguang', []],
      ['诸葛亮', 'zhugeliang', []],
      ['區志強', 'ouzhiqiang', ['quzhiqiang']],
      ['單麗', 'shanli', ['danli']],
      ['陳大文', 'chendawen', []],
      ['吕布', 'lvbu', []],
    ];
    for (const [name, primary, alternates] of cases) {
      it(`reads ${name} as ${primary}`, () => {
        assert.deepEqual(keysOf(name, Kind.PINYIN), [primary]);
        for (const alt of alternates) assert.ok(keysOf(name, Kind.ALT_PINYIN).includes(alt), `${alt} among ${keysOf(name, Kind.ALT_PINYIN).join()}`);
        assert.ok(!keysOf(name, Kind.ALT_PINYIN).includes(primary));
      });
    }

    it('splits compound surnames from the given name', () => {
      assert.equal(readName([...'欧阳娜娜']).surnameLength, 2);
      assert.equal(readName([...'单于飞']).surnameLength, 2);
      assert.equal(readName([...'单于']).surnameLength, 1);
      assert.deepEqual(keysOf('尉迟恭', Kind.GIVEN_HAN), ['恭']);
      assert.deepEqual(keysOf('尉迟恭', Kind.INITIALS), ['ycg']);
    });

    it('keys names on their simplified form and ignores bracketed remarks', () => {
      assert.deepEqual(keysOf('陳大文', Kind.NAME_HAN), ['陈大文']);
      assert.deepEqual(keysOf('张伟（销售部）', Kind.NAME_HAN), ['张伟']);
      assert.deepEqual(keysOf('张伟（销售部）', Kind.PINYIN), ['zhangwei']);
    });

    it('keys a name mixing Chinese and Latin under both', () => {
      assert.deepEqual(keysOf('Peter Chan 陳大文', Kind.NAME_HAN), ['陈大文']);
      assert.deepEqual(keysOf('Peter Chan 陳大文', Kind.PINYIN), ['chendawen']);
      assert.deepEqual(keysOf('Peter Chan 陳大文', Kind.NAME_LATIN), ['peterchan']);
      assert.deepEqual(keysOf('Peter Chan 陳大文', Kind.NAME_LATIN_WORD), ['chan']);
    });

    it('keys Latin names by the whole and by later words', () => {
      assert.deepEqual(keysOf('John  Smith', Kind.NAME_LATIN), ['johnsmith']);
      assert.deepEqual(keysOf('John  Smith', Kind.NAME_LATIN_WORD), ['smith']);
      assert.deepEqual(keysOf('José Núñez', Kind.NAME_LATIN), ['josenunez']);
    });

    it('drops an e-mail key that equals the pinyin key (it could never rank differently)', () => {
      const keys = personKeys({ userid: 'x', name: '李娜', email: 'lina@corp.cn', orgEmail: 'li.na@dingtalk.example' });
      assert.deepEqual(keys.keys.filter((k) => k === 'lina'), ['lina']);
      assert.ok(keys.keys.includes('li.na'));
    });
  });

  describe('title roles', () => {
    const cases: [string, string[]][] = [
      ['销售经理', ['经理']],
      ['高级软件工程师', ['工程师']],
      ['副总经理', ['总经理', '总']],
      ['财务总监', ['总监', '总']],
      ['产品运营', ['运营']],
      ['CEO', []],
      ['销售经理（华南区）/区域主管', ['经理', '主管']],
    ];
    for (const [title, roles] of cases) {
      it(`"${title}" → ${roles.join(', ') || 'none'}`, () => {
        assert.deepEqual(titleRoles(normalizeText(title)), roles);
      });
    }

    it('builds surname + role keys in characters, pinyin and initials', () => {
      assert.deepEqual(keysOf('张伟', Kind.TITLE_HAN, '销售经理'), ['张经理']);
      assert.deepEqual(keysOf('张伟', Kind.TITLE_PINYIN, '销售经理'), ['zhangjingli']);
      assert.deepEqual(keysOf('张伟', Kind.TITLE_INITIALS, '销售经理'), ['zjl']);
      assert.deepEqual(keysOf('欧阳娜娜', Kind.TITLE_HAN, '銷售經理'), ['欧阳经理']);
    });
  });

  describe('phone digits', () => {
    const cases: [string, string][] = [
      ['+86 138-1234-5678', '13812345678'],
      ['8613812345678', '13812345678'],
      ['0086 13812345678', '13812345678'],
      ['0755-1234 5678', '075512345678'],
      ['+852 2123 4567', '85221234567'],
      ['ext. 12', ''],
      ['12', ''],
    ];
    for (const [raw, digits] of cases) {
      it(`${JSON.stringify(raw)} → ${JSON.stringify(digits)}`, () => assert.equal(phoneDigits(raw), digits));
    }
  });

  describe('query parsing', () => {
    it('spells the Han part of a mixed query in pinyin and requires the characters', () => {
      assert.deepEqual(parseQuery('张s'), { prefixes: ['zhangs'], requiredHan: '张', typoPrefixes: [], phoneSubstring: '' });
      const zeng = parseQuery('曾x');
      assert.ok(zeng.prefixes.includes('zengx') && zeng.prefixes.includes('cengx'));
    });

    it('normalises Chinese queries to simplified', () => {
      assert.deepEqual(parseQuery(' 陳 ').prefixes, ['陈']);
    });

    it('normalises Latin queries and allows typos from 4 characters', () => {
      assert.deepEqual(parseQuery(' Zhang Wei '), { prefixes: ['zhangwei'], requiredHan: '', typoPrefixes: ['zhangwei'], phoneSubstring: '' });
      assert.deepEqual(parseQuery('zwm').typoPrefixes, []);
      assert.deepEqual(parseQuery('peter.chan@corp.hk').prefixes, ['peter.chan', 'peterchan']);
    });

    it('reads phone-like queries as digits', () => {
      assert.deepEqual(parseQuery('+86 138-1234'), { prefixes: ['1381234'], requiredHan: '', typoPrefixes: [], phoneSubstring: '1381234' });
      assert.equal(parseQuery('123').phoneSubstring, '');
    });
  });

  describe('typos', () => {
    it('generates exactly the strings one edit away (property)', () => {
      const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 });
      fc.assert(
        fc.property(word, word, (a, b) => {
          assert.equal(oneEditVariants(a, 'abc').has(b), a !== b && withinOneEdit(a, b));
        }),
        { numRuns: 2000 },
      );
    });

    it('walks a sorted key list to exactly the keys a typo matches (property)', () => {
      const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 1, maxLength: 7 });
      fc.assert(
        fc.property(fc.uniqueArray(key, { minLength: 100, maxLength: 400 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 4, maxLength: 6 }), (unsorted, query) => {
          const keys = unsorted.sort();
          const visited = new Set<number>();
          forEachTypoMatch(query, 'abcd', keys.length, (i) => keys[i] ?? '', (from, to) => {
            for (let i = from; i < to; i++) visited.add(i);
          });
          const expected = keys.flatMap((k, i) => (prefixWithinOneEdit(query, k) ? [i] : []));
          assert.deepEqual([...visited].sort((a, b) => a - b), expected);
        }),
        { numRuns: 300 },
      );
    });

    it('matches a key when one of its prefixes is one edit away', () => {
      assert.ok(prefixWithinOneEdit('zhnagwei', 'zhangwei'));
      assert.ok(prefixWithinOneEdit('pter', 'peterchan'));
      assert.ok(prefixWithinOneEdit('zhangwi', 'zhangweiming'));
      assert.ok(!prefixWithinOneEdit('zhnagwie', 'zhangwei'));
      assert.ok(!prefixWithinOneEdit('abcd', 'xyz'));
    });
  });
});
