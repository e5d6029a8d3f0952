import assert from 'node:assert/strict';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { GraphLifecycleNotification, GraphNotification } from '../../../server/connectors/graph/contract.js';
import { registerErrorHandling } from '../../../server/http/error-handler.js';
import { graphWebhook } from '../../../server/http/graph-webhook.js';
import { memoryLogger } from '../../helpers/silent-logger.js';

const SECRETS: Record<string, string> = { 'sub-1': 'secret-1', 'sub-2': 'secret-2' };

function change(subscriptionId: string, clientState: string, id = 'AAk=') {
  return { subscriptionId, clientState, changeType: 'updated', resource: `Users/u/Messages/${id}`, tenantId: 't', resourceData: { id } };
}

describe('server/http/graph-webhook', () => {
  let app: FastifyInstance;
  let notifications: GraphNotification[];
  let lifecycle: GraphLifecycleNotification[];
  let failNext: boolean;
  let logs: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    notifications = [];
    lifecycle = [];
    failNext = false;
    logs = memoryLogger('info');
    app = Fastify({ loggerInstance: logs.logger as FastifyBaseLogger });
    registerErrorHandling(app);
    await app.register(
      graphWebhook({
        onNotifications: async (list) => {
          if (failNext) throw new Error('queue down');
          notifications.push(...list);
        },
        onLifecycle: (list) => void lifecycle.push(...list),
        clientStateFor: (id) => SECRETS[id] ?? null,
        bodyLimit: 16 * 1024,
      }),
      { prefix: '/webhooks' },
    );
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, payload: unknown, contentType = 'application/json') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('answers the validation handshake with the URL-decoded token as text/plain, on both paths', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 3b3f9821-ce3f';
    for (const path of ['/webhooks/graph/notifications', '/webhooks/graph/lifecycle']) {
      const res = await post(`${path}?validationToken=${encodeURIComponent(token)}`, '', 'text/plain; charset=utf-8');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.body, token);
    }
  });

  it('refuses bad validation requests with 400', async () => {
    for (const query of ['validationToken=', `validationToken=${'x'.repeat(2000)}`, 'validationToken=a&validationToken=b', 'validationToken=a%0d%0aSet-Cookie:%20x']) {
      const res = await post(`/webhooks/graph/notifications?${query}`, '', 'text/plain');
      assert.equal(res.statusCode, 400, query.slice(0, 40));
      assert.equal(res.json().error.code, 'APP_ERR_VALIDATION');
    }
  });

  it('forwards verified change and lifecycle notifications and answers 202', async () => {
    const res = await post('/webhooks/graph/notifications', {
      value: [change('sub-1', 'secret-1', 'AAa='), change('sub-2', 'secret-2', 'AAb='), { subscriptionId: 'sub-1', clientState: 'secret-1', lifecycleEvent: 'missed' }],
    });
    assert.equal(res.statusCode, 202);
    assert.deepEqual(notifications.map((n) => [n.subscriptionId, n.messageId, n.changeType]), [
      ['sub-1', 'AAa=', 'updated'],
      ['sub-2', 'AAb=', 'updated'],
    ]);
    assert.deepEqual(lifecycle, [{ subscriptionId: 'sub-1', clientState: 'secret-1', lifecycleEvent: 'missed' }]);
  });

  it('forwards nothing with a wrong clientState or an unknown subscription, acknowledges anyway, never logs the secret', async () => {
    const res = await post('/webhooks/graph/notifications', {
      value: [change('sub-1', 'forged-secret'), change('sub-9', 'secret-1'), { subscriptionId: 'sub-2', clientState: 'forged-secret', lifecycleEvent: 'subscriptionRemoved' }],
    });
    assert.equal(res.statusCode, 202);
    assert.deepEqual(notifications, []);
    assert.deepEqual(lifecycle, []);
    assert.ok(logs.lines.some((l) => l.rejected === 3));
    assert.ok(!logs.text().includes('forged-secret'));
  });

  it('forwards only the verified items of a mixed batch', async () => {
    await post('/webhooks/graph/notifications', { value: [change('sub-1', 'forged'), change('sub-1', 'secret-1', 'AAok=')] });
    assert.deepEqual(notifications.map((n) => n.messageId), ['AAok=']);
  });

  it('answers 4xx, never 5xx, to malformed, unparsable, mistyped and oversized bodies', async () => {
    const cases: Array<[unknown, string, number]> = [
      ['{"value": [', 'application/json', 400],
      ['', 'application/json', 400],
      [{ value: [{ subscriptionId: 'sub-1', clientState: 'secret-1', changeType: 'exploded', resource: 'r' }] }, 'application/json', 400],
      [{ value: 'nope' }, 'application/json', 400],
      ['{"__proto__": {"polluted": true}, "value": []}', 'application/json', 400],
      ['plain words', 'text/plain', 400],
      ['<xml/>', 'application/xml', 415],
      [{ value: Array.from({ length: 200 }, () => change('sub-1', 'secret-1', 'x'.repeat(100))) }, 'application/json', 413],
    ];
    for (const [payload, type, status] of cases) {
      const res = await post('/webhooks/graph/notifications', payload, type);
      assert.equal(res.statusCode, status, `${type} ${String(JSON.stringify(payload)).slice(0, 50)}`);
      assert.ok(typeof res.json().error.code === 'string');
    }
    assert.deepEqual(notifications, []);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('answers 503 when the notifications cannot be accepted, so Graph retries', async () => {
    failNext = true;
    const res = await post('/webhooks/graph/notifications', { value: [change('sub-1', 'secret-1')] });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error.code, 'APP_ERR_UNAVAILABLE');
  });
});
