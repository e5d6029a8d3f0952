import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { ContactEvent, ContactEventType } from '../../../../server/connectors/dingtalk/contact-event.js';
import { DingTalkError } from '../../../../server/connectors/dingtalk/dingtalk-error.js';
import {
  DingTalkStreamTransport,
  reconnectDelay,
  type DingTalkStreamTransportOptions,
} from '../../../../server/connectors/dingtalk/stream-transport.js';
import type { SandboxContactEvent } from '../../../../server/sandbox/dingtalk/event-feed.js';
import {
  streamGatewayPlugin,
  type StreamGatewayControl,
  type StreamGatewayOptions,
} from '../../../../server/sandbox/dingtalk/stream-gateway.js';
import { TestFeed } from '../../../helpers/test-feed.js';

const APP_KEY = 'dingsandboxkey';
const APP_SECRET = 'sandbox-secret-value-7f3a';

function sandboxEvent(eventId: string, overrides: Partial<SandboxContactEvent> = {}): SandboxContactEvent {
  return {
    eventId,
    eventType: 'user_add_org',
    corpId: 'dingcorp1',
    bornTime: 1_760_000_000_123,
    data: { timeStamp: '1760000000123', userId: ['u1', 'u2'] },
    ...overrides,
  };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('server/connectors/dingtalk/stream-transport', () => {
  let app: FastifyInstance;
  let feed: TestFeed;
  let gateway: StreamGatewayControl;
  let base: string;
  let transport: DingTalkStreamTransport | undefined;
  const tickets: string[] = [];
  const acceptHeaders: string[] = [];
  const logLines: string[] = [];

  async function startGateway(overrides: Partial<StreamGatewayOptions> = {}): Promise<void> {
    feed = new TestFeed();
    const plugin = streamGatewayPlugin({
      feed,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      ackTimeoutMs: 300,
      redeliverDelayMs: 20,
      pingIntervalMs: 0,
      disconnectDelayMs: 50,
      ...overrides,
    });
    gateway = plugin.control;
    app = Fastify();
    // Record what goes over the wire so the log test knows every ticket that was handed out.
    app.addHook('onRequest', async (request) => {
      acceptHeaders.push(request.headers.accept ?? '');
    });
    app.addHook('onSend', async (_request, _reply, payload) => {
      const match = typeof payload === 'string' ? /"ticket":"([^"]+)"/.exec(payload) : null;
      if (match?.[1] !== undefined) tickets.push(match[1]);
      return payload;
    });
    await app.register(plugin);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    assert.ok(address !== null && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  }

  function makeTransport(overrides: Partial<DingTalkStreamTransportOptions> = {}): DingTalkStreamTransport {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    transport = new DingTalkStreamTransport({
      clientId: APP_KEY,
      clientSecret: APP_SECRET,
      gatewayUrl: base,
      logger: pino({ level: 'trace' }, sink),
      reconnect: { minMs: 10, maxMs: 80 },
      keepAliveMs: 0,
      ...overrides,
    });
    return transport;
  }

  afterEach(async () => {
    await transport?.stop();
    transport = undefined;
    await app.close();
    // Every log line the transport wrote in any test must be free of the secret and of every ticket.
    for (const line of logLines) {
      assert.ok(!line.includes(APP_SECRET), `secret in log line: ${line}`);
      for (const ticket of tickets) assert.ok(!line.includes(ticket), `ticket in log line: ${line}`);
    }
    logLines.length = 0;
    tickets.length = 0;
    acceptHeaders.length = 0;
  });

  it('delivers sandbox events normalised and acknowledges them', async () => {
    await startGateway();
    const received: ContactEvent[] = [];
    const stream = makeTransport();
    assert.equal(stream.state, 'idle');
    await stream.start(async (event) => {
      received.push(event);
    });
    assert.equal(stream.state, 'open');
    assert.deepEqual(acceptHeaders, ['application/json']);
    feed.emit(sandboxEvent('ev-1'));
    feed.emit(sandboxEvent('ev-2', { eventType: 'org_dept_modify', data: { timeStamp: '1', deptId: [7, 8] } }));
    await waitFor(() => gateway.stats.acked === 2, 'two acks');
    assert.deepEqual(received, [
      { eventId: 'ev-1', eventType: 'user_add_org', corpId: 'dingcorp1', bornAt: 1_760_000_000_123, userIds: ['u1', 'u2'], deptIds: [] },
      { eventId: 'ev-2', eventType: 'org_dept_modify', corpId: 'dingcorp1', bornAt: 1_760_000_000_123, userIds: [], deptIds: [7, 8] },
    ]);
    assert.equal(gateway.stats.redelivered, 0);
    assert.ok(logLines.length > 0, 'the log assertions in afterEach need lines to look at');
  });

  it('acknowledges non-contact events with SUCCESS without calling onEvent', async () => {
    await startGateway();
    let calls = 0;
    await makeTransport().start(async () => {
      calls += 1;
    });
    // why: the sandbox feed is typed for contact events; the gateway forwards any type unchanged
    feed.emit(sandboxEvent('ev-cal', { eventType: 'calendar_event_change' as ContactEventType }));
    await waitFor(() => gateway.stats.acked === 1, 'the ack');
    assert.equal(calls, 0);
    assert.equal(gateway.stats.later, 0);
  });

  it('answers LATER when onEvent throws, then gets the same eventId again and succeeds', async () => {
    await startGateway();
    const seen: string[] = [];
    await makeTransport().start(async (event) => {
      seen.push(event.eventId);
      if (seen.length === 1) throw new Error('directory busy');
    });
    feed.emit(sandboxEvent('ev-retry'));
    await waitFor(() => gateway.stats.acked === 1, 'the final ack');
    assert.deepEqual(seen, ['ev-retry', 'ev-retry']);
    assert.equal(gateway.stats.later, 1);
    assert.equal(gateway.stats.redelivered, 1);
  });

  it('passes a duplicate delivery (ack timeout) to onEvent with an identical eventId', async () => {
    await startGateway({ ackTimeoutMs: 60 });
    const seen: ContactEvent[] = [];
    await makeTransport().start(async (event) => {
      seen.push(event);
      if (seen.length === 1) await sleep(150); // slower than the gateway's ack timeout
    });
    feed.emit(sandboxEvent('ev-dup'));
    await waitFor(() => seen.length === 2 && gateway.stats.acked >= 1, 'the duplicate');
    assert.deepEqual(seen[0], seen[1]);
    assert.equal(seen[1]?.eventId, 'ev-dup');
    assert.ok(gateway.stats.redelivered >= 1);
  });

  it('reconnects with a new ticket after SYSTEM disconnect and keeps receiving', async () => {
    await startGateway();
    const received: string[] = [];
    const stream = makeTransport();
    await stream.start(async (event) => {
      received.push(event.eventId);
    });
    gateway.disconnectAll();
    await waitFor(() => gateway.stats.connectionsOpened === 2 && gateway.openConnections === 1, 'the handover');
    assert.equal(gateway.stats.ticketsIssued, 2);
    assert.equal(new Set(tickets).size, 2);
    assert.equal(stream.state, 'open');
    feed.emit(sandboxEvent('ev-after'));
    await waitFor(() => received.includes('ev-after'), 'an event on the new connection');
  });

  it('reconnects with backoff after the socket drops', async () => {
    await startGateway();
    const received: string[] = [];
    const stream = makeTransport({ reconnect: { minMs: 40, maxMs: 1_000 } });
    await stream.start(async (event) => {
      received.push(event.eventId);
    });
    const droppedAt = Date.now();
    gateway.dropAll();
    await waitFor(() => stream.state === 'connecting', 'the connecting state');
    await waitFor(() => stream.state === 'open', 'the reconnect');
    assert.ok(Date.now() - droppedAt >= 35, 'waited the minimum backoff first');
    assert.equal(gateway.stats.ticketsIssued, 2);
    // A good connection resets the backoff: the next drop waits minMs again, not 2 × minMs.
    const droppedAgainAt = Date.now();
    gateway.dropAll();
    await waitFor(() => stream.state === 'connecting', 'the connecting state');
    await waitFor(() => stream.state === 'open', 'the second reconnect');
    assert.ok(Date.now() - droppedAgainAt < 75, 'backoff was reset by the good connection');
    feed.emit(sandboxEvent('ev-again'));
    await waitFor(() => received.includes('ev-again'), 'an event after the reconnect');
  });

  it('fails start() with a DingTalkError for bad credentials', async () => {
    await startGateway();
    const stream = makeTransport({ clientSecret: 'not-the-secret' });
    await assert.rejects(stream.start(async () => undefined), (err: unknown) => {
      assert.ok(err instanceof DingTalkError);
      assert.equal(err.code, 'DT_ERR_AUTH');
      assert.equal(err.upstreamCode, 'invalidClientIdOrSecret');
      assert.equal(err.status, 400);
      assert.equal(typeof err.requestId, 'string');
      return true;
    });
    assert.equal(stream.state, 'closed');
    await sleep(50);
    assert.equal(gateway.stats.ticketsIssued, 0, 'no retry after a failed start');
  });

  it('fails start() when the gateway is unreachable', async () => {
    await startGateway();
    await app.close();
    const stream = makeTransport();
    await assert.rejects(stream.start(async () => undefined), (err: unknown) => {
      assert.ok(err instanceof DingTalkError);
      assert.equal(err.code, 'DT_ERR_UNAVAILABLE');
      return true;
    });
  });

  it('echoes SYSTEM ping', async () => {
    await startGateway({ pingIntervalMs: 20 });
    await makeTransport().start(async () => undefined);
    await waitFor(() => gateway.stats.pingsEchoed >= 2, 'two echoed pings');
  });

  it('stop() lets a running handler finish and ACK, closes the socket and never reconnects', async () => {
    await startGateway();
    let finish: (() => void) | undefined;
    const stream = makeTransport();
    await stream.start(() => new Promise<void>((resolve) => (finish = resolve)));
    feed.emit(sandboxEvent('ev-slow'));
    await waitFor(() => finish !== undefined, 'the handler to start');
    const stopped = stream.stop();
    await sleep(20);
    assert.equal(gateway.openConnections, 1, 'socket stays open while the handler runs');
    finish?.();
    await stopped;
    assert.equal(stream.state, 'closed');
    assert.equal(gateway.stats.acked, 1);
    await waitFor(() => gateway.openConnections === 0, 'the server to see the close');
    await sleep(100);
    assert.equal(gateway.stats.ticketsIssued, 1);
  });

  it('computes exponential backoff capped at maxMs', () => {
    const policy = { minMs: 1_000, maxMs: 60_000 };
    assert.deepEqual(
      [0, 1, 2, 5, 6, 50].map((attempt) => reconnectDelay(attempt, policy)),
      [1_000, 2_000, 4_000, 32_000, 60_000, 60_000],
    );
  });
});
