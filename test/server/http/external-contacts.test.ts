import assert from 'node:assert/strict';
import { directoryApp, type DirectoryAppFixture } from '../../helpers/directory-app.js';
import { emailOf, policyOrg, seedPolicy } from '../../helpers/policy-org.js';

describe('address books with external contacts', () => {
  let fx: DirectoryAppFixture;
  let hkBook: string;
  before(async () => {
    fx = await directoryApp(policyOrg());
    ({ hkBook } = await seedPolicy(fx.policy.repository));
  });
  after(async () => fx.close());

  const search = async (email: string, q: string, book?: string) => {
    const url = `/api/directory/search?q=${encodeURIComponent(q)}${book === undefined ? '' : `&book=${book}`}`;
    return (await fx.app.inject({ url, headers: await fx.identity.headersFor(email) })).json().results as Array<{ userid: string; name: string; external?: boolean; company?: string }>;
  };

  it('are found by name, pinyin, initials, e-mail and company while their book is chosen, and only then', async () => {
    for (const q of ['李外部', 'liwaibu', 'lwb', 'partner', 'li@partner']) {
      const hits = await search(emailOf('sales1'), q, hkBook);
      const hit = hits.find((h) => h.external === true);
      assert.equal(hit?.name, '李外部', q);
      assert.equal(hit?.company, 'Partner Ltd');
    }
    assert.equal((await search(emailOf('sales1'), '李外部')).length, 0, 'not in the whole directory');
  });

  it('open as a contact card for viewers of the book, and are a 404 for everyone else', async () => {
    const [hit] = (await search(emailOf('sales1'), 'partner', hkBook)).filter((h) => h.external === true);
    assert.ok(hit);
    const card = await fx.app.inject({ url: `/api/directory/people/${encodeURIComponent(hit.userid)}`, headers: await fx.identity.headersFor(emailOf('sales1')) });
    assert.equal(card.statusCode, 200);
    assert.equal(card.json().mobile, '85261234567');
    const books = (await fx.app.inject({ url: '/api/directory/address-books', headers: await fx.identity.headersFor(emailOf('sales1')) })).json().books as Array<{ id: string; name: string }>;
    const financeBook = (await fx.policy.snapshot()).books.find((b) => b.name === '财务外部');
    assert.ok(financeBook);
    assert.ok(!books.some((b) => b.id === financeBook.id), 'sales may not use the finance book');
    const refused = await fx.app.inject({ url: `/api/directory/people/${encodeURIComponent(`ext:${financeBook.id}:0`)}`, headers: await fx.identity.headersFor(emailOf('sales1')) });
    assert.equal(refused.statusCode, 404);
    assert.ok(!refused.body.includes('审计师'));
    const allowed = await fx.app.inject({ url: `/api/directory/people/${encodeURIComponent(`ext:${financeBook.id}:0`)}`, headers: await fx.identity.headersFor(emailOf('fin1')) });
    assert.equal(allowed.json().name, '审计师');
    for (const bad of ['ext:', 'ext:x', `ext:${hkBook}:99`, `ext:${hkBook}:-1`]) {
      assert.equal((await fx.app.inject({ url: `/api/directory/people/${encodeURIComponent(bad)}`, headers: await fx.identity.headersFor(emailOf('sales1')) })).statusCode, 404, bad);
    }
  });
});
