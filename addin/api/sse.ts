/**
 * Server-sent events over `fetch`. EventSource cannot send an Authorization header, and putting the
 * token in the URL would leak it into access logs, so the pane reads the stream itself: a parser for
 * the `text/event-stream` format (WHATWG HTML §9.2.6) and a reconnecting reader that resumes with
 * `Last-Event-ID` the way EventSource does.
 */

export interface SseMessage {
  event: string;
  data: string;
  /** the stream's last event id when this message was dispatched (null if none was ever sent) */
  lastEventId: string | null;
}

/** Incremental parser: feed it decoded text as it arrives, get complete messages back. */
export class SseParser {
  #buffer = '';
  #data: string[] = [];
  #event = '';
  #idBuffer: string | null = null;
  #started = false;
  /** last event id of the stream so far; survives across messages as the spec requires */
  lastEventId: string | null = null;
  /** reconnection time the server asked for with `retry:`, in milliseconds */
  retryMs: number | null = null;

  feed(chunk: string): SseMessage[] {
    this.#buffer += chunk;
    if (!this.#started && this.#buffer.length > 0) {
      this.#started = true;
      // why: a UTF-8 BOM at the very start of the stream is not part of the first field name
      if (this.#buffer.charCodeAt(0) === 0xfeff) this.#buffer = this.#buffer.slice(1);
    }
    const messages: SseMessage[] = [];
    for (;;) {
      const lf = this.#buffer.indexOf('\n');
      const cr = this.#buffer.indexOf('\r');
      if (lf < 0 && cr < 0) break;
      let end: number;
      let skip: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // why: a CR at the end of a chunk may be the first half of CRLF; wait for the next chunk
        if (cr === this.#buffer.length - 1) break;
        end = cr;
        skip = this.#buffer[cr + 1] === '\n' ? 2 : 1;
      } else {
        end = lf;
        skip = 1;
      }
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + skip);
      const message = this.#line(line);
      if (message !== null) messages.push(message);
    }
    return messages;
  }

  #line(line: string): SseMessage | null {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.#data.push(value);
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.#idBuffer = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }

  #dispatch(): SseMessage | null {
    if (this.#idBuffer !== null) this.lastEventId = this.#idBuffer;
    const data = this.#data;
    const event = this.#event;
    this.#data = [];
    this.#event = '';
    if (data.length === 0) return null;
    return { event: event === '' ? 'message' : event, data: data.join('\n'), lastEventId: this.lastEventId };
  }
}

export type StreamState = 'connecting' | 'open' | 'reconnecting';

export interface EventStreamOptions {
  url: string;
  /** headers for each (re)connection, e.g. a fresh Authorization; called before every attempt */
  headers: () => Promise<Record<string, string>>;
  onMessage: (message: SseMessage) => void;
  onState?: (state: StreamState) => void;
  /** the server answered 401: drop the cached token so the next attempt gets a new one */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  /** first reconnection delay when the server sent no `retry:` */
  initialRetryMs?: number;
  /** cap of the exponential backoff after consecutive failures */
  maxRetryMs?: number;
  /** reconnect when nothing (not even a heartbeat comment) arrived for this long */
  idleTimeoutMs?: number;
}

export interface EventStream {
  close(): void;
}

const DEFAULT_INITIAL_RETRY_MS = 2_000;
const DEFAULT_MAX_RETRY_MS = 60_000;
/** The server sends a heartbeat comment every 15 s (server/http/directory-events.ts); three missed ones mean a dead connection. */
const DEFAULT_IDLE_TIMEOUT_MS = 45_000;
/** ± share of random spread on each delay, so many panes do not reconnect in lockstep after a restart */
const JITTER = 0.2;

/**
 * Opens a reconnecting event stream. After a clean end the reader waits the server's `retry:` and
 * resumes from the last event id; after failures it backs off exponentially up to `maxRetryMs`.
 */
export function openEventStream(options: EventStreamOptions): EventStream {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxRetryMs = options.maxRetryMs ?? DEFAULT_MAX_RETRY_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const closed = new AbortController();
  let retryMs = options.initialRetryMs ?? DEFAULT_INITIAL_RETRY_MS;
  let lastEventId: string | null = null;

  const run = async (): Promise<void> => {
    let failures = 0;
    let first = true;
    while (!closed.signal.aborted) {
      options.onState?.(first ? 'connecting' : 'reconnecting');
      first = false;
      const attempt = new AbortController();
      const abortAttempt = (): void => attempt.abort();
      closed.signal.addEventListener('abort', abortAttempt, { once: true });
      let idleTimer: ReturnType<typeof setTimeout> | undefined;
      const touch = (): void => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(abortAttempt, idleTimeoutMs);
      };
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', ...(await options.headers()) };
        if (lastEventId !== null) headers['last-event-id'] = lastEventId;
        touch();
        const response = await fetchImpl(options.url, { headers, signal: attempt.signal, cache: 'no-store' });
        if (response.status === 401) options.onUnauthorized?.();
        const type = response.headers.get('content-type') ?? '';
        if (!response.ok || response.body === null || !type.startsWith('text/event-stream')) {
          throw new Error(`event stream answered ${response.status} ${type}`);
        }
        options.onState?.('open');
        failures = 0;
        const parser = new SseParser();
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          touch();
          for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
            lastEventId = message.lastEventId ?? lastEventId;
            options.onMessage(message);
          }
          lastEventId = parser.lastEventId ?? lastEventId;
          if (parser.retryMs !== null) retryMs = parser.retryMs;
        }
      } catch {
        failures += 1;
      } finally {
        clearTimeout(idleTimer);
        closed.signal.removeEventListener('abort', abortAttempt);
      }
      if (closed.signal.aborted) break;
      const backoff = Math.min(maxRetryMs, retryMs * 2 ** Math.max(0, failures - 1));
      await sleep(backoff * (1 - JITTER + Math.random() * 2 * JITTER), closed.signal);
    }
  };
  void run();
  return {
    close() {
      closed.abort();
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
