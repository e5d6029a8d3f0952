import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { directoryApp, type DirectoryAppFixture } from '../../helpers/directory-app.js';
import { D, emailOf, policyOrg, seedPolicy } from '../../helpers/policy-org.js';

type Principal = 'super' | 'sub' | 'hr' | 'auditor' | 'user' | 'anonymous';
const PRINCIPALS: readonly Principal[] = ['super', 'sub', 'hr', 'auditor', 'user', 'anonymous'];
const EMAIL: Record<Exclude<Principal, 'anonymous'>, string> = {
  super: 'super@corp.example',
  sub: emailOf('dev2'), // sub-admin of 研发部 (D.rnd)
  hr: emailOf('hr1'), // HR editor, whole organisation
  auditor: 'auditor@corp.example',
  user: emailOf('sales1'),
};

/** In scope = 研发部 (the sub-admin's subtree); out of scope = 销售部. */
interface Case {
  name: string;
  request: (scope: 'in' | 'out') => InjectOptions;
  expect: Record<Principal, [inScope: number, outOfScope: number]>;
}

const everyone = { everyone: true, deptIds: [], userids: [] };
const json = (method: NonNullable<InjectOptions['method']>, url: string, payload?: object): InjectOptions => ({ method, url, ...(payload === undefined ? {} : { payload }) });
const deptOf = (scope: 'in' | 'out') => (scope === 'in' ? D.backend : D.sales);
const personOf = (scope: 'in' | 'out') => (scope === 'in' ? 'dev1' : 'sales1');
const same = (s: number): [number, number] => [s, s];
const ANON: [number, number] = [401, 401];

const CASES: Case[] = [
  // ---- admin routes
  { name: 'GET /api/admin/departments', request: () => json('GET', '/api/admin/departments'), expect: { super: same(200), sub: same(200), hr: same(200), auditor: same(403), user: same(403), anonymous: ANON } },
  { name: 'GET /api/admin/visibility-rules', request: () => json('GET', '/api/admin/visibility-rules'), expect: { super: same(200), sub: same(200), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON } },
  {
    name: 'PUT /api/admin/visibility-rules/:deptId',
    request: (s) => json('PUT', `/api/admin/visibility-rules/${deptOf(s)}`, { audience: 'everyone', allowDeptIds: [], allowUserids: [] }),
    expect: { super: [200, 200], sub: [200, 403], hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  {
    name: 'DELETE /api/admin/visibility-rules/:deptId (no rule there: allowed = 404)',
    request: (s) => json('DELETE', `/api/admin/visibility-rules/${s === 'in' ? D.rnd : D.shSales}`),
    expect: { super: same(404), sub: [404, 403], hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  { name: 'GET /api/admin/field-masks', request: () => json('GET', '/api/admin/field-masks'), expect: { super: same(200), sub: same(200), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON } },
  {
    name: 'POST /api/admin/field-masks',
    request: (s) => json('POST', '/api/admin/field-masks', { name: 'm', fields: ['mobile'], targetDeptIds: [deptOf(s)], viewers: everyone, exemptUserids: [] }),
    expect: { super: same(201), sub: [201, 403], hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  {
    name: 'POST /api/admin/field-masks (whole organisation)',
    request: () => json('POST', '/api/admin/field-masks', { name: 'm', fields: ['mobile'], targetDeptIds: [], viewers: everyone, exemptUserids: [] }),
    expect: { super: same(201), sub: same(403), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  { name: 'GET /api/admin/address-books', request: () => json('GET', '/api/admin/address-books'), expect: { super: same(200), sub: same(200), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON } },
  {
    name: 'POST /api/admin/address-books',
    request: (s) => json('POST', '/api/admin/address-books', { name: 'b', deptIds: [deptOf(s)], userids: [], viewers: everyone }),
    expect: { super: same(201), sub: [201, 403], hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  { name: 'GET /api/admin/roles', request: () => json('GET', '/api/admin/roles'), expect: { super: same(200), sub: same(403), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON } },
  {
    name: 'POST /api/admin/roles',
    request: (s) => json('POST', '/api/admin/roles', { email: 'new@corp.example', role: 'sub_admin', deptIds: [deptOf(s)] }),
    expect: { super: same(201), sub: same(403), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  {
    name: 'GET /api/admin/people/:userid/overlay',
    request: (s) => json('GET', `/api/admin/people/${personOf(s)}/overlay`),
    expect: { super: same(200), sub: [200, 403], hr: same(200), auditor: same(403), user: same(403), anonymous: ANON },
  },
  {
    name: 'PUT /api/admin/people/:userid/overlay',
    request: (s) => json('PUT', `/api/admin/people/${personOf(s)}/overlay`, { tags: ['VIP'], note: '', showMobile: true, showTelephone: true }),
    expect: { super: same(200), sub: [200, 403], hr: same(200), auditor: same(403), user: same(403), anonymous: ANON },
  },
  { name: 'GET /api/admin/viewer-mappings', request: () => json('GET', '/api/admin/viewer-mappings'), expect: { super: same(200), sub: same(200), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON } },
  {
    name: 'PUT /api/admin/viewer-mappings/:email',
    request: (s) => json('PUT', `/api/admin/viewer-mappings/${encodeURIComponent('alias@corp.example')}`, { userid: personOf(s) }),
    expect: { super: same(200), sub: [200, 403], hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  { name: 'GET /api/admin/audit', request: () => json('GET', '/api/admin/audit'), expect: { super: same(200), sub: same(403), hr: same(403), auditor: same(200), user: same(403), anonymous: ANON } },
  { name: 'GET /api/admin/audit.csv', request: () => json('GET', '/api/admin/audit.csv'), expect: { super: same(200), sub: same(403), hr: same(403), auditor: same(200), user: same(403), anonymous: ANON } },
  { name: 'GET /api/admin/mail-accounts', request: () => json('GET', '/api/admin/mail-accounts'), expect: { super: same(200), sub: same(200), hr: same(403), auditor: same(403), user: same(403), anonymous: ANON } },
  {
    name: 'PUT /api/admin/mail-accounts/:mailbox',
    request: (s) => json('PUT', `/api/admin/mail-accounts/${encodeURIComponent(emailOf(personOf(s)))}`, { dingtalkAddress: `${personOf(s)}@dingtalk.corp.example`, appPassword: 'client-pw' }),
    expect: { super: same(200), sub: [200, 403], hr: same(403), auditor: same(403), user: same(403), anonymous: ANON },
  },
  { name: 'GET /api/me/permissions', request: () => json('GET', '/api/me/permissions'), expect: { super: same(200), sub: same(200), hr: same(200), auditor: same(200), user: same(200), anonymous: ANON } },
  // ---- data routes: in scope = a person/department everyone may see; out of scope = 财务部 (own department only)
  {
    name: 'GET /api/directory/people/:userid',
    request: (s) => json('GET', `/api/directory/people/${s === 'in' ? 'sales1' : 'fin1'}`),
    expect: { super: [200, 404], sub: [200, 404], hr: [200, 404], auditor: [200, 404], user: [200, 404], anonymous: ANON },
  },
  {
    name: 'GET /api/directory/departments/:deptId',
    request: (s) => json('GET', `/api/directory/departments/${s === 'in' ? D.sales : D.board}`),
    expect: { super: [200, 404], sub: [200, 404], hr: [200, 404], auditor: [200, 404], user: [200, 404], anonymous: ANON },
  },
  {
    name: 'GET /api/directory/departments/:deptId/members',
    request: (s) => json('GET', `/api/directory/departments/${s === 'in' ? D.sales : D.board}/members`),
    expect: { super: [200, 404], sub: [200, 404], hr: [200, 404], auditor: [200, 404], user: [200, 404], anonymous: ANON },
  },
  {
    name: 'POST /api/directory/people/:userid/use',
    request: (s) => json('POST', `/api/directory/people/${s === 'in' ? 'sales1' : 'fin1'}/use`),
    expect: { super: [204, 404], sub: [204, 404], hr: [204, 404], auditor: [204, 404], user: [204, 404], anonymous: ANON },
  },
  {
    name: 'GET /api/directory/search?book=',
    request: (s) => json('GET', `/api/directory/search?q=a&book=${s === 'in' ? '{book}' : 'no-such-book'}`),
    expect: { super: [200, 404], sub: [200, 404], hr: [200, 404], auditor: [200, 404], user: [200, 404], anonymous: ANON },
  },
];

describe('authorisation matrix: every role × admin and data route × in/out of scope', function () {
  this.timeout(60_000);
  let fx: DirectoryAppFixture;
  let book: string;
  const headers = new Map<Principal, Record<string, string>>();

  before(async () => {
    fx = await directoryApp(policyOrg(), { superAdmins: [EMAIL.super] });
    ({ hkBook: book } = await seedPolicy(fx.policy.repository));
    for (const p of PRINCIPALS) headers.set(p, p === 'anonymous' ? {} : await fx.identity.headersFor(EMAIL[p]));
  });
  after(async () => fx.close());

  for (const c of CASES) {
    for (const principal of PRINCIPALS) {
      for (const scope of ['in', 'out'] as const) {
        const expected = c.expect[principal][scope === 'in' ? 0 : 1];
        it(`${c.name} · ${principal} · ${scope} scope → ${expected}`, async () => {
          const request = c.request(scope);
          const url = String(request.url).replace('{book}', book);
          const res = await fx.app.inject({ ...request, url, headers: headers.get(principal) ?? {} });
          assert.equal(res.statusCode, expected, res.body.slice(0, 300));
          if (expected === 403) assert.equal(res.json().error.code, 'APP_ERR_FORBIDDEN');
        });
      }
    }
  }

  it('applies a role change on the very next request, and revoking it too', async () => {
    const user = headers.get('user') ?? {};
    const put = () => fx.app.inject({ method: 'PUT', url: `/api/admin/visibility-rules/${D.sales}`, headers: user, payload: { audience: 'everyone', allowDeptIds: [], allowUserids: [] } });
    assert.equal((await put()).statusCode, 403);
    const granted = await fx.app.inject({ method: 'POST', url: '/api/admin/roles', headers: headers.get('super') ?? {}, payload: { email: EMAIL.user, role: 'sub_admin', deptIds: [D.sales] } });
    assert.equal(granted.statusCode, 201);
    assert.equal((await put()).statusCode, 200);
    assert.equal((await fx.app.inject({ method: 'DELETE', url: `/api/admin/roles/${granted.json().id}`, headers: headers.get('super') ?? {} })).statusCode, 204);
    assert.equal((await put()).statusCode, 403);
  });

  it('refuses to remove a configured super admin or the last super admin', async () => {
    const superHeaders = headers.get('super') ?? {};
    const roles = (await fx.app.inject({ url: '/api/admin/roles', headers: superHeaders })).json().assignments as Array<{ id: string; fromConfig: boolean }>;
    const configured = roles.find((r) => r.fromConfig);
    assert.ok(configured);
    const res = await fx.app.inject({ method: 'DELETE', url: `/api/admin/roles/${encodeURIComponent(configured.id)}`, headers: superHeaders });
    assert.equal(res.statusCode, 409);
  });

  it('records every admin write in the audit log with before and after, and the chain verifies', async () => {
    const superHeaders = headers.get('super') ?? {};
    await fx.app.inject({ method: 'PUT', url: `/api/admin/visibility-rules/${D.hk}`, headers: superHeaders, payload: { audience: 'listed', allowDeptIds: [D.sales], allowUserids: [] } });
    await fx.app.inject({ method: 'PUT', url: `/api/admin/visibility-rules/${D.hk}`, headers: superHeaders, payload: { audience: 'own_department', allowDeptIds: [], allowUserids: [] } });
    const page = (await fx.app.inject({ url: `/api/admin/audit?target=dept:${D.hk}`, headers: superHeaders })).json();
    const [latest, previous] = page.entries;
    assert.equal(latest.actor, EMAIL.super);
    assert.equal(latest.action, 'visibility_rule.put');
    assert.equal(latest.before.audience, 'listed');
    assert.equal(latest.after.audience, 'own_department');
    assert.equal(previous.before, null);
    assert.deepEqual(await fx.store.audit.verify(), { ok: true, entries: (await fx.store.audit.list({ limit: 10_000 })).length });
    const csv = await fx.app.inject({ url: `/api/admin/audit.csv?target=dept:${D.hk}`, headers: superHeaders });
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.equal(csv.body.trim().split('\r\n').length, 3, 'header + 2 entries');
  });

  it('a refused admin write changes nothing and writes no audit entry', async () => {
    const before = (await fx.store.audit.list({ limit: 10_000 })).length;
    const res = await fx.app.inject({ method: 'PUT', url: `/api/admin/visibility-rules/${D.sales}`, headers: headers.get('sub') ?? {}, payload: { audience: 'own_department', allowDeptIds: [], allowUserids: [] } });
    assert.equal(res.statusCode, 403);
    assert.equal((await fx.store.audit.list({ limit: 10_000 })).length, before);
    assert.equal((await fx.policy.snapshot()).rules.get(D.sales)?.audience ?? 'none', 'everyone');
  });
});
