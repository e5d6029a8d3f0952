/** Thrown by every wrapped call once the "process" is dead. */
export class Killed extends Error {
  override readonly name = 'Killed';
  constructor(readonly at: string) {
    super(`killed at ${at}`);
  }
}

/** Thrown (once) by `lose` mode: the call happened, its answer did not arrive, the process lives on. */
export class LostAnswer extends Error {
  override readonly name = 'LostAnswer';
  constructor(readonly at: string) {
    super(`answer lost at ${at}`);
  }
}

/** Calls that change something somewhere (every other call only reads). */
const WRITES = new Set([
  'store.saveLink',
  'store.deleteLink',
  'store.setCursor',
  'store.openIntent',
  'store.closeIntent',
  'store.commitStep',
  'store.quarantine',
  'store.clearQuarantine',
  'store.recordBreaker',
  'store.releaseBreakers',
  'store.closeBreakers',
  'store.saveBackfill',
  'store.noteFolderRun',
  'store.retryQuarantineNow',
  'store.pruneJournal',
  'graph.importMessage',
  'graph.updateMessage',
  'graph.updateMessages',
  'graph.moveMessage',
  'imap.append',
  'imap.setFlags',
  'imap.move',
  'imap.ensureFolder',
  'audit.append',
]);

export function isWrite(call: string): boolean {
  return WRITES.has(call);
}

/**
 * Every method call on a wrapped object (the two providers, the status store, the audit sink) is a
 * step. At step `killAt`:
 * - `crash`: the call is refused and the process is gone: every later wrapped call throws `Killed`, so
 *   nothing the engine tries afterwards (quarantine, audit, cursors) takes effect;
 * - `lose`: the call is performed but its answer is lost (a timeout after the server acted); the
 *   process lives on and sees an ordinary error.
 */
export class KillSwitch {
  steps = 0;
  dead = false;
  readonly trace: string[] = [];

  constructor(
    private readonly killAt: number | null = null,
    private readonly mode: 'crash' | 'lose' = 'crash',
  ) {}

  wrap<T extends object>(label: string, target: T): T {
    // why: a Proxy has to forward arbitrary members of arbitrary objects
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return new Proxy(target as any, {
      get: (t, prop, receiver) => {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== 'function' || prop === 'constructor') return value;
        return (...args: unknown[]) => this.call(`${label}.${String(prop)}`, () => (value as (...a: unknown[]) => unknown).apply(t, args));
      },
    }) as T;
  }

  private call(at: string, run: () => unknown): unknown {
    if (this.dead) throw new Killed(at);
    const step = this.steps++;
    this.trace.push(at);
    if (step !== this.killAt) return run();
    if (this.mode === 'crash') {
      this.dead = true;
      throw new Killed(at);
    }
    return Promise.resolve(run()).then(() => {
      throw new LostAnswer(at);
    });
  }
}

/** The error a glitching provider throws: item-level (no code that stops the run). */
export class Glitch extends Error {
  override readonly name = 'Glitch';
  readonly code = 'GRAPH_ERR_UNKNOWN';
}

/**
 * Transient write failures on demand: `arm('graph', 'lose', 2)` makes the next two writes on the Graph
 * provider fail — `refuse` before anything happened, `lose` after the write took effect.
 */
export class Glitches {
  private readonly pending = new Map<string, Array<'refuse' | 'lose'>>();

  arm(label: 'graph' | 'imap', mode: 'refuse' | 'lose', count: number): void {
    this.pending.set(label, [...(this.pending.get(label) ?? []), ...Array<'refuse' | 'lose'>(count).fill(mode)]);
  }

  clear(): void {
    this.pending.clear();
  }

  wrap<T extends object>(label: 'graph' | 'imap', target: T): T {
    // why: a Proxy has to forward arbitrary members of arbitrary objects
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return new Proxy(target as any, {
      get: (t, prop, receiver) => {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== 'function' || !isWrite(`${label}.${String(prop)}`)) return value;
        return (...args: unknown[]) => {
          const mode = this.pending.get(label)?.shift();
          const run = () => (value as (...a: unknown[]) => unknown).apply(t, args);
          if (mode === undefined) return run();
          if (mode === 'refuse') return Promise.reject(new Glitch(`${label}.${String(prop)} refused`));
          return Promise.resolve(run()).then(() => {
            throw new Glitch(`${label}.${String(prop)} answer lost`);
          });
        };
      },
    }) as T;
  }
}
