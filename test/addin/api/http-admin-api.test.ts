import assert from 'node:assert/strict';
import { isConflict, isForbidden } from '../../../addin/api/api-error.js';
import { HttpBridgeApi } from '../../../addin/api/http-bridge-api.js';
import type { TokenProvider } from '../../../addin/auth/token-provider.js';

const tokens: TokenProvider = { kind: 'sandbox', getToken: async () => 'admin-token', invalidate: () => undefined };

interface Seen {
  method: string;
  url: string;
  auth: string | null;
  accept: string | null;
  contentType: string | null;
  body: unknown;
}

/** A backend that records each request and answers with `answer(request)`. */
function backend(answer: (seen: Seen) => Response): { api: HttpBridgeApi; seen: Seen[] } {
  const seen: Seen[] = [];
  const api = new HttpBridgeApi({
    tokens,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      const request: Seen = {
        method: init?.method ?? 'GET',
        url: String(input),
        auth: headers.get('authorization'),
        accept: headers.get('accept'),
        contentType: headers.get('content-type'),
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      seen.push(request);
      return answer(request);
    },
  });
  return { api, seen };
}

describe('HttpBridgeApi › admin routes', () => {
  it('reads the lists out of their envelopes', async () => {
    const { api, seen } = backend((request) => {
      const bodies: Record<string, unknown> = {
        '/api/admin/departments': { departments: [{ deptId: 1, name: 'Root', parentId: null }] },
        '/api/admin/visibility-rules': { rules: [] },
        '/api/admin/field-masks': { masks: [] },
        '/api/admin/address-books': { books: [] },
        '/api/admin/roles': { assignments: [] },
        '/api/directory/address-books': { books: [{ id: 'b1', name: 'Partners' }] },
        '/api/me/permissions': { canAdminister: true },
      };
      return Response.json(bodies[request.url]);
    });
    assert.deepEqual(await api.admin.departments(), [{ deptId: 1, name: 'Root', parentId: null }]);
    assert.deepEqual(await api.admin.visibilityRules(), []);
    assert.deepEqual(await api.admin.fieldMasks(), []);
    assert.deepEqual(await api.admin.addressBooks(), []);
    assert.deepEqual(await api.admin.roleAssignments(), []);
    assert.deepEqual(await api.addressBooks(), [{ id: 'b1', name: 'Partners' }]);
    assert.deepEqual(await api.myPermissions(), { canAdminister: true });
    assert.ok(seen.every((request) => request.method === 'GET' && request.auth === 'Bearer admin-token'));
  });

  it('writes with the right method, path and JSON body; a 204 resolves to undefined', async () => {
    const { api, seen } = backend((request) => (request.method === 'DELETE' ? new Response(null, { status: 204 }) : Response.json({ ok: request.url }, { status: request.method === 'POST' ? 201 : 200 })));
    const audience = { everyone: true, deptIds: [], userids: [] };
    await api.admin.putVisibilityRule(5, { audience: 'listed', allowDeptIds: [7], allowUserids: ['u1'] });
    assert.equal(await api.admin.deleteVisibilityRule(5), undefined);
    await api.admin.createFieldMask({ name: 'm', fields: ['mobile'], targetDeptIds: [], viewers: audience, exemptUserids: [] });
    await api.admin.updateFieldMask('mask/1', { name: 'm', fields: ['email'], targetDeptIds: [], viewers: audience, exemptUserids: [] });
    await api.admin.deleteFieldMask('mask/1');
    await api.admin.createAddressBook({ name: 'b', deptIds: [5], userids: [], externalContacts: [], viewers: audience });
    await api.admin.updateAddressBook('b1', { name: 'b', deptIds: [5], userids: [], externalContacts: [], viewers: audience });
    await api.admin.deleteAddressBook('b1');
    await api.admin.createRoleAssignment({ email: 'a@b.example', role: 'auditor', deptIds: [] });
    await api.admin.deleteRoleAssignment('r1');
    await api.admin.personOverlay('u 1');
    await api.admin.putPersonOverlay('u 1', { tags: ['x'], note: '', showMobile: false, showTelephone: true });

    assert.deepEqual(
      seen.map((request) => `${request.method} ${request.url}`),
      [
        'PUT /api/admin/visibility-rules/5',
        'DELETE /api/admin/visibility-rules/5',
        'POST /api/admin/field-masks',
        'PUT /api/admin/field-masks/mask%2F1',
        'DELETE /api/admin/field-masks/mask%2F1',
        'POST /api/admin/address-books',
        'PUT /api/admin/address-books/b1',
        'DELETE /api/admin/address-books/b1',
        'POST /api/admin/roles',
        'DELETE /api/admin/roles/r1',
        'GET /api/admin/people/u%201/overlay',
        'PUT /api/admin/people/u%201/overlay',
      ],
    );
    assert.deepEqual(seen[0]?.body, { audience: 'listed', allowDeptIds: [7], allowUserids: ['u1'] });
    assert.equal(seen[0]?.contentType, 'application/json');
    assert.deepEqual(seen[8]?.body, { email: 'a@b.example', role: 'auditor', deptIds: [] });
    assert.deepEqual(seen[11]?.body, { tags: ['x'], note: '', showMobile: false, showTelephone: true });
    assert.equal(seen[1]?.body, undefined, 'a DELETE has no body');
    assert.equal(seen[1]?.contentType, null);
  });

  it('pages the audit log and fetches the CSV with the bearer token and the same filters', async () => {
    const { api, seen } = backend((request) =>
      request.url.startsWith('/api/admin/audit.csv') ? new Response('seq,at\n1,2\n', { headers: { 'content-type': 'text/csv' } }) : Response.json({ entries: [], nextBeforeSeq: null }),
    );
    await api.admin.auditLog({ actor: 'a@b.example', from: 10, to: 20, limit: 50, beforeSeq: 7 });
    const csv = await api.admin.auditCsv({ actor: 'a@b.example', action: 'x' });

    assert.equal(seen[0]?.url, '/api/admin/audit?actor=a%40b.example&from=10&to=20&limit=50&beforeSeq=7');
    assert.equal(seen[1]?.url, '/api/admin/audit.csv?actor=a%40b.example&action=x');
    assert.equal(seen[1]?.auth, 'Bearer admin-token', 'a plain link would not carry the token');
    assert.equal(seen[1]?.accept, 'text/csv');
    assert.equal(csv, 'seq,at\n1,2\n');
  });

  it('passes the address book to the directory reads', async () => {
    const { api, seen } = backend(() => Response.json({ results: [], members: [] }));
    await api.search('zw', { limit: 5, book: 'b 1' });
    await api.department(3, { book: 'b 1' });
    await api.members(3, { offset: 0, limit: 50, book: 'b 1' });
    await api.person('u1', { book: 'b 1' });
    await api.search('zw', { limit: 5 });
    assert.deepEqual(
      seen.map((request) => request.url),
      [
        '/api/directory/search?q=zw&limit=5&book=b+1',
        '/api/directory/departments/3?book=b+1',
        '/api/directory/departments/3/members?offset=0&limit=50&book=b+1',
        '/api/directory/people/u1?book=b+1',
        '/api/directory/search?q=zw&limit=5',
      ],
    );
  });

  it('tells a 403 (role or scope) and a 409 apart from other failures', async () => {
    const forbiddenApi = backend(() => Response.json({ error: { code: 'APP_ERR_FORBIDDEN', message: 'outside your scope' } }, { status: 403 })).api;
    await assert.rejects(forbiddenApi.admin.putVisibilityRule(3, { audience: 'everyone', allowDeptIds: [], allowUserids: [] }), (e: unknown) => isForbidden(e) && !isConflict(e));
    const conflictApi = backend(() => Response.json({ error: { code: 'APP_ERR_CONFLICT', message: 'changed' } }, { status: 409 })).api;
    await assert.rejects(conflictApi.admin.deleteFieldMask('m1'), (e: unknown) => isConflict(e) && !isForbidden(e));
    const serverApi = backend(() => new Response('oops', { status: 503 })).api;
    await assert.rejects(serverApi.admin.fieldMasks(), (e: unknown) => !isConflict(e) && !isForbidden(e));
  });
});
