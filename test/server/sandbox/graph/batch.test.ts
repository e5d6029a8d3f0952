import assert from 'node:assert/strict';
import { sandboxFixture, UPN, type SandboxFixture } from './fixtures.js';

type SubResponse = { id: string; status: number; headers?: Record<string, string>; body?: any };

describe('server/sandbox/graph: $batch', () => {
  let fx: SandboxFixture;
  beforeEach(async () => {
    fx = await sandboxFixture();
  });
  afterEach(async () => {
    await fx.close();
  });
  const outlook = () => fx.sandbox.mailbox(UPN);
  const batch = (requests: unknown[]) => fx.call('POST', '/v1.0/$batch', { body: { requests } });
  const byId = (responses: SubResponse[]) => new Map(responses.map((r) => [r.id, r]));

  it('runs sub-requests through the API, each with its own status, headers and body, and counts them per mailbox', async () => {
    const m = await outlook().deliver({ subject: 'batch me' });
    fx.sandbox.resetStats();
    const res = await batch([
      { id: '1', method: 'GET', url: `/users/${UPN}/messages/${encodeURIComponent(m.id)}?$select=subject`, headers: { Prefer: 'IdType="ImmutableId"' } },
      { id: '2', method: 'PATCH', url: `/users/${UPN}/messages/${encodeURIComponent(m.id)}`, headers: { 'Content-Type': 'application/json' }, body: { isRead: true } },
      { id: '3', method: 'GET', url: `/users/${UPN}/messages/not-there` },
      { id: '4', method: 'GET', url: `/users/${UPN}/mailFolders/inbox?$select=id` },
      { id: '5', method: 'GET', url: `users/${UPN}/mailFolders/archive?$select=id` },
    ]);
    assert.equal(res.status, 200);
    const responses = byId(res.json.responses);
    assert.equal(responses.get('1')?.status, 200);
    assert.equal(responses.get('1')?.body.subject, 'batch me');
    assert.equal(responses.get('1')?.headers?.['preference-applied'], 'IdType="ImmutableId"');
    assert.equal(responses.get('2')?.status, 200);
    assert.equal(responses.get('3')?.status, 404);
    assert.equal(responses.get('3')?.body.error.code, 'ErrorItemNotFound');
    assert.equal(responses.get('5')?.body.id, outlook().folderId('archive'), 'a URL without the leading slash works too');
    assert.equal(outlook().message(m.id)?.isRead, true);
    const stats = fx.sandbox.stats();
    assert.equal(stats.mailboxes[UPN]?.requests, 5);
    assert.equal(stats.httpRequests, 6);
  });

  it('runs a dependsOn chain in order and answers 424 after a failure', async () => {
    const m = await outlook().deliver({ subject: 'chain' });
    const url = `/users/${UPN}/messages/${encodeURIComponent(m.id)}`;
    const res = await batch([
      { id: 'a', method: 'PATCH', url, headers: { 'Content-Type': 'application/json' }, body: { flag: { flagStatus: 'flagged' } } },
      { id: 'b', dependsOn: ['a'], method: 'PATCH', url: `/users/${UPN}/messages/gone`, headers: { 'Content-Type': 'application/json' }, body: { isRead: true } },
      { id: 'c', dependsOn: ['b'], method: 'PATCH', url, headers: { 'Content-Type': 'application/json' }, body: { isRead: true } },
    ]);
    const responses = byId(res.json.responses);
    assert.deepEqual(['a', 'b', 'c'].map((id) => responses.get(id)?.status), [200, 404, 424]);
    assert.equal(outlook().message(m.id)?.flagged, true);
    assert.equal(outlook().message(m.id)?.isRead, false, 'the dependent request never ran');
  });

  it('returns a throttled sub-request as a 429 item with Retry-After inside a 200 batch', async () => {
    fx.sandbox.setKnobs({ budgetPerWindow: 2, budgetWindowMs: 60_000 });
    const get = { method: 'GET', url: `/users/${UPN}/mailFolders/inbox` };
    const res = await batch([
      { id: '1', ...get },
      { id: '2', dependsOn: ['1'], ...get },
      { id: '3', dependsOn: ['2'], ...get },
    ]);
    assert.equal(res.status, 200);
    const third = byId(res.json.responses).get('3');
    assert.equal(third?.status, 429);
    assert.equal(third?.body.error.code, 'ApplicationThrottled');
    assert.match(third?.headers?.['Retry-After'] ?? '', /^\d+$/);
  });

  it('refuses malformed batches as a whole with 400', async () => {
    const get = { method: 'GET', url: `/users/${UPN}/mailFolders/inbox` };
    const cases: unknown[][] = [
      [],
      Array.from({ length: 21 }, (_, i) => ({ id: String(i), ...get })),
      [{ id: 'x', ...get }, { id: 'X', ...get }],
      [{ id: '1', method: 'PATCH', url: `/users/${UPN}/messages/a`, body: { isRead: true } }],
      [{ id: '1', ...get, dependsOn: ['9'] }],
      [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }],
      [{ id: '1', method: 'POST', url: '/$batch', headers: { 'Content-Type': 'application/json' }, body: {} }],
      [{ id: '1', method: 'TRACE', url: '/users' }],
    ];
    for (const requests of cases) {
      const res = await batch(requests);
      assert.equal(res.status, 400, JSON.stringify(requests).slice(0, 80));
      assert.equal(res.json.error.code, 'BadRequest');
    }
  });
});
