import assert from 'node:assert/strict';
import { sandboxFixture, UPN, type SandboxFixture } from './fixtures.js';

describe('server/sandbox/graph: /_sandbox control routes', () => {
  let fx: SandboxFixture;
  beforeEach(async () => {
    fx = await sandboxFixture();
  });
  afterEach(async () => {
    await fx.close();
  });
  const control = async (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => {
    const res = await fx.sandbox.app.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}) });
    return { status: res.statusCode, json: res.json() };
  };

  it('seeds and changes mailboxes as a user would, with no token needed', async () => {
    assert.equal((await control('POST', '/_sandbox/mailboxes', { upn: 'new.person@contoso.example' })).status, 200);
    const folder = (await control('POST', `/_sandbox/mailboxes/${UPN}/folders`, { displayName: 'Projects' })).json.id as string;
    const mime = Buffer.from('From: a@x\r\nSubject: via http\r\nMessage-ID: <h-1@x>\r\n\r\nhi\r\n').toString('base64');
    const delivered = (await control('POST', `/_sandbox/mailboxes/${UPN}/messages`, { mimeBase64: mime, receivedAt: Date.UTC(2026, 0, 1) })).json;
    assert.equal(delivered.subject, 'via http');
    assert.equal(delivered.internetMessageId, '<h-1@x>');
    assert.equal((await control('POST', `/_sandbox/mailboxes/${UPN}/messages/${encodeURIComponent(delivered.id)}/read`, {})).json.isRead, true);
    assert.equal((await control('POST', `/_sandbox/mailboxes/${UPN}/messages/${encodeURIComponent(delivered.id)}/flag`, {})).json.flagged, true);
    assert.equal((await control('POST', `/_sandbox/mailboxes/${UPN}/messages/${encodeURIComponent(delivered.id)}/move`, { folder })).json.folderId, folder);
    assert.deepEqual((await control('GET', `/_sandbox/mailboxes/${UPN}/messages?folder=${encodeURIComponent(folder)}`)).json.messages.map((m: { id: string }) => m.id), [delivered.id]);
    await control('POST', `/_sandbox/mailboxes/${UPN}/messages`, { subject: 'second', folder });
    assert.deepEqual((await control('POST', `/_sandbox/mailboxes/${UPN}/folders/${encodeURIComponent(folder)}/empty`)).json, { removed: 2 });
    const third = (await control('POST', `/_sandbox/mailboxes/${UPN}/messages`, { subject: 'third' })).json;
    assert.equal((await control('DELETE', `/_sandbox/mailboxes/${UPN}/messages/${encodeURIComponent(third.id)}`)).status, 200);
    assert.equal(fx.sandbox.mailbox(UPN).messages().length, 0);
  });

  it('sets knobs, injects failures, expires tokens and reports stats', async () => {
    assert.equal((await control('POST', '/_sandbox/knobs', { latencyMs: 5, concurrencyPerMailbox: 2 })).json.knobs.concurrencyPerMailbox, 2);
    assert.equal((await control('POST', '/_sandbox/knobs', { latencyMs: -1 })).status, 400);
    assert.equal((await control('POST', '/_sandbox/knobs', { unknownKnob: 1 })).status, 400);
    await control('POST', '/_sandbox/fail-next', { count: 1, status: 504 });
    assert.equal((await fx.call('GET', `/v1.0/users/${UPN}/mailFolders/inbox`)).status, 504);
    assert.equal((await control('POST', '/_sandbox/tokens/expire')).json.expired, 1);
    assert.equal((await fx.call('GET', `/v1.0/users/${UPN}/mailFolders/inbox`)).status, 401);
    await fx.call('GET', `/v1.0/users/${UPN}/mailFolders/inbox/messages/delta`);
    assert.equal((await control('POST', '/_sandbox/delta/expire')).json.expired, 0, 'the 401 above issued no token');
    const stats = (await control('GET', '/_sandbox/stats')).json;
    assert.equal(stats.tokenRequests, 1);
    assert.equal(stats.mailboxes[UPN].requests, 1, 'only the 504 got past authentication');
    assert.equal(stats.knobs.latencyMs, 5);
    await control('POST', '/_sandbox/stats/reset');
    assert.equal((await control('GET', '/_sandbox/stats')).json.httpRequests, 0);
  });

  it('answers 404 for unknown mailboxes and messages, 400 for bad input', async () => {
    assert.equal((await control('POST', '/_sandbox/mailboxes/nobody@x/messages', { subject: 's' })).status, 404);
    assert.equal((await control('POST', `/_sandbox/mailboxes/${UPN}/messages/nope/read`, {})).status, 404);
    assert.equal((await control('POST', '/_sandbox/mailboxes', { upn: 'not-an-address' })).status, 400);
    assert.equal((await control('POST', '/_sandbox/subscriptions/nope/lifecycle', { event: 'missed' })).status, 404);
    assert.equal((await control('POST', '/_sandbox/subscriptions/nope/lifecycle', { event: 'exploded' })).status, 400);
  });
});
