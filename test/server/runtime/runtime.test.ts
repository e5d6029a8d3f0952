import assert from 'node:assert/strict';
import { request } from 'undici';
import { loadConfig } from '../../../server/config.js';
import { startRuntime, type Runtime } from '../../../server/runtime/runtime.js';
import { openSse } from '../../helpers/sse-client.js';
import { memoryLogger } from '../../helpers/silent-logger.js';
import { DEMO_SUPER_ADMIN } from '../../../server/config.js';

async function change(runtime: Runtime, body: unknown): Promise<Record<string, unknown>> {
  const res = await request(`${runtime.sandbox?.url}/_sandbox/changes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.body.json()) as Record<string, unknown>;
  assert.equal(res.statusCode < 300, true, JSON.stringify(json));
  return json;
}

/** Signs in over HTTP at the sandbox identity provider, as the dev host's pane does. */
async function signIn(runtime: Runtime, email = 'tester@example.com'): Promise<{ authorization: string }> {
  const res = await request(`${runtime.url}/auth/sandbox/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  assert.equal(res.statusCode, 200);
  return { authorization: `Bearer ${((await res.body.json()) as { access_token: string }).access_token}` };
}

async function search(runtime: Runtime, q: string): Promise<Array<{ userid: string; name: string }>> {
  const res = await request(`${runtime.url}/api/directory/search?q=${encodeURIComponent(q)}`, { headers: await signIn(runtime) });
  return ((await res.body.json()) as { results: Array<{ userid: string; name: string }> }).results;
}

for (const events of ['http', 'stream'] as const) {
  describe(`server/runtime end to end (sandbox mode, events over ${events})`, () => {
    let runtime: Runtime;
    before(async () => {
      const config = loadConfig(
        { DATABASE_URL: 'sqlite::memory:', BRIDGE_PORT: '0', SANDBOX_PORT: '0', SANDBOX_PEOPLE: '300', DINGTALK_EVENTS: events, DIRECTORY_RECONCILE_SECONDS: '0' },
        [],
      );
      runtime = await startRuntime(config, memoryLogger('warn').logger);
      await runtime.initialSync;
    });
    after(async () => {
      await runtime.close();
    });

    it('syncs the demo organisation at start', async () => {
      // The demo's super admin sees the true count; anyone else the count of whom they may see.
      const res = await request(`${runtime.url}/api/status/directory`, { headers: await signIn(runtime, DEMO_SUPER_ADMIN) });
      const status = (await res.body.json()) as { people: number; mode: string; eventTransport: string; lastFullSync: { status: string } };
      assert.equal(status.mode, 'sandbox');
      assert.equal(status.people, 300);
      const restricted = (await (await request(`${runtime.url}/api/status/directory`, { headers: await signIn(runtime) })).body.json()) as { people: number };
      assert.ok(restricted.people < 300, 'the demo policies hide some people from an ordinary viewer');
      assert.equal(status.lastFullSync.status, 'succeeded');
      assert.match(status.eventTransport, events === 'stream' ? /^stream \(open\)$/ : /^http$/);
    });

    it('tells an open change stream about a hire within a second, and a leave removes the person at once', async () => {
      const sse = await openSse(`${runtime.url}/api/directory/events`, await signIn(runtime));
      try {
        assert.equal(sse.status, 200);
        assert.match(String(sse.contentType), /text\/event-stream/);
        const started = performance.now();
        const hired = (await change(runtime, { action: 'hire', user: { name: '欧阳明日', dept_id_list: [1], title: '产品总监' } })) as { userid: string };
        const upserted = await sse.waitFor((e) => e.event === 'person.upserted' && JSON.parse(e.data).userid === hired.userid, 1000);
        assert.ok(upserted.receivedAt - started < 1000);
        assert.equal(JSON.parse(upserted.data).person.name, '欧阳明日');
        assert.ok((await search(runtime, 'oymr')).some((r) => r.userid === hired.userid));

        await change(runtime, { action: 'leave', userid: hired.userid });
        await sse.waitFor((e) => e.event === 'person.removed' && JSON.parse(e.data).userid === hired.userid, 1000);
        assert.ok(!(await search(runtime, 'oymr')).some((r) => r.userid === hired.userid));
      } finally {
        sse.close();
      }
    });

    it('replays missed changes to a pane that reconnects with Last-Event-ID', async () => {
      const first = await openSse(`${runtime.url}/api/directory/events`, await signIn(runtime));
      await change(runtime, { action: 'hire', user: { name: '司马光', dept_id_list: [1] } });
      const seen = await first.waitFor((e) => e.event === 'person.upserted', 1000);
      first.close();
      const missed = (await change(runtime, { action: 'hire', user: { name: '诸葛亮', dept_id_list: [1] } })) as { userid: string };
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await openSse(`${runtime.url}/api/directory/events`, { 'last-event-id': String(seen.id), ...(await signIn(runtime)) });
      try {
        await again.waitFor((e) => e.event === 'person.upserted' && JSON.parse(e.data).userid === missed.userid, 1000);
      } finally {
        again.close();
      }
    });
  });
}
