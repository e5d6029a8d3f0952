import assert from 'node:assert/strict';
import { IMMUTABLE, sandboxFixture, UPN, type SandboxFixture } from './fixtures.js';

const base = `/v1.0/users/${UPN}`;
type Item = { id: string; subject?: string; '@removed'?: { reason: string } };

describe('server/sandbox/graph: per-folder delta', () => {
  let fx: SandboxFixture;
  afterEach(async () => {
    await fx.close();
  });
  const outlook = () => fx.sandbox.mailbox(UPN);
  const relative = (link: string): string => {
    const url = new URL(link);
    return url.pathname + url.search;
  };

  /** A whole round from `start`; returns items, page count and the deltaLink. */
  async function round(start: string, headers: Record<string, string> = { ...IMMUTABLE, prefer: 'IdType="ImmutableId", odata.maxpagesize=2' }) {
    const items: Item[] = [];
    let pages = 0;
    let url = start;
    for (;;) {
      const res = await fx.call('GET', url, { headers });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      pages += 1;
      items.push(...res.json.value);
      if (res.json['@odata.deltaLink'] !== undefined) return { items, pages, deltaLink: res.json['@odata.deltaLink'] as string };
      url = relative(res.json['@odata.nextLink']);
    }
  }

  it('lists the folder in pages with $skiptoken links, then hands out a $deltatoken link', async () => {
    fx = await sandboxFixture();
    for (let i = 0; i < 5; i++) await outlook().deliver({ subject: `d${i}`, receivedAt: Date.UTC(2026, 0, 1, 0, i) });
    await outlook().deliver({ folder: 'archive', subject: 'not here' });
    const first = await fx.call('GET', `${base}/mailFolders/inbox/messages/delta?$select=subject`, { headers: { prefer: 'IdType="ImmutableId", odata.maxpagesize=2' } });
    assert.equal(first.json.value.length, 2);
    assert.match(first.json['@odata.nextLink'], /^http:\/\/localhost(:\d+)?\/v1\.0\/users\/.+\/mailFolders\/inbox\/messages\/delta\?\$skiptoken=[\w-]+$/);
    assert.deepEqual(Object.keys(first.json.value[0]).sort(), ['@odata.etag', '@odata.type', 'id', 'subject'], '$select of the first call applies');
    const whole = await round(`${base}/mailFolders/inbox/messages/delta?$select=subject`);
    assert.equal(whole.pages, 3);
    assert.deepEqual(whole.items.map((i) => i.subject), ['d4', 'd3', 'd2', 'd1', 'd0']);
    assert.match(whole.deltaLink, /\$deltatoken=[\w-]+$/);
    const quiet = await round(relative(whole.deltaLink));
    assert.deepEqual(quiet.items, []);
  });

  it('reports creates, updates, moves out (removed, reason changed), deletions and purges, each once', async () => {
    fx = await sandboxFixture();
    const [a, b, c, d] = [await outlook().deliver({ subject: 'a' }), await outlook().deliver({ subject: 'b' }), await outlook().deliver({ subject: 'c' }), await outlook().deliver({ subject: 'd' })];
    const inbox = await round(`${base}/mailFolders/inbox/messages/delta?$select=subject,isRead`);
    const archive = await round(`${base}/mailFolders/archive/messages/delta?$select=subject,parentFolderId`);
    outlook().markRead(a.id);
    outlook().markRead(a.id);
    outlook().move(b.id, 'archive');
    outlook().remove(c.id);
    outlook().purge(d.id);
    const e = await outlook().deliver({ subject: 'e' });
    const created = await outlook().deliver({ subject: 'short-lived' });
    outlook().purge(created.id);

    const changes = await round(relative(inbox.deltaLink));
    const byId = new Map(changes.items.map((i) => [i.id, i]));
    assert.equal(changes.items.length, 5, 'one entry per message; nothing for an item created and purged in between');
    assert.deepEqual(byId.get(a.id), { '@odata.type': '#microsoft.graph.message', '@odata.etag': `W/"${outlook().message(a.id)?.changeKey}"`, id: a.id, subject: 'a', isRead: true });
    assert.deepEqual(byId.get(b.id)?.['@removed'], { reason: 'changed' });
    assert.deepEqual(byId.get(c.id)?.['@removed'], { reason: 'changed' });
    assert.deepEqual(byId.get(d.id)?.['@removed'], { reason: 'deleted' });
    assert.equal(byId.get(e.id)?.subject, 'e');

    const destination = await round(relative(archive.deltaLink));
    assert.deepEqual(destination.items.map((i) => [i.id, (i as { parentFolderId?: string }).parentFolderId]), [[b.id, outlook().folderId('archive')]]);
  });

  it('reports an emptied folder as one hard removal per message', async () => {
    fx = await sandboxFixture();
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await outlook().deliver({ subject: `e${i}` })).id);
    const before = await round(`${base}/mailFolders/inbox/messages/delta`);
    assert.equal(outlook().emptyFolder('inbox'), 7);
    const after = await round(relative(before.deltaLink));
    assert.deepEqual(new Set(after.items.map((i) => i.id)), new Set(ids));
    assert.ok(after.items.every((i) => i['@removed']?.reason === 'deleted'));
    assert.equal(after.pages, 4, 'removals are paged like everything else');
  });

  it('answers a stale token with 410 Gone and a Location to start over, or 400 syncStateNotFound per knob', async () => {
    fx = await sandboxFixture();
    await outlook().deliver({ subject: 'x' });
    const done = await round(`${base}/mailFolders/inbox/messages/delta`);
    const mid = await fx.call('GET', `${base}/mailFolders/inbox/messages/delta`, { headers: { prefer: 'odata.maxpagesize=1' } });
    assert.ok(fx.sandbox.expireDeltaTokens() >= 2);
    const gone = await fx.call('GET', relative(done.deltaLink));
    assert.equal(gone.status, 410);
    assert.equal(gone.json.error.code, 'syncStateNotFound');
    assert.match(String(gone.headers.location), /\/mailFolders\/inbox\/messages\/delta\?\$deltatoken=$/);
    assert.equal((await fx.call('GET', relative(gone.headers.location as string))).status, 200, 'the empty-token URL starts a new round');
    fx.sandbox.setKnobs({ staleDeltaStyle: 'syncStateNotFound' });
    const stale = await fx.call('GET', relative(mid.json['@odata.deltaLink'] ?? mid.json['@odata.nextLink']));
    assert.equal(stale.status, 400);
    assert.equal(stale.json.error.code, 'syncStateNotFound');
    assert.equal((await fx.call('GET', `${base}/mailFolders/inbox/messages/delta?$deltatoken=made-up`)).status, 400);
  });

  it('treats a token used on another folder as stale, and forgets the oldest tokens beyond its capacity', async () => {
    fx = await sandboxFixture({ deltaTokenCapacity: 3 });
    const inbox = await round(`${base}/mailFolders/inbox/messages/delta`);
    const token = new URL(inbox.deltaLink).search;
    assert.equal((await fx.call('GET', `${base}/mailFolders/archive/messages/delta${token}`)).status, 410);
    for (let i = 0; i < 3; i++) await round(`${base}/mailFolders/sentitems/messages/delta`);
    assert.equal((await fx.call('GET', relative(inbox.deltaLink))).status, 410, 'evicted from the token cache');
  });

  it('honours changeType and the receivedDateTime filter of the first call; refuses other filters', async () => {
    fx = await sandboxFixture();
    const old = await outlook().deliver({ subject: 'old', receivedAt: Date.UTC(2020, 0, 1) });
    await outlook().deliver({ subject: 'new', receivedAt: Date.UTC(2026, 0, 1) });
    const recent = await round(`${base}/mailFolders/inbox/messages/delta?$filter=${encodeURIComponent('receivedDateTime ge 2025-01-01T00:00:00Z')}`);
    assert.deepEqual(recent.items.map((i) => i.subject), ['new']);
    const deletesOnly = await round(`${base}/mailFolders/inbox/messages/delta?changeType=deleted`);
    assert.deepEqual(deletesOnly.items, []);
    outlook().markRead(old.id);
    outlook().remove(old.id);
    await outlook().deliver({ subject: 'newer' });
    const next = await round(relative(deletesOnly.deltaLink));
    assert.deepEqual(next.items.map((i) => [i.id, i['@removed']?.reason]), [[old.id, 'changed']]);
    assert.equal((await fx.call('GET', `${base}/mailFolders/inbox/messages/delta?$filter=${encodeURIComponent("subject eq 'x'")}`)).status, 400);
    assert.equal((await fx.call('GET', `${base}/mailFolders/inbox/messages/delta?changeType=moved`)).status, 400);
  });

  it('repeats items and serves empty pages with a nextLink when the knobs say so (seeded, so repeatable)', async () => {
    const run = async () => {
      fx = await sandboxFixture({ knobs: { duplicateDeltaItems: 0.5, emptyDeltaPages: 0.5 }, randomSeed: 7 });
      for (let i = 0; i < 6; i++) await outlook().deliver({ subject: `r${i}`, receivedAt: Date.UTC(2026, 0, 1, 0, i) });
      const result = await round(`${base}/mailFolders/inbox/messages/delta?$select=subject`);
      await fx.close();
      return result;
    };
    const first = await run();
    const second = await run();
    fx = await sandboxFixture();
    assert.deepEqual(first.items.map((i) => i.subject), second.items.map((i) => i.subject));
    assert.equal(first.pages, second.pages);
    assert.ok(first.items.length > 6, 'some items came twice');
    assert.deepEqual(new Set(first.items.map((i) => i.subject)).size, 6);
    assert.ok(first.pages > 3, 'some pages were empty');
  });
});
