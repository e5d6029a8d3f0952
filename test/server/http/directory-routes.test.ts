import assert from 'node:assert/strict';
import { directoryApp, type DirectoryAppFixture } from '../../helpers/directory-app.js';

describe('server/http/directory-routes', () => {
  let fx: DirectoryAppFixture;
  before(async () => {
    fx = await directoryApp();
  });
  after(async () => {
    await fx.close();
  });

  it('finds 张伟 (销售经理) by "zjl", "张经理" and full pinyin', async () => {
    for (const q of ['zjl', '张经理', 'zhangwei']) {
      const res = await fx.app.inject({ url: `/api/directory/search?q=${encodeURIComponent(q)}`, headers: fx.auth });
      assert.equal(res.statusCode, 200, q);
      const body = res.json();
      assert.equal(body.results[0]?.userid, 'zhangwei', q);
      assert.deepEqual(body.results[0]?.departments, [{ deptId: 2, name: '销售部' }]);
    }
  });

  it('rejects bad query parameters with a clear 400', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/directory/search', /q/],
      ['/api/directory/search?q=', /q|fewer than 1/],
      [`/api/directory/search?q=${'x'.repeat(101)}`, /more than 100/],
      ['/api/directory/search?q=a&limit=0', /limit|>= 1/],
      ['/api/directory/search?q=a&limit=abc', /limit|integer/],
      ['/api/directory/departments/abc', /deptId|integer/],
      ['/api/directory/departments/1/members?offset=-1', /offset|>= 0/],
    ];
    for (const [url, message] of cases) {
      const res = await fx.app.inject({ url, headers: fx.auth });
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().error.code, 'APP_ERR_VALIDATION', url);
      assert.match(res.json().error.message, message, url);
    }
  });

  it('serves a contact card and hides the mobile of people in executive mode', async () => {
    const res = await fx.app.inject({ url: '/api/directory/people/zhangwei', headers: fx.auth });
    assert.equal(res.statusCode, 200);
    const card = res.json();
    assert.equal(card.title, '销售经理');
    assert.equal(card.leader, true);
    assert.deepEqual(card.departmentPaths, [[{ deptId: 1, name: '测试公司' }, { deptId: 2, name: '销售部' }]]);
    fx.sandbox.state.modifyUser('boss', { mobile: '13800000000' });
    // The event path reads the user's detail, which carries executive mode (senior); a later full sync
    // (list items only) must keep it.
    await fx.directory.applyEvent({ eventId: 'e-boss', eventType: 'user_modify_org', bornAt: Date.now(), userIds: ['boss'], deptIds: [] });
    await fx.directory.fullSync();
    const boss = (await fx.app.inject({ url: '/api/directory/people/boss', headers: fx.auth })).json();
    assert.equal(boss.name, '周建国');
    assert.equal(boss.mobile, undefined);
    assert.equal((await fx.app.inject({ url: '/api/directory/search?q=13800000000', headers: fx.auth })).json().results.length, 0);
  });

  it('answers 404 with an error code for unknown people, departments and routes', async () => {
    for (const url of ['/api/directory/people/nobody', '/api/directory/departments/999', '/api/directory/departments/999/members', '/api/nothing']) {
      const res = await fx.app.inject({ url, headers: fx.auth });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'APP_ERR_NOT_FOUND', url);
    }
  });

  it('browses departments and pages their members', async () => {
    const root = (await fx.app.inject({ url: '/api/directory/departments/1', headers: fx.auth })).json();
    assert.equal(root.name, '测试公司');
    assert.ok(root.children.some((c: { deptId: number; hasChildren: boolean }) => c.deptId === 3 && c.hasChildren));
    const page1 = (await fx.app.inject({ url: '/api/directory/departments/7/members?limit=100', headers: fx.auth })).json();
    const page3 = (await fx.app.inject({ url: '/api/directory/departments/7/members?limit=100&offset=200', headers: fx.auth })).json();
    assert.equal(page1.total, 250);
    assert.equal(page1.members.length, 100);
    assert.equal(page3.members.length, 50);
  });

  it('boosts the viewer\'s frequent contacts within a match tier', async () => {
    const before = (await fx.app.inject({ url: '/api/directory/search?q=yg&limit=100', headers: fx.auth })).json().results;
    assert.ok(before.length > 2);
    const last = before[before.length - 1].userid as string;
    assert.equal((await fx.app.inject({ method: 'POST', url: `/api/directory/people/${last}/use` })).statusCode, 401);
    const headers = await fx.identity.headersFor('lina@example.com');
    assert.equal((await fx.app.inject({ method: 'POST', url: `/api/directory/people/${last}/use`, headers })).statusCode, 204);
    assert.equal((await fx.app.inject({ method: 'POST', url: '/api/directory/people/ghost/use', headers })).statusCode, 404);
    const mine = (await fx.app.inject({ url: '/api/directory/search?q=yg&limit=100', headers })).json().results;
    assert.equal(mine[0].userid, last);
    assert.equal(mine[0].frequent, true);
    const others = (await fx.app.inject({ url: '/api/directory/search?q=yg&limit=100', headers: await fx.identity.headersFor('x@example.com') })).json().results;
    assert.notEqual(others[0].userid, last);
  });

  it('serves OpenAPI with every directory route', async () => {
    const res = await fx.app.inject({ url: '/docs/json' });
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(res.json().paths);
    for (const path of ['/api/directory/search', '/api/directory/people/{userid}', '/api/directory/departments/{deptId}/members', '/api/directory/events', '/webhooks/dingtalk']) {
      assert.ok(paths.includes(path), path);
    }
  });
});

describe('server/http thread and sync-status routes', () => {
  let fx: DirectoryAppFixture;
  before(async () => {
    fx = await directoryApp();
  });
  after(async () => {
    await fx.close();
  });
  let viewer: Record<string, string>;
  before(async () => {
    viewer = await fx.identity.headersFor('lina@example.com');
  });

  it('requires sign-in', async () => {
    assert.equal((await fx.app.inject({ url: '/api/status/sync' })).statusCode, 401);
    assert.equal((await fx.app.inject({ url: '/api/threads/by-message?internetMessageId=%3Ca%40b%3E' })).statusCode, 401);
  });

  it('answers 404 "not linked" for a message no sync has linked, and 400 for a bad id', async () => {
    const res = await fx.app.inject({ url: '/api/threads/by-message?internetMessageId=%3Cabc%40example.com%3E', headers: viewer });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().error.message, /not linked/);
    assert.equal((await fx.app.inject({ url: '/api/threads/by-message', headers: viewer })).statusCode, 400);
  });

  it('reports every sync kind of the viewer\'s mailbox as not configured, with the directory status', async () => {
    const body = (await fx.app.inject({ url: '/api/status/sync', headers: viewer })).json();
    assert.equal(body.mailboxes[0].mailbox, 'lina@example.com');
    assert.deepEqual(body.mailboxes[0].kinds.map((k: { kind: string; state: string }) => `${k.kind}:${k.state}`), [
      'mail:not_configured',
      'calendar:not_configured',
      'contacts:not_configured',
      'todo:not_configured',
    ]);
    assert.equal(body.directory.people, 254);
    assert.equal(body.directory.lastFullSync.status, 'succeeded');
  });
});
