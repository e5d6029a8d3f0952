import assert from 'node:assert/strict';
import { sandboxFixture, UPN, type SandboxFixture } from './fixtures.js';

describe('server/sandbox/graph: throttling and injected failures', () => {
  let fx: SandboxFixture;
  afterEach(async () => {
    await fx.close();
  });
  const inbox = `/v1.0/users/${UPN}/mailFolders/inbox`;

  it('answers 429 MailboxConcurrency beyond 4 requests in flight per mailbox, and records the peak', async () => {
    fx = await sandboxFixture({ knobs: { latencyMs: 100, retryAfterSeconds: 3 } });
    fx.sandbox.mailbox('other@contoso.example');
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => fx.call('GET', inbox)),
      fx.call('GET', '/v1.0/users/other@contoso.example/mailFolders/inbox'),
    ]);
    const statuses = results.map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 6).sort(), [200, 200, 200, 200, 429, 429]);
    assert.equal(statuses[6], 200, 'another mailbox is not affected');
    const throttled = results.find((r) => r.status === 429);
    assert.equal(throttled?.json.error.code, 'ApplicationThrottled');
    assert.match(throttled?.json.error.message, /MailboxConcurrency/);
    assert.equal(throttled?.headers['retry-after'], '3');
    const traffic = fx.sandbox.stats().mailboxes[UPN];
    assert.equal(traffic?.peakConcurrency, 5, 'four in flight plus the one that arrived');
    assert.equal(traffic?.concurrencyThrottled, 2);
    assert.equal(traffic?.inFlight, 0, 'slots are released');
  });

  it('answers 429 with a computed Retry-After once the per-mailbox window budget is spent', async () => {
    let now = 1_000_000;
    fx = await sandboxFixture({ clock: () => now, knobs: { budgetPerWindow: 3, budgetWindowMs: 10_000 } });
    for (let i = 0; i < 3; i++) {
      assert.equal((await fx.call('GET', inbox)).status, 200);
      now += 1000;
    }
    const over = await fx.call('GET', inbox);
    assert.equal(over.status, 429);
    assert.match(over.json.error.message, /MailboxRequests/);
    assert.equal(over.headers['retry-after'], '8', 'until enough of the window ages out (throttled requests count too)');
    now += 8_000;
    assert.equal((await fx.call('GET', inbox)).status, 200);
    assert.equal(fx.sandbox.stats().mailboxes[UPN]?.budgetThrottled, 1);
  });

  it('fails the next n requests with the chosen status, before they run', async () => {
    fx = await sandboxFixture({ knobs: { retryAfterSeconds: 0.25 } });
    const m = await fx.sandbox.mailbox(UPN).deliver({ subject: 'x' });
    fx.sandbox.failNext(2, 503);
    const first = await fx.call('PATCH', `/v1.0/users/${UPN}/messages/${encodeURIComponent(m.id)}`, { body: { isRead: true } });
    assert.equal(first.status, 503);
    assert.equal(first.headers['retry-after'], '0.250');
    assert.equal(fx.sandbox.mailbox(UPN).message(m.id)?.isRead, false, 'nothing ran');
    assert.equal((await fx.call('GET', inbox)).status, 503);
    assert.equal((await fx.call('GET', inbox)).status, 200);
    assert.equal(fx.sandbox.knobs().failNext, 0);
    for (const status of [429, 500, 504]) {
      fx.sandbox.failNext(1, status);
      assert.equal((await fx.call('GET', inbox)).status, status);
    }
  });

  it('loses the answer of the next write after committing it', async () => {
    fx = await sandboxFixture({ knobs: { failNextAfterCommit: 1 } });
    assert.equal((await fx.call('GET', inbox)).status, 200, 'reads do not consume it');
    const created = await fx.call('POST', `/v1.0/users/${UPN}/mailFolders/inbox/messages`, { body: { subject: 'committed' } });
    assert.equal(created.status, 500);
    assert.equal(created.json.error.code, 'generalException');
    assert.deepEqual(fx.sandbox.mailbox(UPN).messages().map((m) => m.subject), ['committed']);
  });

  it('counts requests per mailbox and resets the counters on demand', async () => {
    fx = await sandboxFixture();
    await fx.call('GET', inbox);
    await fx.call('GET', `/v1.0/users/${UPN}/messages`);
    assert.equal(fx.sandbox.stats().mailboxes[UPN]?.requests, 2);
    assert.equal(fx.sandbox.stats().tokenRequests, 1);
    fx.sandbox.resetStats();
    assert.equal(fx.sandbox.stats().mailboxes[UPN]?.requests, 0);
    assert.equal(fx.sandbox.stats().httpRequests, 0);
  });
});
