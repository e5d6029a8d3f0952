import assert from 'node:assert/strict';
import { MailboxLanes, SlidingBudget } from '../../../../server/connectors/graph/mailbox-lanes.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('server/connectors/graph/mailbox-lanes', () => {
  it('runs at most `concurrency` tasks per mailbox, other mailboxes unaffected', async () => {
    const lanes = new MailboxLanes({ concurrency: 4, budget: 100, budgetWindowMs: 1000 });
    const gate = deferred();
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await gate.promise;
      running -= 1;
    };
    const all = Array.from({ length: 10 }, () => lanes.run('a@x', 1, task));
    const other = lanes.run('b@x', 1, async () => 'independent');
    assert.equal(await other, 'independent', 'b@x ran while a@x was full');
    await tick();
    assert.equal(running, 4);
    assert.equal(lanes.stats()['a@x']?.waiting, 6);
    gate.resolve();
    await Promise.all(all);
    assert.equal(peak, 4);
    lanes.close();
  });

  it('treats mailbox names case-insensitively', async () => {
    const lanes = new MailboxLanes({ concurrency: 1, budget: 100, budgetWindowMs: 1000 });
    const gate = deferred();
    const first = lanes.run('Wang@X', 1, () => gate.promise);
    let secondStarted = false;
    const second = lanes.run('wang@x', 1, async () => void (secondStarted = true));
    await tick();
    assert.equal(secondStarted, false);
    gate.resolve();
    await Promise.all([first, second]);
    assert.equal(secondStarted, true);
    lanes.close();
  });

  it('starts nothing new while paused, then resumes', async () => {
    const lanes = new MailboxLanes({ concurrency: 4, budget: 100, budgetWindowMs: 1000 });
    lanes.pause('a@x', 300);
    let started = false;
    const run = lanes.run('a@x', 1, async () => void (started = true));
    await tick();
    assert.equal(started, false, 'held by the pause');
    await run;
    assert.equal(started, true);
    lanes.close();
  });

  it('holds a budget unit until one window after the task finished', async () => {
    let now = 1_000;
    const budget = new SlidingBudget(2, 40, () => now);
    await budget.acquire(1);
    await budget.acquire(1);
    let third = false;
    const waiting = budget.acquire(1).then(() => void (third = true));
    budget.release(1);
    budget.release(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(third, false, 'both units are still cooling down on the budget clock');
    now += 40;
    await waiting;
    assert.equal(third, true);
    budget.close();
  });

  it('caps a cost at the whole budget so a big batch can still run', () => {
    const budget = new SlidingBudget(5, 100, Date.now);
    assert.equal(budget.clamp(20), 5);
    assert.equal(budget.clamp(0), 1);
    assert.equal(new SlidingBudget(0, 100, Date.now).clamp(20), 0, 'a zero budget means unlimited');
  });

  it('counts requests, retries and throttles per mailbox', () => {
    const lanes = new MailboxLanes({ concurrency: 4, budget: 100, budgetWindowMs: 1000 });
    lanes.noteRequest('a@x');
    lanes.noteRequest('A@x');
    lanes.noteRetry('a@x', true);
    lanes.noteThrottled('a@x');
    assert.deepEqual(lanes.stats()['a@x'], { requests: 2, retries: 1, throttled: 2, waiting: 0, running: 0 });
    lanes.close();
  });
});
