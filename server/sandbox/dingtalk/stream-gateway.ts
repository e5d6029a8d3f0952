import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { SandboxContactEvent, SandboxEventFeed } from './event-feed.js';
import { isObject, parseJson } from '../../../shared/json.js';

/**
 * Sandbox of DingTalk's Stream gateway (shared/reference/dingtalk.md §4.3): the HTTP "open connection"
 * call that hands out single-use tickets, the WebSocket at `/connect`, EVENT frames with ACK and
 * redelivery, and the SYSTEM `ping` / `disconnect` topics. Events come from a SandboxEventFeed.
 *
 * Things the docs leave open, decided here and marked [inferred]:
 * - every delivery attempt gets a fresh messageId; the eventId never changes. §4.3 tells clients to
 *   dedupe on eventId, so a client that relies on messageId would be wrong against DingTalk too;
 * - a LATER answer (or an ACK with code ≠ 200) is redelivered after `redeliverDelayMs`, a missing ACK
 *   right after `ackTimeoutMs`; after `maxAttempts` deliveries the event is dropped (DingTalk parks
 *   it, §4.4) and counted;
 * - events that arrive while no connection is open wait in memory for the next connection;
 * - without `Accept: application/json` the open call answers XML (§4.3 "the reply may be XML").
 */
export interface StreamGatewayOptions {
  feed: SandboxEventFeed;
  appKey: string;
  appSecret: string;
  /** How long an EVENT frame may stay unacknowledged before it is redelivered. Default 60 s (SDK docs). */
  ackTimeoutMs?: number;
  /** Ticket lifetime; §4.3 says 90 s. */
  ticketTtlMs?: number;
  /** Interval of SYSTEM `ping` frames per connection; 0 turns them off. Default 30 s [inferred]. */
  pingIntervalMs?: number;
  /** Delay between SYSTEM `disconnect` and closing the socket; §4.3 says 10 s. */
  disconnectDelayMs?: number;
  /** Delay before redelivering an event answered with LATER. Default 1 s [inferred]. */
  redeliverDelayMs?: number;
  /** Deliveries per event before it is dropped. Default 10 [inferred]. */
  maxAttempts?: number;
  /** Wall clock for ticket expiry and the `time` header. */
  clock?: () => number;
}

/** Counters for tests and the sandbox's own diagnostics. */
export interface StreamGatewayStats {
  ticketsIssued: number;
  ticketsRefused: number;
  connectionsOpened: number;
  /** Every EVENT frame sent, first attempts and redeliveries alike. */
  delivered: number;
  /** EVENT frames that repeated an earlier attempt (after LATER, a missing ACK or a lost connection). */
  redelivered: number;
  acked: number;
  later: number;
  dropped: number;
  pingsSent: number;
  /** Pings answered with code 200 and the exact data that was sent. */
  pingsEchoed: number;
}

/** Test and sandbox control surface of one gateway. */
export interface StreamGatewayControl {
  /** Sends SYSTEM `disconnect` to every connection and closes each `disconnectDelayMs` later (§4.3). */
  disconnectAll(reason?: string): void;
  /** Closes every socket abruptly, without a `disconnect` notice (a network drop). */
  dropAll(): void;
  /** Sends one SYSTEM `ping` to every connection now. */
  pingAll(): void;
  readonly stats: Readonly<StreamGatewayStats>;
  /** Connections currently open, draining ones included. */
  readonly openConnections: number;
  /** Events waiting for a connection. */
  readonly queued: number;
}

/** A Fastify plugin that also carries its control surface. Register it on one app only. */
export type StreamGatewayPlugin = ((app: FastifyInstance) => Promise<void>) & {
  readonly control: StreamGatewayControl;
};

const OPEN_PATH = '/v1.0/gateway/connections/open';
const CONNECT_PATH = '/connect';

interface Delivery {
  event: SandboxContactEvent;
  attempts: number;
}

interface Connection {
  id: string;
  ws: WebSocket;
  wantsEvents: boolean;
  /** Told to disconnect: gets no new events but may still ACK the ones it has. */
  draining: boolean;
  pending: Map<string, { delivery: Delivery; timer: NodeJS.Timeout }>;
  ping: { messageId: string; data: string } | undefined;
  pingTimer: NodeJS.Timeout | undefined;
}

/**
 * Builds the gateway plugin. It registers `POST /v1.0/gateway/connections/open` and handles WebSocket
 * upgrades at `/connect` on the app's HTTP server. All state lives in the returned value.
 */
export function streamGatewayPlugin(options: StreamGatewayOptions): StreamGatewayPlugin {
  const gateway = new StreamGateway(options);
  const plugin = async (app: FastifyInstance): Promise<void> => gateway.register(app);
  return Object.assign(plugin, { control: gateway.control });
}

class StreamGateway {
  readonly #options: Required<Omit<StreamGatewayOptions, 'feed'>> & { feed: SandboxEventFeed };
  readonly #tickets = new Map<string, { expiresAt: number; wantsEvents: boolean }>();
  readonly #connections: Connection[] = [];
  readonly #queue: Delivery[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #stats: StreamGatewayStats = {
    ticketsIssued: 0,
    ticketsRefused: 0,
    connectionsOpened: 0,
    delivered: 0,
    redelivered: 0,
    acked: 0,
    later: 0,
    dropped: 0,
    pingsSent: 0,
    pingsEchoed: 0,
  };
  #roundRobin = 0;
  #closed = false;

  constructor(options: StreamGatewayOptions) {
    this.#options = {
      ackTimeoutMs: 60_000,
      ticketTtlMs: 90_000,
      pingIntervalMs: 30_000,
      disconnectDelayMs: 10_000,
      redeliverDelayMs: 1_000,
      maxAttempts: 10,
      clock: Date.now,
      ...options,
    };
  }

  get control(): StreamGatewayControl {
    const stats = this.#stats;
    const connections = this.#connections;
    const queue = this.#queue;
    return {
      disconnectAll: (reason) => this.#disconnectAll(reason ?? 'connection is expired'),
      dropAll: () => connections.forEach((c) => c.ws.terminate()),
      pingAll: () => connections.forEach((c) => this.#ping(c)),
      stats,
      get openConnections() {
        return connections.length;
      },
      get queued() {
        return queue.length;
      },
    };
  }

  async register(app: FastifyInstance): Promise<void> {
    app.post(OPEN_PATH, (request, reply) => this.#open(request, reply));
    const server = app.server;
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void =>
      this.#upgrade(request, socket, head, server.listenerCount('upgrade') === 1);
    server.on('upgrade', onUpgrade);
    const unsubscribe = this.#options.feed.subscribe((event) => this.#deliver({ event, attempts: 0 }));
    // preClose runs before Fastify's server.close(), which would otherwise wait for upgraded sockets.
    app.addHook('preClose', async () => {
      this.#closed = true;
      unsubscribe();
      server.off('upgrade', onUpgrade);
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      for (const connection of [...this.#connections]) connection.ws.terminate();
      this.#wss.close();
    });
  }

  async #open(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const body = isObject(request.body) ? request.body : {};
    const requestid = randomUUID().toUpperCase();
    const { clientId, clientSecret } = body;
    if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
      // §1: the v1.0 family signals errors with HTTP 4xx + {code, message, requestid}.
      return reply.code(400).send({ code: 'missingParameter', message: '缺少参数：clientId/clientSecret', requestid });
    }
    if (clientId !== this.#options.appKey || clientSecret !== this.#options.appSecret) {
      return reply.code(400).send({ code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid });
    }
    const now = this.#options.clock();
    for (const [ticket, entry] of this.#tickets) if (entry.expiresAt <= now) this.#tickets.delete(ticket);
    const ticket = randomUUID();
    this.#tickets.set(ticket, { expiresAt: now + this.#options.ticketTtlMs, wantsEvents: subscribesToEvents(body) });
    this.#stats.ticketsIssued += 1;
    const endpoint = `ws://${request.host}${CONNECT_PATH}`;
    if (!(request.headers.accept ?? '').includes('application/json')) {
      return reply
        .type('application/xml')
        .send(`<OpenConnectionResponse><endpoint>${endpoint}</endpoint><ticket>${ticket}</ticket></OpenConnectionResponse>`);
    }
    return { endpoint, ticket };
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, onlyListener: boolean): void {
    const url = new URL(request.url ?? '/', 'http://gateway.invalid');
    if (url.pathname !== CONNECT_PATH) {
      // Another upgrade listener may own this path; answer only when nobody else can.
      if (onlyListener) refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const ticket = url.searchParams.get('ticket') ?? '';
    const entry = this.#tickets.get(ticket);
    // §4.3: a ticket is usable once and for 90 s; consume it whether or not it is still valid.
    this.#tickets.delete(ticket);
    if (this.#closed || entry === undefined || entry.expiresAt <= this.#options.clock()) {
      this.#stats.ticketsRefused += 1;
      refuseUpgrade(socket, 401, 'Unauthorized');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, entry.wantsEvents));
  }

  #accept(ws: WebSocket, wantsEvents: boolean): void {
    const connection: Connection = {
      id: randomUUID(),
      ws,
      wantsEvents,
      draining: false,
      pending: new Map(),
      ping: undefined,
      pingTimer: undefined,
    };
    this.#connections.push(connection);
    this.#stats.connectionsOpened += 1;
    ws.on('message', (data) => this.#upstream(connection, data));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.#closeConnection(connection));
    if (this.#options.pingIntervalMs > 0) {
      connection.pingTimer = setInterval(() => this.#ping(connection), this.#options.pingIntervalMs);
    }
    for (const delivery of this.#queue.splice(0)) this.#deliver(delivery);
  }

  #deliver(delivery: Delivery): void {
    if (this.#closed) return;
    const candidates = this.#connections.filter((c) => c.wantsEvents && !c.draining);
    // §4.3: each message goes to one of the app's connections; round-robin keeps tests deterministic.
    const connection = candidates[this.#roundRobin++ % Math.max(candidates.length, 1)];
    if (connection === undefined) {
      this.#queue.push(delivery);
      return;
    }
    const { event } = delivery;
    const messageId = randomUUID();
    delivery.attempts += 1;
    this.#stats.delivered += 1;
    if (delivery.attempts > 1) this.#stats.redelivered += 1;
    const timer = setTimeout(() => {
      connection.pending.delete(messageId);
      this.#retry(delivery, 0);
    }, this.#options.ackTimeoutMs);
    connection.pending.set(messageId, { delivery, timer });
    connection.ws.send(
      JSON.stringify({
        specVersion: '1.0',
        type: 'EVENT',
        headers: {
          topic: '*',
          messageId,
          contentType: 'application/json',
          time: String(this.#options.clock()),
          appId: this.#options.appKey,
          connectionId: connection.id,
          eventType: event.eventType,
          eventId: event.eventId,
          eventCorpId: event.corpId,
          eventBornTime: String(event.bornTime),
          eventUnifiedAppId: this.#options.appKey,
        },
        data: JSON.stringify(event.data),
      }),
    );
  }

  #retry(delivery: Delivery, delayMs: number): void {
    if (delivery.attempts >= this.#options.maxAttempts) {
      this.#stats.dropped += 1;
      return;
    }
    if (delayMs <= 0) {
      this.#deliver(delivery);
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#deliver(delivery);
    }, delayMs);
    this.#timers.add(timer);
  }

  /** Upstream frames are ACKs of EVENT frames or echoes of pings, matched by messageId (§4.3 item 4). */
  #upstream(connection: Connection, raw: RawData): void {
    const frame = parseJson(raw.toString());
    if (!isObject(frame) || !isObject(frame.headers) || typeof frame.headers.messageId !== 'string') return;
    const messageId = frame.headers.messageId;
    if (connection.ping?.messageId === messageId) {
      if (frame.code === 200 && frame.data === connection.ping.data) this.#stats.pingsEchoed += 1;
      connection.ping = undefined;
      return;
    }
    const pending = connection.pending.get(messageId);
    if (pending === undefined) return; // a late ACK of an attempt that already timed out
    clearTimeout(pending.timer);
    connection.pending.delete(messageId);
    const ack = typeof frame.data === 'string' ? parseJson(frame.data) : undefined;
    if (frame.code === 200 && isObject(ack) && ack.status === 'SUCCESS') {
      this.#stats.acked += 1;
      return;
    }
    this.#stats.later += 1;
    this.#retry(pending.delivery, this.#options.redeliverDelayMs);
  }

  #ping(connection: Connection): void {
    const messageId = randomUUID();
    const data = JSON.stringify({ opaque: randomUUID() });
    connection.ping = { messageId, data };
    this.#stats.pingsSent += 1;
    connection.ws.send(JSON.stringify(systemFrame('ping', messageId, this.#options.clock(), data)));
  }

  #disconnectAll(reason: string): void {
    for (const connection of this.#connections) {
      if (connection.draining) continue;
      connection.draining = true;
      const frame = systemFrame('disconnect', randomUUID(), this.#options.clock(), JSON.stringify({ reason }));
      connection.ws.send(JSON.stringify(frame));
      // §4.3: "the server closes the TCP 10 s later" — a TCP close, not a WebSocket close handshake.
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        connection.ws.terminate();
      }, this.#options.disconnectDelayMs);
      this.#timers.add(timer);
    }
  }

  #closeConnection(connection: Connection): void {
    const index = this.#connections.indexOf(connection);
    if (index >= 0) this.#connections.splice(index, 1);
    if (connection.pingTimer !== undefined) clearInterval(connection.pingTimer);
    const unacked = [...connection.pending.values()];
    connection.pending.clear();
    for (const { delivery, timer } of unacked) {
      clearTimeout(timer);
      this.#retry(delivery, 0);
    }
  }
}

function systemFrame(topic: 'ping' | 'disconnect', messageId: string, time: number, data: string): object {
  return {
    specVersion: '1.0',
    type: 'SYSTEM',
    headers: { topic, messageId, contentType: 'application/json', time: String(time) },
    data,
  };
}

/** The console decides which events an app gets; the client only says it wants EVENT `*` (§4.1). */
function subscribesToEvents(body: Record<string, unknown>): boolean {
  const subscriptions = body.subscriptions;
  return Array.isArray(subscriptions) && subscriptions.some((s) => isObject(s) && s.type === 'EVENT');
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
