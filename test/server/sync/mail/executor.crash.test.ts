import assert from 'node:assert/strict';
import type { MailboxSync } from '../../../../server/sync/mail/mailbox-sync.js';
import { isWrite, Killed, KillSwitch, LostAnswer } from './fakes/kill-switch.js';
import { MAILBOX, quiesce, World } from './fakes/world.js';

/**
 * Kills the engine at every point that matters — before each call it makes that writes anything, on
 * either mailbox, the status store or the audit log — then starts a fresh engine on the same store
 * and mailboxes, recovers and syncs until nothing is left to do. A crash anywhere between two writes
 * leaves the same persistent state as a crash right before the next write (reads change nothing, and
 * "performed but the process died before it heard back" is that same state too), so this covers every
 * distinct crash. A second pass loses the answer of each write while the process lives on (a
 * timeout after the server acted). The result must equal an uninterrupted run: nothing duplicated,
 * nothing lost (sync-engines.md §(c) scenarios 1–3).
 */
interface Scenario {
  name: string;
  /** builds the mailboxes (and any earlier sync) before the run that gets killed */
  prepare(world: World): Promise<void>;
  run(engine: MailboxSync): Promise<unknown>;
}

const scenarios: Scenario[] = [
  {
    name: 'backfill',
    async prepare(w) {
      w.imap.deliver({ messageId: '<a1@dt>', receivedAt: 1_000, seen: true });
      w.imap.deliver({ messageId: '<a2@dt>', receivedAt: 3_000 });
      w.imap.deliver({ messageId: '<both@x>', receivedAt: 2_000, seen: true });
      w.graph.deliver({ messageId: '<both@x>', receivedAt: 2_000, flagged: true });
      w.graph.deliver({ messageId: '<b1@ex>', receivedAt: 2_500 });
      w.graph.deliver({ messageId: '<b2@ex>', folder: 'sentitems', receivedAt: 1_500, isRead: true });
    },
    run: (engine) => engine.backfill(),
  },
  {
    name: 'steady state',
    async prepare(w) {
      w.imap.deliver({ messageId: '<a1@dt>', receivedAt: 1_000 });
      w.imap.deliver({ messageId: '<a2@dt>', receivedAt: 3_000 });
      w.imap.deliver({ messageId: '<both@x>', receivedAt: 2_000 });
      w.graph.deliver({ messageId: '<b1@ex>', receivedAt: 2_500 });
      w.graph.deliver({ messageId: '<b2@ex>', folder: 'sentitems', receivedAt: 1_500 });
      const engine = w.engine();
      await engine.backfill();
      await quiesce(engine);
      const uid = (messageId: string) => w.imap.list('INBOX').find((m) => m.messageId === messageId)?.uid ?? -1;
      const id = (messageId: string) => w.graph.all().find((m) => m.internetMessageId === messageId)?.id ?? '';
      w.imap.deliver({ messageId: '<a3@dt>', receivedAt: 4_000 });
      w.imap.userSetFlags('INBOX', uid('<a2@dt>'), { flagged: true });
      w.imap.userMove('INBOX', uid('<a1@dt>'), 'Archive');
      w.imap.userExpunge('INBOX', uid('<both@x>'));
      w.graph.deliver({ messageId: '<b3@ex>', receivedAt: 4_500 });
      w.graph.userSetRead(id('<b1@ex>'), true);
      w.graph.userMove(id('<b2@ex>'), 'archive');
    },
    run: (engine) => engine.syncAll(),
  },
];

async function settle(world: World): Promise<void> {
  // anything quarantined by a lost answer is due by now
  world.clock.now += 86_400_000;
  const engine = world.engine();
  await engine.recover();
  await quiesce(engine, 8);
}

describe('server/sync/mail/executor — crash at every step', function () {
  this.timeout(60_000);

  for (const scenario of scenarios) {
    describe(scenario.name, () => {
      let expected: { dingtalk: string[]; exchange: string[]; links: number };
      let steps = 0;
      let writeSteps: number[] = [];

      before(async () => {
        const world = await World.open();
        await scenario.prepare(world);
        const counter = new KillSwitch();
        await scenario.run(world.engine({ kill: counter }));
        steps = counter.steps;
        writeSteps = counter.trace.flatMap((call, i) => (isWrite(call) ? [i] : []));
        await settle(world);
        expected = { dingtalk: world.view('dingtalk'), exchange: world.view('exchange'), links: (await world.mail.allLinks(MAILBOX)).length };
        assert.deepEqual(world.duplicates(), []);
        await world.close();
      });

      it('has steps to kill at and a reference result where both sides agree', () => {
        assert.ok(steps > 20, `${steps} steps`);
        assert.ok(writeSteps.length > 10, `${writeSteps.length} writes`);
        assert.deepEqual(expected.dingtalk.filter((v) => !v.includes('|trash|')), expected.exchange.filter((v) => !v.includes('|trash|')));
      });

      for (const mode of ['crash', 'lose'] as const) {
        const title =
          mode === 'crash'
            ? 'killed before any one write, a restarted engine ends exactly where an uninterrupted run ends'
            : 'the answer of any one write lost, the engine ends exactly where an uninterrupted run ends';
        it(title, async () => {
          for (const k of writeSteps) {
            const world = await World.open();
            try {
              await scenario.prepare(world);
              const kill = new KillSwitch(k, mode);
              const outcome = await scenario.run(world.engine({ kill })).then(
                () => 'completed',
                (error: unknown) => {
                  if (!(error instanceof Killed) && !(error instanceof LostAnswer)) throw error;
                  return 'failed';
                },
              );
              if (mode === 'crash') assert.equal(outcome, 'failed', `step ${k} was reached`);
              await settle(world);
              const where = `${mode} at step ${k} (${kill.trace[k]})`;
              assert.deepEqual(world.duplicates(), [], `duplicates after being ${where}`);
              assert.deepEqual(world.view('dingtalk'), expected.dingtalk, `dingtalk after being ${where}`);
              assert.deepEqual(world.view('exchange'), expected.exchange, `exchange after being ${where}`);
              assert.equal((await world.mail.allLinks(MAILBOX)).length, expected.links, `links after being ${where}`);
              assert.deepEqual(await world.mail.intents(MAILBOX, 'open'), [], `open intents after being ${where}`);
              assert.deepEqual(await world.mail.listQuarantine(MAILBOX), [], `quarantine after being ${where}`);
              for (const [messageId, n] of [...world.graph.created, ...world.imap.created]) assert.equal(n, 1, `${messageId} created ${n}× after being ${where}`);
            } finally {
              await world.close();
            }
          }
        });
      }
    });
  }
});
