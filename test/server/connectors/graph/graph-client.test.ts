import assert from 'node:assert/strict';
import { ErrorCodes } from '../../../../shared/errors.js';
import { GraphClient } from '../../../../server/connectors/graph/graph-client.js';
import { GraphError } from '../../../../server/connectors/graph/graph-error.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';
import { graphEnv, mimeMessage, OTHER_UPN, UPN, type GraphEnv } from './graph-harness.js';

describe('server/connectors/graph/graph-client (against the Graph sandbox)', () => {
  let env: GraphEnv | null = null;
  afterEach(async () => {
    await env?.close();
    env = null;
  });

  async function seedMessages(n: number, upn = UPN): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await env!.sandbox.mailbox(upn).deliver({ subject: `s${i}` })).id);
    return ids;
  }

  describe('app-only token', () => {
    it('fetches one token for many concurrent requests', async () => {
      env = await graphEnv();
      const [id] = await seedMessages(1);
      await Promise.all(Array.from({ length: 10 }, () => env!.client.getMessage(UPN, id as string)));
      assert.equal(env.sandbox.stats().tokenRequests, 1);
      assert.equal(env.client.stats().tokenFetches, 1);
    });

    it('refetches an expired token exactly once mid-run and retries the calls', async () => {
      env = await graphEnv();
      const [id] = await seedMessages(1);
      await env.client.getMessage(UPN, id as string);
      assert.equal(env.sandbox.expireTokens(), 1);
      const again = await Promise.all(Array.from({ length: 6 }, () => env!.client.getMessage(UPN, id as string)));
      assert.ok(again.every((m) => m?.id === id));
      assert.equal(env.sandbox.stats().tokenRequests, 2);
      assert.ok(env.logLines.some((l) => l.msg === 'access token rejected; fetching a new one'));
    });

    it('fails with a non-retryable GRAPH_ERR_AUTH on a wrong secret, without retrying the token request', async () => {
      env = await graphEnv({}, { clientSecret: 'wrong' });
      await assert.rejects(env.client.wellKnownFolder(UPN, 'inbox'), (error: unknown) => {
        assert.ok(error instanceof GraphError);
        assert.equal(error.code, ErrorCodes.GRAPH_ERR_AUTH);
        assert.equal(error.upstreamCode, 'invalid_client');
        assert.equal(error.retryable, false);
        return true;
      });
      assert.equal(env.sandbox.stats().tokenRequests, 1);
      assert.ok(!env.logLines.some((l) => JSON.stringify(l).includes('wrong')), 'the secret is never logged');
    });

    it('refuses to be built with neither or both credentials', () => {
      const base = { tenantId: 't', clientId: 'c', logger: memoryLogger().logger };
      assert.throws(() => new GraphClient(base), /exactly one/);
      assert.throws(() => new GraphClient({ ...base, clientSecret: 's', clientAssertion: async () => 'jwt' }), /exactly one/);
    });
  });

  describe('throttling', () => {
    it('rides out a 429 storm, waiting at least the Retry-After each time', async () => {
      env = await graphEnv({ knobs: { retryAfterSeconds: 0.03 } });
      const ids = await seedMessages(3);
      env.sandbox.failNext(6, 429);
      const messages = await Promise.all(ids.map((id) => env!.client.getMessage(UPN, id)));
      assert.deepEqual(messages.map((m) => m?.id), ids);
      const lane = env.client.stats().lanes[UPN];
      assert.equal(lane?.throttled, 6);
      assert.equal(lane?.retries, 6);
      const delays = env.logLines.filter((l) => l.msg === 'Graph call failed; retrying').map((l) => l.delayMs as number);
      assert.equal(delays.length, 6);
      assert.ok(delays.every((d) => d >= 30), `every retry waited for Retry-After: ${delays.join(',')}`);
    });

    it('never has more than 4 requests in flight per mailbox, as the sandbox observes, and mailboxes run side by side', async () => {
      env = await graphEnv({ knobs: { latencyMs: 20 } });
      const mine = await seedMessages(2, UPN);
      const theirs = await seedMessages(2, OTHER_UPN);
      await Promise.all([
        ...Array.from({ length: 16 }, (_, i) => env!.client.getMessage(UPN, mine[i % 2] as string)),
        ...Array.from({ length: 16 }, (_, i) => env!.client.getMessage(OTHER_UPN, theirs[i % 2] as string)),
      ]);
      const stats = env.sandbox.stats().mailboxes;
      for (const upn of [UPN, OTHER_UPN]) {
        assert.equal(stats[upn]?.peakConcurrency, 4, `${upn} used its 4 slots and never more`);
        assert.equal(stats[upn]?.concurrencyThrottled, 0);
        assert.equal(stats[upn]?.requests, 16);
      }
    });

    it('recovers from MailboxConcurrency 429s when configured above the limit', async () => {
      env = await graphEnv({ knobs: { latencyMs: 15, retryAfterSeconds: 0.01 } }, { concurrencyPerMailbox: 8, maxAttempts: 10 });
      const [id] = await seedMessages(1);
      const results = await Promise.all(Array.from({ length: 16 }, () => env!.client.getMessage(UPN, id as string)));
      assert.ok(results.every((m) => m?.id === id));
      assert.ok((env.sandbox.stats().mailboxes[UPN]?.concurrencyThrottled ?? 0) > 0, 'the sandbox did throttle');
    });

    it('waits for its own request budget instead of failing or being throttled', async () => {
      env = await graphEnv({ knobs: { budgetPerWindow: 5, budgetWindowMs: 200 } }, { budgetPerWindow: 5, budgetWindowMs: 200 });
      const [id] = await seedMessages(1);
      const results = await Promise.all(Array.from({ length: 12 }, () => env!.client.getMessage(UPN, id as string)));
      assert.ok(results.every((m) => m?.id === id));
      const traffic = env.sandbox.stats().mailboxes[UPN];
      assert.equal(traffic?.budgetThrottled, 0);
      assert.equal(traffic?.requests, 12);
    });

    it('rides out the service budget when it is smaller than the configured one', async () => {
      env = await graphEnv({ knobs: { budgetPerWindow: 3, budgetWindowMs: 150 } }, { maxAttempts: 10 });
      const [id] = await seedMessages(1);
      const results = await Promise.all(Array.from({ length: 9 }, () => env!.client.getMessage(UPN, id as string)));
      assert.ok(results.every((m) => m?.id === id));
      assert.ok((env.sandbox.stats().mailboxes[UPN]?.budgetThrottled ?? 0) > 0);
    });
  });

  describe('errors', () => {
    it('maps not-found: null from getMessage, GRAPH_ERR_NOT_FOUND from getMime and for an unknown mailbox', async () => {
      env = await graphEnv();
      assert.equal(await env.client.getMessage(UPN, 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0Anope'), null);
      await assert.rejects(env.client.getMime(UPN, 'nope'), { code: ErrorCodes.GRAPH_ERR_NOT_FOUND, status: 404, upstreamCode: 'ErrorItemNotFound' });
      await assert.rejects(env.client.wellKnownFolder('nobody@contoso.example', 'inbox'), { code: ErrorCodes.GRAPH_ERR_NOT_FOUND, upstreamCode: 'ErrorInvalidUser' });
    });

    it('gives up after maxAttempts with a retryable GRAPH_ERR_UNAVAILABLE carrying the request id', async () => {
      env = await graphEnv({}, { maxAttempts: 3 });
      env.sandbox.failNext(10, 500);
      await assert.rejects(env.client.wellKnownFolder(UPN, 'inbox'), (error: unknown) => {
        assert.ok(error instanceof GraphError);
        assert.equal(error.code, ErrorCodes.GRAPH_ERR_UNAVAILABLE);
        assert.equal(error.retryable, true);
        assert.equal(error.status, 500);
        assert.match(error.requestId ?? '', /^[0-9a-f-]{36}$/);
        return true;
      });
      assert.equal(env.sandbox.stats().mailboxes[UPN]?.requests, 3);
    });

    it('refuses a cursor that points outside the Graph base URL, without sending the token anywhere', async () => {
      env = await graphEnv();
      const before = env.sandbox.stats().httpRequests;
      await assert.rejects(env.client.delta(UPN, 'inbox', 'https://evil.example/v1.0/users/x/mailFolders/inbox/messages/delta?$deltatoken=abc'), {
        code: ErrorCodes.GRAPH_ERR_INVALID,
      });
      await assert.rejects(env.client.listMessages(UPN, 'inbox', 'not a url', 10), { code: ErrorCodes.GRAPH_ERR_INVALID });
      assert.equal(env.sandbox.stats().httpRequests, before);
    });

    it('maps a 400 syncStateNotFound (the other stale-token form) to GRAPH_ERR_SYNC_STATE_GONE', async () => {
      env = await graphEnv({ knobs: { staleDeltaStyle: 'syncStateNotFound' } });
      const page = await env.client.delta(UPN, 'inbox', null);
      env.sandbox.expireDeltaTokens();
      await assert.rejects(env.client.delta(UPN, 'inbox', page.deltaLink), { code: ErrorCodes.GRAPH_ERR_SYNC_STATE_GONE, status: 400 });
    });
  });

  describe('batching and writes', () => {
    it('sends 45 updates as 3 $batch calls (45 sub-requests counted against the mailbox)', async () => {
      env = await graphEnv();
      const ids = await seedMessages(45);
      env.sandbox.resetStats();
      const results = await env.client.updateMessages(UPN, ids.map((id) => ({ id, patch: { flagged: true } })));
      assert.ok(results.every((r) => !(r instanceof Error) && r.flagged));
      const stats = env.sandbox.stats();
      assert.equal(stats.httpRequests, 48);
      assert.equal(stats.mailboxes[UPN]?.requests, 45);
      assert.equal(env.client.stats().lanes[UPN]?.requests, 3);
    });

    it('retries throttled batch calls and sub-requests until every item is done', async () => {
      env = await graphEnv({ knobs: { retryAfterSeconds: 0.01 } });
      const ids = await seedMessages(5);
      env.sandbox.failNext(3, 429);
      const results = await env.client.updateMessages(UPN, ids.map((id) => ({ id, patch: { isRead: true } })));
      assert.ok(results.every((r) => !(r instanceof Error) && r.isRead), String(results.find((r) => r instanceof Error)));
      assert.ok(env.sandbox.mailbox(UPN).messages().every((m) => m.isRead));
    });

    it('imports once when the answer to the create is lost after the message was created', async () => {
      env = await graphEnv();
      env.sandbox.setKnobs({ failNextAfterCommit: 1 });
      const inbox = env.sandbox.mailbox(UPN).folderId('inbox');
      const imported = await env.client.importMessage(UPN, inbox, { mime: mimeMessage({ subject: 'once', messageId: '<once@x>' }), isRead: false, flagged: false, linkId: 'link-once' });
      assert.equal(imported.linkId, 'link-once');
      assert.equal(env.sandbox.mailbox(UPN).messages().filter((m) => m.linkId === 'link-once').length, 1);
    });

    it('imports again when the create failed before it ran', async () => {
      env = await graphEnv({ knobs: { retryAfterSeconds: 0.01 } });
      env.sandbox.failNext(1, 503);
      const inbox = env.sandbox.mailbox(UPN).folderId('inbox');
      const imported = await env.client.importMessage(UPN, inbox, { mime: mimeMessage({ subject: 'twice?', messageId: '<t@x>' }), isRead: false, flagged: false, linkId: 'link-retry' });
      assert.equal(env.sandbox.mailbox(UPN).messages().filter((m) => m.linkId === 'link-retry').length, 1);
      assert.equal(env.sandbox.mailbox(UPN).message(imported.id)?.isDraft, false);
    });

    it('does not repeat a subscription create that failed ambiguously', async () => {
      env = await graphEnv();
      env.sandbox.failNext(1, 503);
      await assert.rejects(
        env.client.createSubscription(UPN, { folderId: 'inbox', notificationUrl: 'http://127.0.0.1:9/hook', lifecycleNotificationUrl: 'http://127.0.0.1:9/life', clientState: 's', expiresAt: Date.now() + 3_600_000 }),
        { code: ErrorCodes.GRAPH_ERR_UNAVAILABLE },
      );
      assert.equal(env.sandbox.stats().httpRequests, 1);
    });
  });
});
