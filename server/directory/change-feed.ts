import type { DirectoryChange } from '../../shared/directory-api.js';

/**
 * Who a change concerns, kept beside the change on the server and never sent: the change stream asks
 * each listener's visibility whether it may see the person before or after the change.
 */
export type ChangeScope =
  | { kind: 'person'; before: { userid: string; deptIds: readonly number[] } | null; after: { userid: string; deptIds: readonly number[] } | null }
  | { kind: 'department'; deptId: number; parentId: number | null; hidden: boolean }
  | { kind: 'everyone' };

export interface ScopedChange {
  change: DirectoryChange;
  scope: ChangeScope;
}

export type ChangeListener = (entry: ScopedChange) => void;
type NewChange = Omit<DirectoryChange, 'seq'>;

/**
 * In-process fan-out of directory changes to open task panes (SSE). Changes get increasing sequence
 * numbers and the last `capacity` are kept, so a pane that reconnects with Last-Event-ID receives what
 * it missed; if it fell further behind, `since` says so and the pane reloads instead.
 * Listeners are called synchronously and must not throw (a throwing listener is dropped, not retried).
 */
export class DirectoryChangeFeed {
  #seq = 0;
  readonly #buffer: ScopedChange[] = [];
  readonly #listeners = new Set<ChangeListener>();

  constructor(private readonly capacity = 1000) {}

  publish(change: NewChange, scope: ChangeScope = { kind: 'everyone' }): DirectoryChange {
    const full = { ...change, seq: ++this.#seq } as DirectoryChange;
    const entry = { change: full, scope };
    this.#buffer.push(entry);
    if (this.#buffer.length > this.capacity) this.#buffer.shift();
    for (const listener of [...this.#listeners]) {
      try {
        listener(entry);
      } catch {
        this.#listeners.delete(listener);
      }
    }
    return full;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Changes after `seq`, or 'gap' when some of them are no longer buffered. */
  since(seq: number): ScopedChange[] | 'gap' {
    const oldest = this.#buffer[0]?.change.seq ?? this.#seq + 1;
    if (seq < oldest - 1) return 'gap';
    return this.#buffer.filter((c) => c.change.seq > seq);
  }

  get lastSeq(): number {
    return this.#seq;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
