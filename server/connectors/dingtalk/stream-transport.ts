/**
 * DingTalk Stream mode client for contact events, written against the documented protocol
 * (shared/reference/dingtalk.md §4.3) with `ws` + undici.
 *
 * Why not the official `dingtalk-stream` SDK (v2.1.5, node_modules/dingtalk-stream/dist/client.mjs):
 * - the gateway URL is a constant (`constants.mjs` line 1, used at `client.mjs:101`); the constructor
 *   takes no URL and `config.endpoint` is overwritten with the reply (`:117`). Pointing it at the
 *   sandbox would need a process-wide axios interceptor, i.e. global state;
 * - `onEvent` calls the listener synchronously and sends the ACK right away (`:267-276`), so an async
 *   handler cannot be awaited and a failure cannot be answered with LATER;
 * - `connect()` swallows every error and retries forever at a fixed 1 s (`:28`, `:175`, `:191-197`):
 *   bad credentials never reach the caller and there is no backoff (added only in 2.1.6-beta.1, §11);
 * - `disconnect()` (`:200-208`) leaves a scheduled reconnect running and `_connect` resets
 *   `userDisconnect` (`:131`), so stopping during a reconnect reopens the connection;
 * - it logs with console.info/warn unconditionally (`:143`, `:181`, `:202`) and, with debug on, prints
 *   the config including clientSecret (`:99`) and the URL carrying the ticket (`:132`).
 * Revisit when the SDK takes a gateway URL, async listeners and a cancellable stop.
 */
import { createHash } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { pino, type Logger } from 'pino';
import { request } from 'undici';
import { WebSocket, type RawData } from 'ws';
import { normalizeContactEvent, type ContactEvent } from './contact-event.js';
import { DingTalkError, fromV1Response, unavailable } from './dingtalk-error.js';
import { isObject, parseJson } from '../../../shared/json.js';

export type StreamTransportState = 'idle' | 'connecting' | 'open' | 'closed';

export interface ReconnectPolicy {
  minMs: number;
  maxMs: number;
}

export interface DingTalkStreamTransportOptions {
  /** AppKey. */
  clientId: string;
  /** AppSecret; sent only in the body of the open-connection call, never logged. */
  clientSecret: string;
  /** Default https://api.dingtalk.com; the sandbox passes its own base URL. */
  gatewayUrl?: string;
  logger?: Logger;
  /** Backoff between reconnect attempts; §4.3: the official client goes 1 s → 60 s. */
  reconnect?: ReconnectPolicy;
  /** WebSocket ping interval to detect dead sockets; 0 turns it off. §4.3: the official client uses 8 s. */
  keepAliveMs?: number;
  /** Timeout of the open-connection call and of the WebSocket handshake. Default 10 s. */
  requestTimeoutMs?: number;
}

/** Delay before reconnect attempt `attempt` (0-based): exponential from minMs, capped at maxMs. */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy): number {
  return Math.min(policy.maxMs, policy.minMs * 2 ** attempt);
}

const DEFAULT_GATEWAY = 'https://api.dingtalk.com';
const OPEN_PATH = '/v1.0/gateway/connections/open';
const UA = 'dingtalk-outlook-bridge-stream-nodejs/0.1.0';

/**
 * Receives DingTalk contact events over Stream mode and hands each, normalised, to `onEvent`.
 *
 * Invariants:
 * - every EVENT frame is acknowledged once: SUCCESS after `onEvent` resolves (or when the event is not
 *   a contact event), LATER when it throws, so DingTalk redelivers it (§4.3 item 4);
 * - `onEvent` may run concurrently and may see the same eventId twice (redelivery, duplicates); the
 *   caller dedupes on eventId (§4.3 item 6);
 * - the first connection's failure rejects `start()` with a DingTalkError (code DT_ERR_AUTH for bad
 *   credentials); later failures are retried with backoff, reset by each successful connection;
 * - `stop()` lets running handlers finish and ACK, then closes every socket; nothing reconnects after.
 */
export class DingTalkStreamTransport {
  readonly #options: DingTalkStreamTransportOptions;
  readonly #policy: ReconnectPolicy;
  readonly #log: Logger;
  readonly #abort = new AbortController();
  readonly #sockets = new Set<WebSocket>();
  readonly #inflight = new Set<Promise<void>>();
  #state: StreamTransportState = 'idle';
  #onEvent: ((event: ContactEvent) => Promise<void>) | undefined;
  #active: WebSocket | undefined;
  #attempt = 0;
  #starting: Promise<void> | undefined;
  #reconnecting: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: DingTalkStreamTransportOptions) {
    this.#options = options;
    this.#policy = options.reconnect ?? { minMs: 1_000, maxMs: 60_000 };
    this.#log = (options.logger ?? pino({ enabled: false })).child({ component: 'dingtalk-stream' });
  }

  get state(): StreamTransportState {
    return this.#state;
  }

  /** Opens the first connection; resolves once it is open. May be called once per instance. */
  async start(onEvent: (event: ContactEvent) => Promise<void>): Promise<void> {
    if (this.#state !== 'idle') throw new Error(`DingTalkStreamTransport cannot start from state ${this.#state}`);
    this.#onEvent = onEvent;
    this.#state = 'connecting';
    this.#starting = this.#connect();
    try {
      await this.#starting;
    } catch (err) {
      this.#state = 'closed';
      await this.#closeSockets();
      throw this.#stopping === undefined ? err : unavailable('stream transport stopped while starting', 0);
    }
  }

  /** Stops receiving, waits for running handlers to finish and ACK, then closes the sockets. */
  stop(): Promise<void> {
    if (this.#state === 'idle') this.#state = 'closed';
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async #shutdown(): Promise<void> {
    this.#abort.abort();
    this.#wake?.();
    await Promise.allSettled([...this.#inflight]);
    this.#active = undefined;
    await this.#closeSockets();
    await Promise.allSettled([this.#starting, this.#reconnecting]);
    this.#state = 'closed';
    this.#log.info('stream transport stopped');
  }

  /** One attempt: fresh ticket (§4.3 step 1), then the WebSocket (step 2). */
  async #connect(): Promise<void> {
    const { endpoint, ticket } = await this.#openGateway();
    const ws = await this.#openSocket(endpoint, ticket);
    if (this.#stopping !== undefined) {
      // stop() may have closed the sockets it knew of before this one existed.
      ws.terminate();
      throw unavailable('stream transport stopped while connecting', 0);
    }
    this.#active = ws;
    this.#attempt = 0;
    this.#state = 'open';
    this.#log.info({ endpoint }, 'stream connected');
  }

  async #openGateway(): Promise<{ endpoint: string; ticket: string }> {
    const base = (this.#options.gatewayUrl ?? DEFAULT_GATEWAY).replace(/\/+$/, '');
    const timeout = this.#options.requestTimeoutMs ?? 10_000;
    let status: number;
    let body: unknown;
    try {
      const response = await request(`${base}${OPEN_PATH}`, {
        method: 'POST',
        // §4.3: without Accept: application/json the reply may be XML.
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          clientId: this.#options.clientId,
          clientSecret: this.#options.clientSecret,
          subscriptions: [{ type: 'EVENT', topic: '*' }],
          ua: UA,
          localIp: localIps(),
        }),
        signal: this.#abort.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      status = response.statusCode;
      body = await response.body.json().catch(() => undefined);
    } catch (cause) {
      throw unavailable('DingTalk stream gateway unreachable', 0, cause);
    }
    if (status !== 200) throw fromV1Response(status, body);
    if (!isObject(body) || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
      throw unavailable('DingTalk stream gateway answered without endpoint or ticket', status);
    }
    if (!/^wss?:\/\//.test(body.endpoint)) throw unavailable('DingTalk stream endpoint is not a ws(s) URL', status);
    return { endpoint: body.endpoint, ticket: body.ticket };
  }

  #openSocket(endpoint: string, ticket: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        const url = new URL(endpoint);
        url.searchParams.set('ticket', ticket);
        ws = new WebSocket(url, { handshakeTimeout: this.#options.requestTimeoutMs ?? 10_000 });
      } catch {
        // No cause: URL and ws errors quote the URL, ticket included.
        reject(unavailable('DingTalk stream endpoint rejected by the WebSocket client', 0));
        return;
      }
      this.#sockets.add(ws);
      let opened = false;
      let refusedWith: number | undefined;
      let keepAlive: NodeJS.Timeout | undefined;
      ws.once('unexpected-response', (_req, res) => {
        refusedWith = res.statusCode;
        ws.terminate();
      });
      ws.once('open', () => {
        opened = true;
        keepAlive = this.#keepAlive(ws);
        resolve(ws);
      });
      ws.on('error', (err) => {
        if (opened) this.#log.warn({ err }, 'stream socket error');
        else reject(unavailable(`DingTalk stream upgrade failed (HTTP ${refusedWith ?? 'none'})`, refusedWith ?? 0, err));
      });
      ws.on('message', (data) => this.#onFrame(ws, data));
      ws.on('close', (code) => {
        clearInterval(keepAlive);
        this.#onClose(ws, code);
      });
    });
  }

  #keepAlive(ws: WebSocket): NodeJS.Timeout | undefined {
    const interval = this.#options.keepAliveMs ?? 8_000;
    if (interval <= 0) return undefined;
    let alive = true;
    ws.on('pong', () => (alive = true));
    return setInterval(() => {
      // No pong since the last ping: the TCP path is dead; the close handler reconnects.
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, interval);
  }

  #onFrame(ws: WebSocket, raw: RawData): void {
    // After stop() frames stay unacknowledged on purpose: DingTalk redelivers them (§4.3 item 6).
    if (this.#stopping !== undefined) return;
    const frame = parseJson(raw.toString());
    if (!isObject(frame) || !isObject(frame.headers) || typeof frame.headers.messageId !== 'string') {
      this.#log.warn('unparseable stream frame ignored');
      return;
    }
    const { headers } = frame;
    const messageId = frame.headers.messageId;
    if (frame.type === 'SYSTEM') {
      this.#onSystem(ws, headers.topic, messageId, frame.data);
    } else if (frame.type === 'EVENT') {
      const task = this.#onEventFrame(ws, headers, messageId, frame.data);
      this.#inflight.add(task);
      void task.finally(() => this.#inflight.delete(task));
    } else {
      // We subscribe to EVENT only; 404 is the reserved "unknown topic" answer (§4.3 item 4).
      reply(ws, 404, messageId, '{}', 'unknown topic');
    }
  }

  #onSystem(ws: WebSocket, topic: unknown, messageId: string, data: unknown): void {
    if (topic === 'ping') {
      // §4.3 item 5: echo the same data back with code 200.
      reply(ws, 200, messageId, data);
    } else if (topic === 'disconnect') {
      // The server closes this socket 10 s later; take a fresh ticket now and let this one drain.
      this.#log.info({ reason: parseJson(typeof data === 'string' ? data : '') }, 'stream disconnect requested');
      if (ws !== this.#active) return;
      this.#active = undefined;
      this.#state = 'connecting';
      void this.#reconnect(true);
    } else {
      this.#log.debug({ topic }, 'stream system frame ignored');
    }
  }

  async #onEventFrame(ws: WebSocket, headers: Record<string, unknown>, messageId: string, data: unknown): Promise<void> {
    const payload = typeof data === 'string' ? parseJson(data) : undefined;
    const event = isObject(payload)
      ? normalizeContactEvent(
          {
            eventType: headers.eventType,
            eventId: headers.eventId,
            eventCorpId: headers.eventCorpId,
            eventBornTime: headers.eventBornTime,
            data: payload,
          },
          digest,
        )
      : null;
    if (event === null || this.#onEvent === undefined) {
      // Not ours (calendar, todo, …) or malformed: SUCCESS, because a redelivery would not change it.
      this.#log.debug({ eventType: headers.eventType, eventId: headers.eventId }, 'stream event skipped');
      ack(ws, messageId, 'SUCCESS', 'skipped');
      return;
    }
    try {
      await this.#onEvent(event);
      ack(ws, messageId, 'SUCCESS', 'OK');
    } catch (err) {
      this.#log.warn({ err, eventId: event.eventId, eventType: event.eventType }, 'contact event failed; asked to redeliver');
      ack(ws, messageId, 'LATER', 'handler failed');
    }
  }

  #onClose(ws: WebSocket, code: number): void {
    this.#sockets.delete(ws);
    if (ws !== this.#active) return;
    this.#active = undefined;
    if (this.#stopping !== undefined) return;
    this.#log.warn({ code }, 'stream socket closed; reconnecting');
    this.#state = 'connecting';
    void this.#reconnect(false);
  }

  /** Single-flight reconnect loop; `immediate` skips the first wait (a planned disconnect). */
  #reconnect(immediate: boolean): Promise<void> {
    this.#reconnecting ??= (async () => {
      let wait = !immediate;
      while (this.#stopping === undefined) {
        if (wait) {
          await this.#sleep(reconnectDelay(this.#attempt, this.#policy));
          this.#attempt += 1;
          if (this.#stopping !== undefined) return;
        }
        try {
          await this.#connect();
          return;
        } catch (err) {
          if (this.#stopping !== undefined) return;
          this.#log.warn({ err: describe(err), attempt: this.#attempt }, 'stream reconnect failed');
          wait = true;
        }
      }
    })().finally(() => {
      this.#reconnecting = undefined;
    });
    return this.#reconnecting;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async #closeSockets(): Promise<void> {
    const closeOne = (ws: WebSocket): Promise<void> =>
      new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        // A peer that never answers the close handshake must not hold stop() hostage.
        const force = setTimeout(() => ws.terminate(), 1_000);
        ws.once('close', () => resolve(clearTimeout(force)));
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'client stop');
      });
    await Promise.all([...this.#sockets].map(closeOne));
  }
}

/** EVENT ACK (§4.3 item 4): data is `{"status":"SUCCESS"|"LATER","message":…}` as a JSON string. */
function ack(ws: WebSocket, messageId: string, status: 'SUCCESS' | 'LATER', message: string): void {
  reply(ws, 200, messageId, JSON.stringify({ status, message }));
}

/** A socket closed meanwhile drops the reply; DingTalk then redelivers, which the caller tolerates. */
function reply(ws: WebSocket, code: number, messageId: string, data: unknown, message = 'OK'): void {
  const headers = { contentType: 'application/json', messageId };
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ code, headers, message, data }));
}

/** Log-safe summary: our own errors carry no secrets; anything else is reduced to its message. */
function describe(err: unknown): { message: string; code?: string; status?: number } {
  if (err instanceof DingTalkError) return { message: err.message, code: err.code, status: err.status };
  return { message: err instanceof Error ? err.message : String(err) };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** §4.3: `localIp` is a comma-separated list of the host's addresses. */
function localIps(): string {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address)
    .join(',');
}
