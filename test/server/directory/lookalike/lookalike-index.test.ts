import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LookalikeIndex } from '../../../../server/directory/lookalike/lookalike-index.js';
import type { RecipientWarning } from '../../../../shared/recipients-api.js';

const OURS = 'dingdemo.example.com';
const options = { internalDomains: [OURS] };

function directory(): LookalikeIndex {
  return LookalikeIndex.from([
    { userid: 'zhangsan', name: '张三', addresses: [`zhangsl@${OURS}`] },
    { userid: 'wangmin', name: '王敏', addresses: [`wangmin@${OURS}`] },
    { userid: 'david', name: 'David Wu', addresses: [`david@${OURS}`] },
    { userid: 'wendy', name: 'Wendy Ho', addresses: [`wendy@${OURS}`] },
    { userid: 'oliver', name: 'Oliver Lam', addresses: [`oliver@${OURS}`] },
    { userid: 'zhangwei', name: '张伟', addresses: [`zhangwei@${OURS}`] },
    // a personal address next to the company one, as DingTalk's email / org_email hold them
    { userid: 'chenjing', name: '陈静', addresses: [`chenjing@${OURS}`, 'chenjing@qq.com'] },
  ]);
}

function only(index: LookalikeIndex, recipient: string): RecipientWarning | undefined {
  const warnings = index.check([recipient], options);
  assert.ok(warnings.length <= 1, recipient);
  return warnings[0];
}

describe('server/directory/lookalike/lookalike-index', () => {
  const index = directory();

  const warned: Array<[string, RecipientWarning['reason'], string, RegExp]> = [
    // [recipient, reason, resembled address, detail]
    [`zhangs1@${OURS}`, 'lookalike', `zhangsl@${OURS}`, /only by '1' instead of 'l'/],
    [`zhangsI@${OURS}`, 'lookalike', `zhangsl@${OURS}`, /'I' instead of 'l'/],
    [`0liver@${OURS}`, 'lookalike', `oliver@${OURS}`, /'0' instead of 'o'/],
    [`wangrnin@${OURS}`, 'lookalike', `wangmin@${OURS}`, /'rn' instead of 'm'/],
    [`vvendy@${OURS}`, 'lookalike', `wendy@${OURS}`, /'vv' instead of 'w'/],
    [`clavid@${OURS}`, 'lookalike', `david@${OURS}`, /'cl' instead of 'd'/],
    [`zhangwe@${OURS}`, 'lookalike', `zhangwei@${OURS}`, /a missing 'i'/],
    [`zhangweii@${OURS}`, 'lookalike', `zhangwei@${OURS}`, /an extra 'i'/],
    [`zhangwel@${OURS}`, 'lookalike', `zhangwei@${OURS}`, /'l' instead of 'i'/],
    [`zhagnwei@${OURS}`, 'lookalike', `zhangwei@${OURS}`, /'gn' instead of 'ng' \(two letters swapped\)/],
    // Cyrillic а (U+0430) in the local part: identical on screen
    [`zh\u0430ngsl@${OURS}`, 'lookalike', `zhangsl@${OURS}`, /U\+0430/],
    [`ZhangS1@DingDemo.Example.com`, 'lookalike', `zhangsl@${OURS}`, /'1' instead of 'l'/],
    ['chenjlng@qq.com', 'lookalike', 'chenjing@qq.com', /'l' instead of 'i'/],
    ['zhangsl@dingdemo.examp1e.com', 'domain-lookalike', `zhangsl@${OURS}`, /domain dingdemo\.examp1e\.com differs from dingdemo\.example\.com only by '1' instead of 'l'/],
    ['zhangsl@dingdemo.exampe.com', 'domain-lookalike', `zhangsl@${OURS}`, /a missing 'l'/],
    // the same Cyrillic trick in the domain, written as Outlook may hand it over (punycode)
    ['zhangsl@dingdemo.xn--exmple-4nf.com', 'domain-lookalike', `zhangsl@${OURS}`, /U\+0430/],
    ['zhangs1@dingdemo.examp1e.com', 'domain-lookalike', `zhangsl@${OURS}`, /looks like zhangsl@/],
    ['zhangsl@dingdemo-example.cn', 'external-lookalike', `zhangsl@${OURS}`, /external domain dingdemo-example\.cn resembles dingdemo\.example\.com/],
    ['chenjing@example.com.cn', 'external-lookalike', `chenjing@${OURS}`, /chenjing is the local part of chenjing@/],
    ['chenjlng@example.com.cn', 'external-lookalike', `chenjing@${OURS}`, /differs by 'l' instead of 'i'/],
  ];
  for (const [recipient, reason, resembled, detail] of warned) {
    it(`warns about ${recipient} (${reason})`, () => {
      const warning = only(index, recipient);
      assert.ok(warning, `${recipient} should warn`);
      assert.equal(warning.address, recipient);
      assert.equal(warning.reason, reason);
      assert.equal(warning.resembles?.email, resembled);
      assert.match(warning.detail, detail);
    });
  }

  it('names the person the address resembles', () => {
    assert.deepEqual(only(index, `zhangs1@${OURS}`)?.resembles, { email: `zhangsl@${OURS}`, name: '张三', userid: 'zhangsan' });
    assert.equal(only(index, 'zhangsl@dingdemo.examp1e.com')?.resemblesDomain, OURS);
  });

  it('warns about a one-letter-off domain even when nobody there has the local part', () => {
    const warning = only(index, 'newcomer@dingdemo.exampl.com');
    assert.equal(warning?.reason, 'domain-lookalike');
    assert.equal(warning?.resembles, null);
    assert.equal(warning?.resemblesDomain, OURS);
  });

  const silent = [
    `zhangsl@${OURS}`, // a directory address
    `ZHANGSL@DINGDEMO.EXAMPLE.COM`, // the same, in capitals
    ` <zhangsl@${OURS}> `, // the same, as Outlook may quote it
    'chenjing@qq.com', // a directory person's personal address
    'peter@gmail.com', // ordinary external
    'zhangsl@gmail.com', // a colleague's local part at an unrelated public domain
    'someone@partner.example.org', // unrelated
    `newhire@${OURS}`, // our domain, but not near anyone
    `zhangsl@mail.${OURS}`, // our own subdomain
    'not an address',
    '@nobody',
  ];
  for (const recipient of silent) {
    it(`does not warn about ${JSON.stringify(recipient)}`, () => {
      assert.equal(only(index, recipient), undefined);
    });
  }

  it('warns once per distinct address, in input order, and skips exact ones', () => {
    const warnings = index.check([`zhangs1@${OURS}`, `wangmin@${OURS}`, `ZHANGS1@${OURS}`, `clavid@${OURS}`], options);
    assert.deepEqual(warnings.map((w) => w.address), [`zhangs1@${OURS}`, `clavid@${OURS}`]);
  });

  it('knows which domain is ours only from the options', () => {
    assert.equal(index.check(['zhangsl@dingdemo.examp1e.com'], { internalDomains: [] }).length, 0);
    assert.equal(index.check(['zhangsl@dingdemo.examp1e.com'], { internalDomains: ['DingDemo.Example.com.'] }).length, 1);
  });

  describe('incremental updates', () => {
    it('upsert adds, changes and remove forgets a person', () => {
      const live = directory();
      const before = live.version;
      assert.equal(only(live, `lisi@${OURS}`), undefined);
      assert.equal(only(live, `lis1@${OURS}`), undefined);

      live.upsert('lisi', '李四', [`lisi@${OURS}`, null]);
      assert.ok(live.version > before);
      assert.equal(only(live, `lisi@${OURS}`), undefined);
      assert.equal(only(live, `lis1@${OURS}`)?.resembles?.userid, 'lisi');

      // a changed address: the old one is no longer a directory address but now resembles the new one
      live.upsert('lisi', '李四', [`lisi2@${OURS}`]);
      assert.equal(only(live, `lisi2@${OURS}`), undefined);
      assert.equal(only(live, `lisi@${OURS}`)?.resembles?.email, `lisi2@${OURS}`);

      // a changed name shows in the next warning
      live.upsert('lisi', '李思', [`lisi2@${OURS}`]);
      assert.equal(only(live, `lisi@${OURS}`)?.resembles?.name, '李思');

      assert.equal(live.remove('lisi'), true);
      assert.equal(live.remove('lisi'), false);
      assert.equal(only(live, `lisi@${OURS}`), undefined);
      assert.equal(only(live, `lisi3@${OURS}`), undefined);
    });

    it('an unchanged upsert changes nothing (the directory re-announces people on every sync)', () => {
      const live = directory();
      live.upsert('zhangsan', '张三', [`zhangsl@${OURS}`]);
      const version = live.version;
      live.upsert('zhangsan', '张三', [`zhangsl@${OURS}`]);
      assert.equal(live.version, version);
    });

    it('removing the last address at a domain stops checks there, and ids are reused safely', () => {
      const live = directory();
      assert.equal(live.domainCounts().get('qq.com'), 1);
      live.upsert('chenjing', '陈静', [`chenjing@${OURS}`]);
      assert.equal(live.domainCounts().get('qq.com'), undefined);
      assert.equal(only(live, 'chenjlng@qq.com'), undefined);
      const size = live.size;
      for (let i = 0; i < 50; i++) live.upsert(`temp${i}`, `临时${i}`, [`temp${i}@${OURS}`]);
      for (let i = 0; i < 50; i++) live.remove(`temp${i}`);
      assert.equal(live.size, size);
      assert.equal(only(live, `zhangs1@${OURS}`)?.resembles?.userid, 'zhangsan');
      assert.equal(only(live, `temp1@${OURS}`), undefined);
    });

    it('a letter that leaves the directory leaves the alphabet of edits, and comes back with it', () => {
      const live = LookalikeIndex.from([{ userid: 'q', name: 'Q', addresses: [`qq@${OURS}`] }]);
      live.upsert('a', 'A', [`ab@${OURS}`]);
      assert.equal(only(live, `a@${OURS}`)?.resembles?.userid, 'a'); // missing 'b'
      live.remove('a');
      live.upsert('x', 'X', [`xy@${OURS}`]);
      assert.equal(only(live, `x@${OURS}`)?.resembles?.userid, 'x'); // 'y' entered the alphabet
    });
  });

  it('property: every one-letter substitution of a directory local part that is not itself a directory address is warned about', () => {
    const localChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._-');
    const local = fc.string({ unit: localChar, minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.uniqueArray(local, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        // replacements include letters the directory does not use and Unicode lookalikes
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._-+', 'а', 'о', 'І', 'ɑ', 'é'),
        (locals, pick, position, replacement) => {
          const index = LookalikeIndex.from(locals.map((l, i) => ({ userid: `u${i}`, name: `Person ${i}`, addresses: [`${l}@${OURS}`] })));
          const target = locals[pick % locals.length] ?? '';
          const at = position % target.length;
          const typo = target.slice(0, at) + replacement + target.slice(at + 1);
          fc.pre(!locals.includes(typo.toLowerCase()));
          const warnings = index.check([`${typo}@${OURS}`], options);
          assert.equal(warnings.length, 1, `${typo} near ${target}`);
          assert.equal(warnings[0]?.reason, 'lookalike');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: a directory address never warns, whatever else the directory holds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9.]{1,10}$/), { minLength: 1, maxLength: 40 }), (locals) => {
        const index = LookalikeIndex.from(locals.map((l, i) => ({ userid: `u${i}`, name: `P${i}`, addresses: [`${l}@${OURS}`] })));
        assert.deepEqual(index.check(locals.map((l) => `${l}@${OURS}`), options), []);
      }),
      { numRuns: 200 },
    );
  });
});
