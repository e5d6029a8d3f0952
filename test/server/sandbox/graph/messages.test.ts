import assert from 'node:assert/strict';
import { LINK_PROPERTY_ID } from '../../../../server/connectors/graph/message-mapping.js';
import { IMMUTABLE, sandboxFixture, UPN, type SandboxFixture } from './fixtures.js';

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const base = `/v1.0/users/${UPN}`;
const enc = encodeURIComponent;

describe('server/sandbox/graph: messages', () => {
  let fx: SandboxFixture;
  beforeEach(async () => {
    fx = await sandboxFixture();
  });
  afterEach(async () => {
    await fx.close();
  });
  const outlook = () => fx.sandbox.mailbox(UPN);

  describe('listing', () => {
    it('pages 10 at a time by default with an absolute nextLink carrying $skip; $top and maxpagesize change the size', async () => {
      for (let i = 0; i < 12; i++) await outlook().deliver({ subject: `m${i}`, receivedAt: T0 + i * 1000 });
      const first = await fx.call('GET', `${base}/mailFolders/inbox/messages?$select=subject`, { headers: { host: 'graph.test:8080' } });
      assert.equal(first.status, 200);
      assert.deepEqual(first.json.value.map((m: { subject: string }) => m.subject).slice(0, 2), ['m11', 'm10'], 'newest first');
      assert.equal(first.json.value.length, 10);
      assert.equal(first.json['@odata.nextLink'], `http://graph.test:8080${base}/mailFolders/inbox/messages?$select=subject&$skip=10`);
      const next = await fx.call('GET', new URL(first.json['@odata.nextLink']).pathname + new URL(first.json['@odata.nextLink']).search);
      assert.deepEqual(next.json.value.map((m: { subject: string }) => m.subject), ['m1', 'm0']);
      assert.equal(next.json['@odata.nextLink'], undefined);
      assert.equal((await fx.call('GET', `${base}/messages?$top=5`)).json.value.length, 5);
      assert.equal((await fx.call('GET', `${base}/messages`, { headers: { prefer: 'odata.maxpagesize=3' } })).json.value.length, 3);
      const ascending = await fx.call('GET', `${base}/messages?$orderby=receivedDateTime asc&$top=1&$select=subject`);
      assert.equal(ascending.json.value[0].subject, 'm0');
      assert.equal((await fx.call('GET', `${base}/messages?$top=1001`)).status, 400);
      assert.equal((await fx.call('GET', `${base}/messages?$orderby=subject`)).status, 400);
    });

    it('filters on internetMessageId and on an extended property with the Any form', async () => {
      await outlook().deliver({ subject: 'a', internetMessageId: "<it's+1@x>" });
      await outlook().deliver({ folder: 'archive', subject: 'b', linkId: 'L-1' });
      const byId = await fx.call('GET', `${base}/messages?$filter=${enc("internetMessageId eq '<it''s+1@x>'")}&$select=subject`);
      assert.deepEqual(byId.json.value.map((m: { subject: string }) => m.subject), ['a']);
      const any = `singleValueExtendedProperties/Any(ep: ep/id eq '${LINK_PROPERTY_ID}' and ep/value eq 'L-1')`;
      assert.deepEqual((await fx.call('GET', `${base}/messages?$filter=${enc(any)}&$select=subject`)).json.value.map((m: { subject: string }) => m.subject), ['b']);
      const combined = `isRead eq false and receivedDateTime ge 2000-01-01T00:00:00Z`;
      assert.equal((await fx.call('GET', `${base}/messages?$filter=${enc(combined)}`)).json.value.length, 2);
      const unsupported = await fx.call('GET', `${base}/messages?$filter=${enc("startswith(subject,'a')")}`);
      assert.equal(unsupported.status, 400);
      assert.equal(unsupported.json.error.code, 'ErrorInvalidUrlQueryFilter');
    });

    it('expands only the requested extended properties, only when set; rejects unknown $select names and a bare expand', async () => {
      const tagged = await outlook().deliver({ subject: 't', linkId: 'L-2' });
      const plain = await outlook().deliver({ subject: 'p' });
      const expand = `singleValueExtendedProperties($filter=id eq '${LINK_PROPERTY_ID}')`;
      const one = await fx.call('GET', `${base}/messages/${enc(tagged.id)}?$select=subject&$expand=${enc(expand)}`, { headers: IMMUTABLE });
      assert.deepEqual(one.json.singleValueExtendedProperties, [{ id: LINK_PROPERTY_ID, value: 'L-2' }]);
      assert.deepEqual(Object.keys(one.json).sort(), ['@odata.etag', 'id', 'singleValueExtendedProperties', 'subject']);
      const other = await fx.call('GET', `${base}/messages/${enc(plain.id)}?$expand=${enc(expand)}`, { headers: IMMUTABLE });
      assert.equal(other.json.singleValueExtendedProperties, undefined);
      assert.equal(other.json.internetMessageHeaders, undefined, 'headers only with $select');
      assert.equal((await fx.call('GET', `${base}/messages?$select=subject,nonsense`)).status, 400);
      assert.equal((await fx.call('GET', `${base}/messages?$expand=singleValueExtendedProperties`)).status, 400);
    });
  });

  describe('create', () => {
    const props = (entries: Array<[string, string]>) => entries.map(([id, value]) => ({ id, value }));

    it('creates a draft by default (in Drafts for /messages) and a received item when 0x0E07 lacks the unsent bit', async () => {
      const draft = await fx.call('POST', `${base}/messages`, { body: { subject: 'draft', toRecipients: [{ emailAddress: { address: 'a@x' } }] }, headers: IMMUTABLE });
      assert.equal(draft.status, 201);
      assert.equal(draft.json.isDraft, true);
      assert.equal(draft.json.parentFolderId, outlook().folderId('drafts'));
      const received = await fx.call('POST', `${base}/mailFolders/inbox/messages`, {
        body: {
          subject: 'imported',
          body: { contentType: 'html', content: '<p>Hello <b>there</b></p>' },
          receivedDateTime: '1999-01-01T00:00:00Z',
          singleValueExtendedProperties: props([
            ['Integer 0x0E07', '1'],
            ['SystemTime 0x0E06', '2026-01-05T01:31:00Z'],
            ['SystemTime 0x0039', '2026-01-05T01:30:00Z'],
            ['String 0x1035', '<imp-1@x>'],
            ['String 0x1042', '<parent@x>'],
            ['String 0x1039', '<root@x> <parent@x>'],
            [LINK_PROPERTY_ID, 'L-3'],
          ]),
        },
        headers: IMMUTABLE,
      });
      assert.equal(received.status, 201);
      assert.equal(received.json.isDraft, false);
      assert.equal(received.json.isRead, true);
      assert.equal(received.json.receivedDateTime, '2026-01-05T01:31:00Z', 'from 0x0E06, not receivedDateTime');
      assert.equal(received.json.sentDateTime, '2026-01-05T01:30:00Z');
      assert.equal(received.json.internetMessageId, '<imp-1@x>');
      assert.equal(received.json.bodyPreview, 'Hello there');
      const stored = outlook().message(received.json.id);
      assert.equal(stored?.inReplyTo, '<parent@x>');
      assert.equal(stored?.references, '<root@x> <parent@x>');
      assert.equal(stored?.linkId, 'L-3');
      const unsent = await fx.call('POST', `${base}/mailFolders/inbox/messages`, { body: { subject: 'u', singleValueExtendedProperties: props([['Integer 0x0E07', '9']]) } });
      assert.equal(unsent.json.isDraft, true, '0x8 (unsent) makes a draft');
    });

    it('creates a draft from base64 MIME and keeps the bytes for $value', async () => {
      const mime = Buffer.from('From: a@x\r\nTo: b@x\r\nSubject: from mime\r\nMessage-ID: <m-1@x>\r\n\r\nbody\r\n');
      const created = await fx.call('POST', `${base}/mailFolders/inbox/messages`, { body: mime.toString('base64'), headers: { 'content-type': 'text/plain', ...IMMUTABLE } });
      assert.equal(created.status, 201);
      assert.equal(created.json.isDraft, true);
      assert.equal(created.json.subject, 'from mime');
      const value = await fx.call('GET', `${base}/messages/${enc(created.json.id)}/$value`);
      assert.equal(value.body, mime.toString());
      const bad = await fx.call('POST', `${base}/messages`, { body: 'not base64!!', headers: { 'content-type': 'text/plain' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.code, 'ErrorMimeContentInvalidBase64String');
    });

    it('renders MIME for items created from JSON', async () => {
      const created = await fx.call('POST', `${base}/mailFolders/inbox/messages`, {
        body: { subject: 'rendered', from: { emailAddress: { name: '张伟', address: 'z@x' } }, body: { contentType: 'text', content: 'hi' }, singleValueExtendedProperties: props([['Integer 0x0E07', '0'], ['String 0x1035', '<r-1@x>'], ['String 0x1042', '<p@x>']]) },
        headers: IMMUTABLE,
      });
      const value = (await fx.call('GET', `${base}/messages/${enc(created.json.id)}/$value`)).body;
      assert.match(value, /^Subject: rendered\r$/m);
      assert.match(value, /^Message-ID: <r-1@x>\r$/im);
      assert.match(value, /^In-Reply-To: <p@x>\r$/m);
    });

    it('refuses unknown properties, invalid extended property ids and non-x- internet headers', async () => {
      for (const body of [
        { subject: 's', color: 'red' },
        { singleValueExtendedProperties: [{ id: 'String Nonsense', value: 'x' }] },
        { singleValueExtendedProperties: [{ id: 'Integer 0x0E07', value: 'one' }] },
        { internetMessageHeaders: [{ name: 'Custom', value: 'x' }] },
      ]) {
        const res = await fx.call('POST', `${base}/messages`, { body });
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      assert.equal((await fx.call('POST', `${base}/messages`, { body: { internetMessageHeaders: [{ name: 'x-dtob', value: '1' }] } })).status, 201);
    });
  });

  describe('update, move, delete', () => {
    it('PATCHes isRead, flag and extended properties with a new changeKey; If-Match must match', async () => {
      const m = await outlook().deliver({ subject: 'p' });
      const url = `${base}/messages/${enc(m.id)}`;
      const patched = await fx.call('PATCH', url, { body: { isRead: true, flag: { flagStatus: 'flagged' }, singleValueExtendedProperties: [{ id: LINK_PROPERTY_ID, value: 'L-4' }] }, headers: { ...IMMUTABLE, 'if-match': `W/"${m.changeKey}"` } });
      assert.equal(patched.status, 200);
      assert.equal(patched.json.isRead, true);
      assert.deepEqual(patched.json.flag, { flagStatus: 'flagged' });
      assert.notEqual(patched.json.changeKey, m.changeKey);
      assert.equal(patched.json['@odata.etag'], `W/"${patched.json.changeKey}"`);
      assert.equal(outlook().message(m.id)?.linkId, 'L-4');
      const stale = await fx.call('PATCH', url, { body: { isRead: false }, headers: { 'if-match': `W/"${m.changeKey}"` } });
      assert.equal(stale.status, 412);
      assert.equal(stale.json.error.code, 'ErrorIrresolvableConflict');
      assert.equal(outlook().message(m.id)?.isRead, true);
      assert.equal((await fx.call('PATCH', url, { body: { subject: 'rewrite history' } })).status, 400, 'subject of a received item is read-only');
      assert.equal((await fx.call('PATCH', url, { body: { isRead: 'yes' } })).status, 400);
    });

    it('moves: the immutable id stays, the REST id and changeKey change, the old REST id is gone', async () => {
      const m = await outlook().deliver({ subject: 'mv' });
      const rest = await fx.call('POST', `${base}/messages/${enc(m.restId)}/move`, { body: { destinationId: 'archive' } });
      assert.equal(rest.status, 201);
      assert.notEqual(rest.json.id, m.restId, 'without the Prefer header the id changes');
      assert.equal(rest.headers['preference-applied'], undefined);
      assert.equal((await fx.call('GET', `${base}/messages/${enc(m.restId)}`)).status, 404);
      const immutable = await fx.call('POST', `${base}/messages/${enc(m.id)}/move`, { body: { destinationId: outlook().folderId('inbox') }, headers: IMMUTABLE });
      assert.equal(immutable.json.id, m.id);
      assert.equal(immutable.headers['preference-applied'], 'IdType="ImmutableId"');
      assert.equal(immutable.json.parentFolderId, outlook().folderId('inbox'));
      assert.notEqual(immutable.json.changeKey, rest.json.changeKey);
      assert.equal((await fx.call('POST', `${base}/messages/${enc(m.id)}/move`, { body: { destinationId: 'nowhere' } })).status, 404);
      const copy = await fx.call('POST', `${base}/messages/${enc(m.id)}/copy`, { body: { destinationId: 'archive' }, headers: IMMUTABLE });
      assert.notEqual(copy.json.id, m.id);
      assert.equal(outlook().messages().length, 2);
    });

    it('deletes with 204; the message is gone afterwards', async () => {
      const m = await outlook().deliver({ subject: 'bye' });
      assert.equal((await fx.call('DELETE', `${base}/messages/${enc(m.id)}`)).status, 204);
      assert.equal((await fx.call('GET', `${base}/messages/${enc(m.id)}`)).status, 404);
      assert.equal((await fx.call('DELETE', `${base}/messages/${enc(m.id)}`)).json.error.code, 'ErrorItemNotFound');
    });
  });

  describe('folders', () => {
    it('lists top-level folders in pages, child folders, and resolves well-known names', async () => {
      const projects = outlook().createFolder('Projects');
      outlook().createFolder('2026', projects);
      const top = await fx.call('GET', `${base}/mailFolders`);
      assert.equal(top.json.value.length, 8);
      assert.ok(top.json['@odata.nextLink'] === undefined);
      const paged = await fx.call('GET', `${base}/mailFolders?$top=3`);
      assert.equal(paged.json.value.length, 3);
      assert.match(paged.json['@odata.nextLink'], /\$skip=3$/);
      const children = await fx.call('GET', `${base}/mailFolders/${enc(projects)}/childFolders`);
      assert.deepEqual(children.json.value.map((f: { displayName: string }) => f.displayName), ['2026']);
      const inbox = await fx.call('GET', `${base}/mailFolders/Inbox?$select=id,totalItemCount`);
      assert.deepEqual(Object.keys(inbox.json).sort(), ['id', 'totalItemCount']);
      assert.equal(inbox.json.id, outlook().folderId('inbox'));
      assert.equal((await fx.call('GET', `${base}/mailFolders/nope`)).status, 404);
    });
  });
});
