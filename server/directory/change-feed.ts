import type { DirectoryChange } from '../../shared/directory-api.js';

export type ChangeListener = (change: DirectoryChange) => void;
type NewChange = Omit<DirectoryChange, 'seq'>;

/**
 * In-process fan-out of directory changes to open task panes (SSE). Changes get increasing sequence
 * numbers and the last `capacity` are kept, so a pane that reconnects with Last-Event-ID receives what
 * it missed; if it fell further behind, `since` says so and the pane reloads instead.
 * Listeners are called synchronously and must not throw (a throwing listener is dropped, not retried).
 */
export class DirectoryChangeFeed {
  #seq = 0;
  readonly #buffer: DirectoryChange[] = [];
  readonly #listeners = new Set<ChangeListener>();

  constructor(private readonly capacity = 1000) {}

  publish(change: NewChange): DirectoryChange {
    const full = { ...change, seq: ++this.#seq } as DirectoryChange;
    this.#buffer.push(full);
    if (this.#buffer.length > this.capacity) this.#buffer.shift();
    for (const listener of [...this.#listeners]) {
      try {
        listener(full);
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
  since(seq: number): DirectoryChange[] | 'gap' {
    const oldest = this.#buffer[0]?.seq ?? this.#seq + 1;
    if (seq < oldest - 1) return 'gap';
    return this.#buffer.filter((c) => c.seq > seq);
  }

  get lastSeq(): number {
    return this.#seq;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
