import assert from 'node:assert/strict';
import { AccessTokenCache } from '../../../../server/connectors/dingtalk/token-cache.js';

describe('server/connectors/dingtalk/token-cache', () => {
  it('fetches once for many concurrent callers', async () => {
    let fetches = 0;
    const cache = new AccessTokenCache(async () => {
      fetches++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { token: `t${fetches}`, expiresInSeconds: 7200 };
    });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    assert.equal(fetches, 1);
    assert.ok(tokens.every((t) => t === 't1'));
  });

  it('refreshes shortly before expiry, not after', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new AccessTokenCache(async () => ({ token: `t${++fetches}`, expiresInSeconds: 7200 }), {
      refreshMarginMs: 300_000,
      clock: () => now,
    });
    assert.equal(await cache.get(), 't1');
    now = 7200_000 - 300_001;
    assert.equal(await cache.get(), 't1');
    now = 7200_000 - 299_999;
    assert.equal(await cache.get(), 't2');
  });

  it('invalidates only the token it was told about', async () => {
    let fetches = 0;
    const cache = new AccessTokenCache(async () => ({ token: `t${++fetches}`, expiresInSeconds: 7200 }));
    await cache.get();
    cache.invalidate('other');
    assert.equal(await cache.get(), 't1');
    cache.invalidate('t1');
    assert.equal(await cache.get(), 't2');
  });

  it('lets the next caller retry after a failed fetch', async () => {
    let fetches = 0;
    const cache = new AccessTokenCache(async () => {
      fetches++;
      if (fetches === 1) throw new Error('down');
      return { token: 'ok', expiresInSeconds: 7200 };
    });
    await assert.rejects(cache.get(), /down/);
    assert.equal(await cache.get(), 'ok');
  });
});
