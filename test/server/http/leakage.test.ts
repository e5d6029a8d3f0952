import assert from 'node:assert/strict';
import { directoryApp, type DirectoryAppFixture } from '../../helpers/directory-app.js';
import { D, emailOf, policyOrg, SECRETS, seedPolicy } from '../../helpers/policy-org.js';
import { openSse } from '../../helpers/sse-client.js';

interface Viewer {
  email: string;
  /** substrings that must appear nowhere in anything this viewer receives */
  never: readonly string[];
  /** substrings this viewer must see somewhere (so the test fails if everything were hidden) */
  sees: readonly string[];
}

const ALL_USERIDS = policyOrg().users.map((u) => u.userid);
const ALL_DEPTS = policyOrg().departments.map((d) => d.dept_id);

const VIEWERS: Record<string, Viewer> = {
  sales: {
    email: emailOf('sales1'),
    never: [...SECRETS.financeBookContact, ...SECRETS.financePerson, ...SECRETS.boardPerson, ...SECRETS.ceoMobile, ...SECRETS.hiddenMobile, ...SECRETS.rndMobiles, ...SECRETS.rndTitles],
    sees: ['王销售', '程序甲', '周总裁', '陳香港'],
  },
  outsource: {
    email: emailOf('out1'),
    never: [...SECRETS.financeBookContact, ...SECRETS.financePerson, ...SECRETS.boardPerson, ...SECRETS.ceoMobile, ...SECRETS.hiddenMobile, ...SECRETS.rndMobiles, ...SECRETS.rndTitles, '王销售', '陳香港', '周总裁', '程序甲'],
    sees: ['外包丙', '13977770000'],
  },
  finance: {
    email: emailOf('fin1'),
    never: [...SECRETS.boardPerson, ...SECRETS.ceoMobile, ...SECRETS.hiddenMobile, ...SECRETS.rndMobiles, ...SECRETS.rndTitles],
    sees: ['钱财务', '王销售', '审计师'],
  },
  hr: {
    email: emailOf('hr1'),
    never: [...SECRETS.financeBookContact, ...SECRETS.financePerson, ...SECRETS.boardPerson, ...SECRETS.ceoMobile, ...SECRETS.hiddenMobile],
    sees: ['13933330000', '密码学工程师'],
  },
  ceo: {
    email: emailOf('ceo'),
    never: [...SECRETS.financeBookContact, ...SECRETS.financePerson, ...SECRETS.hiddenMobile, ...SECRETS.rndMobiles, ...SECRETS.rndTitles],
    sees: ['董秘密', '董事会密室'],
  },
  unmapped: {
    email: 'auditor@corp.example',
    never: [...SECRETS.financeBookContact, ...SECRETS.financePerson, ...SECRETS.boardPerson, ...SECRETS.ceoMobile, ...SECRETS.hiddenMobile, ...SECRETS.rndMobiles, ...SECRETS.rndTitles],
    sees: ['王销售'],
  },
};

/** Queries that would find each secret if it were searchable: names, pinyin, initials, titles, digits, userids, e-mails. */
const QUERIES = [
  '钱财务', 'qiancaiwu', 'qcw', 'fin1', '会计', 'kuaiji', '13955550000', '1395555',
  '董秘密', 'dongmimi', 'dmm', 'board1', '董事', '13966660000',
  '13911110000', '1391111', '13822220000', '1382222', '13933330000', '13944440000', '139333',
  '密码学工程师', 'mimaxue', '研发主管', 'yfzg', '程', 'cheng', '王', 'wang', '外包', 'waibao', '陳', 'chen', 'a', 'corp',
];

describe('leakage: no hidden person or field reaches any viewer, on any read route or the change stream', function () {
  this.timeout(120_000);
  let fx: DirectoryAppFixture;
  let book: string;
  let baseUrl: string;

  before(async () => {
    fx = await directoryApp(policyOrg(), { superAdmins: ['super@corp.example'] });
    ({ hkBook: book } = await seedPolicy(fx.policy.repository));
    baseUrl = await fx.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => fx.close());

  /** Every read route with every target, as the viewer. */
  async function readEverything(headers: Record<string, string>): Promise<Array<[url: string, body: string]>> {
    const urls: string[] = [];
    for (const q of QUERIES) {
      urls.push(`/api/directory/search?q=${encodeURIComponent(q)}&limit=100`);
      urls.push(`/api/directory/search?q=${encodeURIComponent(q)}&limit=100&book=${book}`);
    }
    for (const userid of ALL_USERIDS) urls.push(`/api/directory/people/${userid}`);
    for (const dept of ALL_DEPTS) {
      urls.push(`/api/directory/departments/${dept}`, `/api/directory/departments/${dept}/members?limit=200`);
      urls.push(`/api/directory/departments/${dept}?book=${book}`, `/api/directory/departments/${dept}/members?limit=200&book=${book}`);
    }
    for (const b of (await fx.policy.snapshot()).books) {
      urls.push(`/api/directory/people/${encodeURIComponent(`ext:${b.id}:0`)}`, `/api/directory/search?q=${encodeURIComponent('审计师')}&book=${b.id}`);
    }
    urls.push('/api/directory/address-books', '/api/status/directory', '/api/status/sync', '/api/me', '/api/me/permissions');
    const bodies: Array<[string, string]> = [];
    for (const url of urls) {
      const res = await fx.app.inject({ url, headers });
      assert.ok(res.statusCode === 200 || res.statusCode === 404 || res.statusCode === 403, `${url} → ${res.statusCode}`);
      // The search response echoes the query itself; that is the viewer's own input, not a leak.
      bodies.push([url, res.body.replace(/"query":"(?:[^"\\]|\\.)*"/, '"query":"…"')]);
    }
    // Safety on send: a one-edit typo of every person's address must not name a hidden one.
    const typos = ALL_USERIDS.map((u) => `${u.slice(0, -1)}${u.endsWith('1') ? 'l' : '1'}@corp.example`);
    const check = await fx.app.inject({ method: 'POST', url: '/api/recipients/check', headers, payload: { recipients: [...typos, ...ALL_USERIDS.map(emailOf)] } });
    bodies.push(['/api/recipients/check', check.body]);
    return bodies;
  }

  for (const [name, viewer] of Object.entries(VIEWERS)) {
    it(`${name}: read routes`, async () => {
      const headers = await fx.identity.headersFor(viewer.email);
      const bodies = await readEverything(headers);
      const all = bodies.map(([, body]) => body).join('\n');
      for (const secret of viewer.never) {
        const leak = bodies.find(([, body]) => body.includes(secret));
        assert.equal(leak, undefined, `${name} received "${secret}" from ${leak?.[0]}: ${leak?.[1].slice(0, 300)}`);
      }
      for (const visible of viewer.sees) assert.ok(all.includes(visible), `${name} should see "${visible}"`);
    });
  }

  it('the people count is what the viewer may see', async () => {
    const count = async (email: string) => (await fx.app.inject({ url: '/api/status/directory', headers: await fx.identity.headersFor(email) })).json().people as number;
    const total = policyOrg().users.length;
    assert.equal(await count('super@corp.example'), total);
    assert.equal(await count(emailOf('out1')), 1);
    assert.ok((await count(emailOf('sales1'))) < total);
  });

  it('change stream: hidden people and fields never appear, visible changes do, under the current policy', async () => {
    const streams = await Promise.all(
      Object.entries(VIEWERS).map(async ([name, viewer]) => ({ name, viewer, sse: await openSse(`${baseUrl}/api/directory/events`, await fx.identity.headersFor(viewer.email)) })),
    );
    try {
      for (const s of streams) assert.equal(s.sse.status, 200, s.name);
      // Hidden people change; then a visible person changes last, as the marker every stream waits for.
      fx.sandbox.state.modifyUser('fin1', { title: '会计主管' });
      fx.sandbox.state.modifyUser('board1', { title: '董事长秘书' });
      fx.sandbox.state.modifyUser('dev1', { title: '密码学工程师', mobile: '13933330000' });
      fx.sandbox.state.modifyUser('out1', { title: '外包组长' });
      fx.sandbox.state.modifyUser('sales1', { title: '销售总监' });
      let n = 0;
      for (const userid of ['fin1', 'board1', 'dev1', 'out1', 'sales1']) {
        await fx.directory.applyEvent({ eventId: `leak-${n++}`, eventType: 'user_modify_org', bornAt: Date.now(), userIds: [userid], deptIds: [] });
      }
      for (const s of streams) {
        const marker = s.name === 'outsource' ? '外包组长' : '销售总监';
        await s.sse.waitFor((e) => e.data.includes(marker), 5_000);
        const received = s.sse.events.map((e) => e.data).join('\n');
        for (const secret of [...s.viewer.never, ...(s.name === 'ceo' || s.name === 'finance' ? [] : ['会计主管'])]) {
          assert.ok(!received.includes(secret), `${s.name}'s stream carried "${secret}"`);
        }
        if (s.name !== 'ceo') assert.ok(!received.includes('董事长秘书'), `${s.name}'s stream carried the board member`);
      }
      // A policy change while the stream is open applies to the next event: hide 销售部 from everyone else.
      await fx.app.inject({
        method: 'PUT',
        url: `/api/admin/visibility-rules/${D.sales}`,
        headers: await fx.identity.headersFor('super@corp.example'),
        payload: { audience: 'own_department', allowDeptIds: [], allowUserids: [] },
      });
      fx.sandbox.state.modifyUser('sales1', { title: '销售副总裁' });
      fx.sandbox.state.modifyUser('hk1', { title: '銷售經理' });
      await fx.directory.applyEvent({ eventId: 'leak-after-policy', eventType: 'user_modify_org', bornAt: Date.now(), userIds: ['sales1'], deptIds: [] });
      await fx.directory.applyEvent({ eventId: 'leak-marker', eventType: 'user_modify_org', bornAt: Date.now(), userIds: ['hk1'], deptIds: [] });
      const finance = streams.find((s) => s.name === 'finance');
      assert.ok(finance);
      await finance.sse.waitFor((e) => e.data.includes('銷售經理'), 5_000);
      assert.ok(!finance.sse.events.some((e) => e.data.includes('销售副总裁')), 'the new rule must apply to the open stream');
      const sales = streams.find((s) => s.name === 'sales');
      assert.ok(sales);
      await sales.sse.waitFor((e) => e.data.includes('销售副总裁'), 5_000);
    } finally {
      for (const s of streams) s.sse.close();
    }
  });
});
