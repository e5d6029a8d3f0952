import assert from 'node:assert/strict';
import { DingTalkClient } from '../../../../server/connectors/dingtalk/client.js';
import { DingTalkError } from '../../../../server/connectors/dingtalk/dingtalk-error.js';
import { sandboxWithClient } from '../../../helpers/dingtalk-sandbox.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';
import { testOrg } from '../../sandbox/dingtalk/fixtures.js';

const quickSleep = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('server/connectors/dingtalk/client (against the sandbox)', () => {
  it('fetches the app token once for many concurrent requests', async () => {
    const env = await sandboxWithClient(testOrg());
    try {
      await Promise.all(Array.from({ length: 15 }, () => env.client.getUser('zhangwei')));
      assert.equal(env.sandbox.state.requestCounts()['/gettoken'], 1);
    } finally {
      await env.close();
    }
  });

  it('refetches an expired token once and retries the call', async () => {
    const env = await sandboxWithClient(testOrg());
    try {
      await env.client.getUser('zhangwei');
      env.sandbox.state.expireTokens();
      assert.equal((await env.client.getUser('lina'))?.name, '李娜');
      assert.equal(env.sandbox.state.requestCounts()['/gettoken'], 2);
    } finally {
      await env.close();
    }
  });

  it('retries transient 5xx answers', async () => {
    const env = await sandboxWithClient(testOrg(), {}, { sleep: quickSleep });
    try {
      await env.client.getUser('zhangwei'); // token first
      env.sandbox.state.setKnobs({ failNext: 2 });
      assert.equal((await env.client.getUser('zhangwei'))?.name, '张伟');
      assert.equal(env.sandbox.state.requestCounts()['/topapi/v2/user/get'], 4);
    } finally {
      await env.close();
    }
  });

  it('backs off on the documented QPS error and still completes every call', async () => {
    // The server allows 5 per second; the client believes 20: it must learn from 90018 and slow down.
    const { logger, lines } = memoryLogger('warn');
    const env = await sandboxWithClient(testOrg(), { knobs: { qpsPerApi: 5 } }, { logger });
    try {
      const users = await Promise.all(Array.from({ length: 12 }, () => env.client.getUser('zhangwei')));
      assert.ok(users.every((u) => u?.userid === 'zhangwei'));
      assert.ok(lines.some((l) => l.upstreamCode === '90018'), 'a throttling error was seen and retried');
    } finally {
      await env.close();
    }
  });

  it('gives up after maxAttempts with a typed, retryable error', async () => {
    const env = await sandboxWithClient(testOrg(), {}, { maxAttempts: 2, sleep: quickSleep });
    try {
      await env.client.getUser('zhangwei');
      env.sandbox.state.setKnobs({ failNext: 5 });
      await assert.rejects(env.client.getUser('zhangwei'), (error: unknown) => {
        return error instanceof DingTalkError && error.code === 'DT_ERR_UNAVAILABLE' && error.retryable && error.status === 503;
      });
    } finally {
      await env.close();
    }
  });

  it('maps invalid parameters and unknown methods to DT_ERR_INVALID without retrying', async () => {
    const env = await sandboxWithClient(testOrg());
    try {
      await assert.rejects(env.client.topapi('/topapi/v2/user/list', { dept_id: 1, cursor: 0, size: 101 }), (error: unknown) => {
        return error instanceof DingTalkError && error.code === 'DT_ERR_INVALID' && error.upstreamCode === '40035';
      });
      await assert.rejects(env.client.topapi('/topapi/v2/user/notexist', {}), (error: unknown) => {
        return error instanceof DingTalkError && error.code === 'DT_ERR_INVALID' && error.upstreamCode === '22';
      });
      assert.equal(env.sandbox.state.requestCounts()['/topapi/v2/user/list'], 1);
    } finally {
      await env.close();
    }
  });

  it('reports bad credentials as DT_ERR_AUTH and never logs the secret or the token', async () => {
    const { logger, text } = memoryLogger('trace');
    const env = await sandboxWithClient(testOrg());
    const client = new DingTalkClient({ appKey: 'wrong', appSecret: 'super-secret-value', oapiUrl: env.baseUrl, qps: 20, logger });
    try {
      await assert.rejects(client.getUser('zhangwei'), (error: unknown) => error instanceof DingTalkError && error.code === 'DT_ERR_AUTH');
      await env.client.getUser('zhangwei');
      assert.doesNotMatch(text(), /super-secret-value/);
    } finally {
      await client.close();
      await env.close();
    }
  });
});
