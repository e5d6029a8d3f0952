import type { Side } from '../server/sync/mail/model.js';
import { round } from './mail-env.js';
import { runSteadyState, type RoundSample } from './mail-steady.js';

const TARGET = 1.1;

/**
 * API calls per propagated change on each side, in the notification-driven steady state (see
 * mail-steady.ts), for read/flag changes and new mail separately, each direction separately: first
 * changes made one at a time (each settles before the next), then bursts of `burst` changes made
 * together, which the scheduler's gathering window collapses into shared reads.
 * Exchange side: Graph HTTP requests of the mailbox (GraphClient.stats(); a `$batch` counts once).
 * DingTalk side: MailboxProvider calls through a counting proxy (one call is one IMAP command on a
 * real server, or a few: a SELECT may precede it). Every call until the change settled is counted,
 * including the read that the notice of the engine's own write wakes on the written side (the echo);
 * a second figure leaves those echo reads out, which is the engine's own path as its tests measure it.
 *
 * What costs the calls (measured as the engine is, not tuned here):
 * - flag change: one read on the side that changed (IMAP changesSince / one Graph delta page) and one
 *   write on the other (IMAP STORE / one Graph `$batch` of PATCHes). The write's own notice (IDLE
 *   wake-up or Graph notification) then wakes a read on the written side, which finds its own echo and
 *   writes nothing: 1 call on the changed side, 2 on the written side, one at a time. In a burst the
 *   reads and Graph's `$batch` (≤ 20 updates) are shared, but DingTalkSide.setFlags issues one provider
 *   call per message (the MailboxProvider contract has no multi-message flag update), so Exchange →
 *   DingTalk flag changes stay above 1 per change on the DingTalk side.
 * - new mail: the source side is read twice — the change list (Graph delta / IMAP changesSince carry
 *   no body) and the RFC 5322 source (Graph `$value` / IMAP FETCH BODY[]) that the create needs — and
 *   the target side gets one create (Graph import POST / IMAP APPEND) plus the echo read. In a burst
 *   the change-list reads are shared; the source fetch and the create stay one per message.
 * Leaving the echo out would need the engine to recognise a notice caused only by its own write and
 * skip the read — a design decision for the engine's owner, not for this benchmark.
 */
export async function runMailCallsBench(roundsPerCase = 25, burst = 20, burstRoundsPerCase = 2, setupMessages = 2_000): Promise<Record<string, number | string>> {
  const result = await runSteadyState({
    setupMessages,
    phases: [
      { rounds: roundsPerCase * 4, burst: 1 },
      { rounds: burstRoundsPerCase * 4, burst },
    ],
  });
  const out: Record<string, number | string> = {
    'calls: changes per case, one at a time / in bursts': `${roundsPerCase} / ${burstRoundsPerCase} × ${burst}`,
  };
  for (const [label, size] of [['one at a time', 1], [`in bursts of ${burst}`, burst]] as const) {
    const phase = result.samples.filter((s) => s.burst === size);
    for (const kind of ['flag', 'new mail'] as const) {
      const ofKind = phase.filter((s) => s.kind === kind);
      for (const from of ['dingtalk', 'exchange'] as const) {
        const samples = ofKind.filter((s) => s.from === from);
        const name = `calls ${label}: ${kind} ${from === 'dingtalk' ? 'DingTalk → Exchange' : 'Exchange → DingTalk'}`;
        out[`${name}, per change (target ≤ ${TARGET} each side)`] = perSide(perChange(samples));
        if (size === 1) out[`${name}, by method per change`] = breakdown(samples, from);
      }
      out[`calls ${label}: ${kind}, both directions, per change (target ≤ ${TARGET} each side)`] = perSide(perChange(ofKind));
      out[`calls ${label}: ${kind}, both directions, echo reads left out`] = perSide(perChange(ofKind, true));
    }
  }
  out['calls: changes never visible (30 s timeout)'] = result.samples.flatMap((s) => s.latenciesMs).filter((ms) => ms === null).length;
  out['calls: 429 during the changes'] = result.throttled;
  out['calls: INBOX differences between the sides at the end'] = result.mismatches;
  return out;
}

/** The read that finds the engine's own write on the written side (its notice woke it). */
const ECHO_READ: Record<Side, string> = { dingtalk: 'changesSince', exchange: 'delta' };

/** Calls per change on each side; `withoutEcho` leaves out the change-list reads on the written side. */
function perChange(samples: readonly RoundSample[], withoutEcho = false): Record<Side, number> {
  const changes = samples.reduce((n, s) => n + s.burst, 0);
  const total = (side: Side): number =>
    samples.reduce((sum, s) => {
      const calls = side === 'dingtalk' ? Object.values(s.imap).reduce((a, b) => a + b, 0) : s.graphRequests;
      const echo = withoutEcho && side !== s.from ? ((side === 'dingtalk' ? s.imap : s.graphMethods)[ECHO_READ[side]] ?? 0) : 0;
      return sum + calls - echo;
    }, 0);
  return { dingtalk: total('dingtalk') / Math.max(1, changes), exchange: total('exchange') / Math.max(1, changes) };
}

function perSide(calls: Record<Side, number>): string {
  const misses = (['dingtalk', 'exchange'] as const).filter((side) => calls[side] > TARGET).map((side) => (side === 'dingtalk' ? 'DingTalk' : 'Exchange'));
  const figures = `DingTalk ${round(calls.dingtalk, 2)} · Exchange ${round(calls.exchange, 2)}`;
  return misses.length === 0 ? figures : `${figures} (${misses.join(' and ')} ${misses.length === 1 ? 'misses' : 'miss'} the target)`;
}

/** Average calls per change by side and method, the changed side first: `DingTalk: changesSince 1 · Exchange: updateMessages 1, delta 1`. */
function breakdown(samples: readonly RoundSample[], from: Side): string {
  const changes = samples.reduce((n, s) => n + s.burst, 0);
  const sum = (pick: (s: RoundSample) => Record<string, number>): string => {
    const totals = new Map<string, number>();
    for (const s of samples) for (const [method, n] of Object.entries(pick(s))) totals.set(method, (totals.get(method) ?? 0) + n);
    const parts = [...totals].map(([method, n]) => `${method} ${round(n / Math.max(1, changes), 2)}`);
    return parts.length === 0 ? 'none' : parts.join(', ');
  };
  const dingtalk = `DingTalk: ${sum((s) => s.imap)}`;
  const exchange = `Exchange: ${sum((s) => s.graphMethods)}`;
  return from === 'dingtalk' ? `${dingtalk} · ${exchange}` : `${exchange} · ${dingtalk}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runMailCallsBench(Number(process.argv[2] ?? 25), Number(process.argv[3] ?? 20)));
}
