import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { SandboxPluginContext } from '../../../../server/sandbox/dingtalk/app.js';
import type { SandboxContactEvent } from '../../../../server/sandbox/dingtalk/event-feed.js';
import { OrgDocumentError } from '../../../../server/sandbox/dingtalk/org-document.js';
import { APP_KEY, APP_SECRET, sandbox, testOrg } from './fixtures.js';

describe('server/sandbox/dingtalk/app', () => {
  it('registers extra plugins with the feed before ready, outside the DingTalk knobs', async () => {
    const seen: SandboxContactEvent[] = [];
    let context: SandboxPluginContext | undefined;
    const plugin = async (app: FastifyInstance, sandboxContext: SandboxPluginContext): Promise<void> => {
      context = sandboxContext;
      sandboxContext.feed.subscribe((event) => seen.push(event));
      app.get('/extra', async () => ({ extra: true }));
    };
    const box = await sandbox({ plugins: [plugin], knobs: { failNext: 5 } });
    try {
      assert.equal(context?.state, box.state);
      assert.deepEqual((await box.app.inject({ method: 'GET', url: '/extra' })).json(), { extra: true });
      box.state.activateUser('lina');
      assert.equal(seen[0]?.eventType, 'user_active_org');
      assert.equal(box.state.knobs.failNext, 5, 'plugin routes do not consume injected failures');
    } finally {
      await box.close();
    }
  });

  it('serves both path families on one listening server', async () => {
    const box = await sandbox();
    try {
      const address = await box.app.listen({ port: 0, host: '127.0.0.1' });
      const legacy = (await (await fetch(`${address}/gettoken?appkey=${APP_KEY}&appsecret=${APP_SECRET}`)).json()) as { access_token: string };
      const v1 = await fetch(`${address}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: APP_KEY, appSecret: APP_SECRET }),
      });
      assert.equal(((await v1.json()) as { accessToken: string }).accessToken, legacy.access_token);
    } finally {
      await box.close();
    }
  });

  it('refuses an invalid org with OrgDocumentError', async () => {
    const org = testOrg();
    org.users[0]!.dept_id_list = [42];
    await assert.rejects(sandbox({ org }), OrgDocumentError);
  });
});
