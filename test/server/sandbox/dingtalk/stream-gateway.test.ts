import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import type { SandboxContactEvent } from '../../../../server/sandbox/dingtalk/event-feed.js';
import {
  streamGatewayPlugin,
  type StreamGatewayControl,
  type StreamGatewayOptions,
} from '../../../../server/sandbox/dingtalk/stream-gateway.js';
import { TestFeed } from '../../../helpers/test-feed.js';

const APP_KEY = 'dingsandboxkey';
const APP_SECRET = 'sandbox-secret-value';

function userEvent(eventId: string, userId = 'u1'): SandboxContactEvent {
  return {
    eventId,
    eventType: 'user_modify_org',
    corpId: 'dingcorp1',
    bornTime: 1_760_000_000_000,
    data: { timeStamp: '1760000000000', userId: [userId] },
  };
}

interface Frame {
  type: string;
  specVersion: string;
  headers: Record<string, string>;
  data: string;
}

/** A raw protocol client: records frames, lets the test answer them by hand. */
class RawClient {
  readonly frames: Frame[] = [];
  closed = false;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    ws.on('close', () => {
      this.closed = true;
    });
  }
  static async connect(endpoint: string, ticket: string): Promise<RawClient> {
    const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new RawClient(ws);
  }
  ack(messageId: string, status: 'SUCCESS' | 'LATER'): void {
    const data = JSON.stringify({ status });
    this.ws.send(JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data }));
  }
  events(): Frame[] {
    return this.frames.filter((f) => f.type === 'EVENT');
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('DingTalk sandbox Stream gateway', () => {
  let app: FastifyInstance;
  let feed: TestFeed;
  let control: StreamGatewayControl;
  let base: string;
  let now: number;
  const clients: RawClient[] = [];

  async function start(overrides: Partial<StreamGatewayOptions> = {}): Promise<void> {
    feed = new TestFeed();
    now = 1_760_000_000_000;
    const gateway = streamGatewayPlugin({
      feed,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      ackTimeoutMs: 150,
      redeliverDelayMs: 20,
      pingIntervalMs: 0,
      disconnectDelayMs: 50,
      clock: () => now,
      ...overrides,
    });
    control = gateway.control;
    app = Fastify();
    await app.register(gateway);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    assert.ok(address !== null && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  }

  async function open(body: Record<string, unknown> = {}, accept = 'application/json'): Promise<Response> {
    return fetch(`${base}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({
        clientId: APP_KEY,
        clientSecret: APP_SECRET,
        subscriptions: [{ type: 'EVENT', topic: '*' }],
        ua: 'test',
        localIp: '127.0.0.1',
        ...body,
      }),
    });
  }

  async function connect(): Promise<RawClient> {
    const { endpoint, ticket } = (await (await open()).json()) as { endpoint: string; ticket: string };
    const client = await RawClient.connect(endpoint, ticket);
    clients.push(client);
    return client;
  }

  async function upgradeStatus(url: string): Promise<number> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('error', () => undefined);
      ws.once('open', () => {
        ws.terminate();
        reject(new Error('upgrade unexpectedly accepted'));
      });
    });
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.ws.terminate();
    await app.close();
  });

  it('opens a connection: ws endpoint on the request host and a ticket', async () => {
    await start();
    const response = await open();
    assert.equal(response.status, 200);
    const body = (await response.json()) as { endpoint: string; ticket: string };
    assert.equal(body.endpoint, `ws://${base.slice('http://'.length)}/connect`);
    assert.match(body.ticket, /^[0-9a-f-]{36}$/);
    assert.equal(control.stats.ticketsIssued, 1);
  });

  it('answers bad credentials like the v1.0 family: HTTP 400 invalidClientIdOrSecret', async () => {
    await start();
    const response = await open({ clientSecret: 'wrong' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.code, 'invalidClientIdOrSecret');
    assert.equal(typeof body.message, 'string');
    assert.equal(typeof body.requestid, 'string');
    assert.equal(control.stats.ticketsIssued, 0);
  });

  it('answers XML when the client does not ask for JSON (§4.3)', async () => {
    await start();
    const response = await open({}, '*/*');
    assert.match(response.headers.get('content-type') ?? '', /xml/);
    assert.match(await response.text(), /<ticket>[0-9a-f-]{36}<\/ticket>/);
  });

  it('refuses a missing, reused or expired ticket with HTTP 401', async () => {
    await start({ ticketTtlMs: 1_000 });
    const first = (await (await open()).json()) as { endpoint: string; ticket: string };
    assert.equal(await upgradeStatus(first.endpoint), 401);
    clients.push(await RawClient.connect(first.endpoint, first.ticket));
    assert.equal(await upgradeStatus(`${first.endpoint}?ticket=${first.ticket}`), 401);
    const second = (await (await open()).json()) as { endpoint: string; ticket: string };
    now += 1_000;
    assert.equal(await upgradeStatus(`${second.endpoint}?ticket=${second.ticket}`), 401);
    assert.equal(control.stats.ticketsRefused, 3);
    assert.equal(control.stats.connectionsOpened, 1);
  });

  it('sends EVENT frames as §4.3 describes and stops after a SUCCESS ack', async () => {
    await start();
    const client = await connect();
    feed.emit(userEvent('ev-1'));
    await waitFor(() => client.events().length === 1, 'the event frame');
    const [frame] = client.events();
    assert.ok(frame !== undefined);
    assert.equal(frame.specVersion, '1.0');
    assert.equal(frame.headers.topic, '*');
    assert.equal(frame.headers.contentType, 'application/json');
    assert.equal(frame.headers.eventType, 'user_modify_org');
    assert.equal(frame.headers.eventId, 'ev-1');
    assert.equal(frame.headers.eventCorpId, 'dingcorp1');
    assert.equal(frame.headers.eventBornTime, '1760000000000');
    assert.equal(frame.headers.time, String(now));
    assert.equal(typeof frame.headers.messageId, 'string');
    assert.equal(typeof frame.headers.eventUnifiedAppId, 'string');
    assert.deepEqual(JSON.parse(frame.data), { timeStamp: '1760000000000', userId: ['u1'] });
    client.ack(frame.headers.messageId ?? '', 'SUCCESS');
    await waitFor(() => control.stats.acked === 1, 'the ack');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(client.events().length, 1);
    assert.equal(control.stats.redelivered, 0);
  });

  it('redelivers after LATER and after a missing ACK, same eventId, new messageId', async () => {
    await start();
    const client = await connect();
    feed.emit(userEvent('ev-2'));
    await waitFor(() => client.events().length === 1, 'first delivery');
    client.ack(client.events()[0]?.headers.messageId ?? '', 'LATER');
    await waitFor(() => client.events().length === 2, 'redelivery after LATER');
    // no ACK for the second attempt: the ack timeout brings a third
    await waitFor(() => client.events().length === 3, 'redelivery after the ack timeout');
    const attempts = client.events();
    assert.deepEqual(
      attempts.map((f) => f.headers.eventId),
      ['ev-2', 'ev-2', 'ev-2'],
    );
    assert.equal(new Set(attempts.map((f) => f.headers.messageId)).size, 3);
    assert.equal(control.stats.later, 1);
    assert.equal(control.stats.redelivered, 2);
  });

  it('drops an event after maxAttempts deliveries', async () => {
    await start({ maxAttempts: 2, ackTimeoutMs: 30 });
    const client = await connect();
    feed.emit(userEvent('ev-3'));
    await waitFor(() => control.stats.dropped === 1, 'the drop');
    assert.equal(client.events().length, 2);
  });

  it('queues events while no connection is open and spreads them over connections', async () => {
    await start();
    feed.emit(userEvent('ev-q1'));
    feed.emit(userEvent('ev-q2'));
    assert.equal(control.queued, 2);
    const a = await connect();
    await waitFor(() => a.events().length === 2, 'queued events');
    const b = await connect();
    feed.emit(userEvent('ev-r1'));
    feed.emit(userEvent('ev-r2'));
    await waitFor(() => a.events().length === 3 && b.events().length === 1, 'one event per connection');
  });

  it('sends ping and counts only exact echoes', async () => {
    await start();
    const client = await connect();
    control.pingAll();
    await waitFor(() => client.frames.length === 1, 'the ping');
    const ping = client.frames[0];
    assert.ok(ping !== undefined);
    assert.equal(ping.type, 'SYSTEM');
    assert.equal(ping.headers.topic, 'ping');
    const echo = (data: string): void =>
      client.ws.send(JSON.stringify({ code: 200, headers: { messageId: ping.headers.messageId }, message: 'OK', data }));
    echo('{"opaque":"something else"}');
    control.pingAll();
    await waitFor(() => client.frames.length === 2, 'the second ping');
    const second = client.frames[1];
    assert.ok(second !== undefined);
    client.ws.send(JSON.stringify({ code: 200, headers: { messageId: second.headers.messageId }, message: 'OK', data: second.data }));
    await waitFor(() => control.stats.pingsEchoed === 1, 'the echo');
    assert.equal(control.stats.pingsSent, 2);
  });

  it('disconnectAll sends SYSTEM disconnect and closes the socket after the delay', async () => {
    await start({ disconnectDelayMs: 100 });
    const client = await connect();
    const startedAt = Date.now();
    control.disconnectAll();
    await waitFor(() => client.frames.some((f) => f.headers.topic === 'disconnect'), 'the disconnect frame');
    assert.equal(client.closed, false);
    feed.emit(userEvent('ev-4'));
    await waitFor(() => client.closed, 'the close');
    assert.ok(Date.now() - startedAt >= 90);
    assert.equal(client.events().length, 0, 'a draining connection gets no new events');
    assert.equal(control.queued, 1);
  });

  it('redelivers unacknowledged events of a dropped connection to another one', async () => {
    await start({ ackTimeoutMs: 5_000 });
    const a = await connect();
    feed.emit(userEvent('ev-5'));
    await waitFor(() => a.events().length === 1, 'delivery to a');
    const b = await connect();
    a.ws.terminate();
    await waitFor(() => b.events().length === 1, 'redelivery to b');
    assert.equal(b.events()[0]?.headers.eventId, 'ev-5');
  });

  it('closes its sockets when the app closes, so close() does not hang', async () => {
    await start();
    const client = await connect();
    await app.close();
    await waitFor(() => client.closed, 'the socket close');
    assert.equal(control.openConnections, 0);
  });
});
