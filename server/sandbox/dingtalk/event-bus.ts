import { randomUUID } from 'node:crypto';
import type { ContactEventType } from '../../connectors/dingtalk/contact-event.js';
import type { SandboxContactEvent, SandboxEventFeed, SandboxEventListener } from './event-feed.js';
import type { SandboxKnobs } from './knobs.js';
import type { Random } from './prng.js';

export interface EventBusOptions {
  corpId: string;
  clock: () => number;
  /** Decides duplicates and reordering; seeded so tests replay. */
  random: Random;
  knobs: () => Readonly<SandboxKnobs>;
  /** A listener threw: reported, never propagated into the state change that emitted the event. */
  onListenerError?: (error: unknown, event: SandboxContactEvent) => void;
  /** How long a held-back (reordered) event waits for a successor before it is delivered anyway. */
  reorderHoldMs?: number;
}

/**
 * The sandbox's event source. `emit` is called by state changes, after the org has changed; delivery to
 * listeners is synchronous (transports must not block: they queue). Knobs applied at delivery time:
 * - reorderEvents: the event is held and delivered right after the next one (or after reorderHoldMs);
 * - duplicateEvents: the event is delivered a second time, same eventId (§4.3: duplicates happen, dedupe on eventId).
 * `history` keeps every emitted event once, in emission order, regardless of knobs.
 */
export interface EventBus {
  readonly feed: SandboxEventFeed;
  emit(eventType: ContactEventType, ids: { userId?: string[]; deptId?: number[] }): SandboxContactEvent;
  /** Number of events emitted so far (not counting duplicates). */
  readonly emittedCount: number;
  /** Events emitted after the first `since` ones (the last HISTORY_LIMIT are kept). */
  history(since?: number): SandboxContactEvent[];
  /** Delivers a held-back event now and stops its timer. */
  close(): void;
}

const HISTORY_LIMIT = 10_000;

export function createEventBus(options: EventBusOptions): EventBus {
  const listeners = new Set<SandboxEventListener>();
  const history: SandboxContactEvent[] = [];
  let emitted = 0;
  let held: { event: SandboxContactEvent; timer: NodeJS.Timeout } | null = null;

  const deliver = (event: SandboxContactEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(structuredClone(event));
      } catch (error) {
        options.onListenerError?.(error, event);
      }
    }
  };

  const deliverWithDuplicates = (event: SandboxContactEvent): void => {
    deliver(event);
    if (options.random() < options.knobs().duplicateEvents) deliver(event);
  };

  const releaseHeld = (): void => {
    if (held === null) return;
    const { event, timer } = held;
    held = null;
    clearTimeout(timer);
    deliverWithDuplicates(event);
  };

  return {
    feed: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    emit(eventType, ids) {
      const bornTime = options.clock();
      const event: SandboxContactEvent = {
        eventId: randomUUID(),
        eventType,
        corpId: options.corpId,
        bornTime,
        data: { timeStamp: String(bornTime), ...ids },
      };
      emitted += 1;
      history.push(event);
      if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
      if (held === null && options.random() < options.knobs().reorderEvents) {
        const timer = setTimeout(releaseHeld, options.reorderHoldMs ?? 200);
        timer.unref();
        held = { event, timer };
      } else {
        deliverWithDuplicates(event);
        releaseHeld();
      }
      return structuredClone(event);
    },
    get emittedCount() {
      return emitted;
    },
    history(since = 0) {
      const dropped = emitted - history.length;
      return structuredClone(history.slice(Math.max(0, since - dropped)));
    },
    close: releaseHeld,
  };
}
