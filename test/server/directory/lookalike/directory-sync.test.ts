import assert from 'node:assert/strict';
import { internalDomainsOf, lookalikeSync } from '../../../../server/directory/lookalike/directory-sync.js';
import { LookalikeIndex } from '../../../../server/directory/lookalike/lookalike-index.js';

const OURS = 'dingdemo.example.com';

describe('server/directory/lookalike/directory-sync', () => {
  it('mirrors upserted and removed people (e-mail and org e-mail) into the index', () => {
    const index = new LookalikeIndex();
    const sync = lookalikeSync(index);
    sync({ kind: 'upserted', person: { userid: 'zhangsan', name: '张三', email: 'zs@qq.com', orgEmail: `zhangsl@${OURS}` } });
    assert.equal(index.size, 2);
    assert.equal(index.check([`zhangs1@${OURS}`], { internalDomains: [OURS] })[0]?.resembles?.userid, 'zhangsan');
    assert.equal(index.check(['zs1@qq.com'], { internalDomains: [OURS] })[0]?.resembles?.email, 'zs@qq.com');

    sync({ kind: 'upserted', person: { userid: 'zhangsan', name: '张三', email: null, orgEmail: `zhangsl@${OURS}` } });
    assert.equal(index.size, 1);
    sync({ kind: 'removed', userid: 'zhangsan' });
    assert.equal(index.size, 0);
    assert.deepEqual(index.check([`zhangs1@${OURS}`], { internalDomains: [OURS] }), []);
  });

  it('guesses our domains from the directory: common ones, not free-mail providers, plus configured ones', () => {
    const index = new LookalikeIndex();
    for (let i = 0; i < 40; i++) index.upsert(`u${i}`, `P${i}`, [`p${i}@${OURS}`, i % 2 === 0 ? `p${i}@qq.com` : null]);
    index.upsert('x', 'X', ['x@tiny-vendor.com']);
    const domains = internalDomainsOf(index, { include: ['Corp.Example.com'] });
    assert.deepEqual(domains(), ['corp.example.com', OURS]);
    assert.equal(domains(), domains(), 'cached while the index is unchanged');

    // a subsidiary that grows past the share becomes ours
    for (let i = 0; i < 10; i++) index.upsert(`s${i}`, `S${i}`, [`s${i}@sub.example.cn`]);
    assert.deepEqual(domains(), ['corp.example.com', OURS, 'sub.example.cn']);
  });
});
