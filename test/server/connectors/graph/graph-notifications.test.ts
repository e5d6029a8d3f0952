import assert from 'node:assert/strict';
import {
  answerValidation,
  clientStateMatches,
  MAX_VALIDATION_TOKEN_LENGTH,
  NotificationPayloadError,
  parseNotificationPayload,
  partitionByClientState,
} from '../../../../server/connectors/graph/graph-notifications.js';

const change = (overrides: Record<string, unknown> = {}) => ({
  id: 'n-1',
  subscriptionId: 'sub-1',
  subscriptionExpirationDateTime: '2026-01-07T00:00:00Z',
  clientState: 'secret-1',
  changeType: 'created',
  resource: 'Users/u-1/Messages/AAk=',
  tenantId: 't-1',
  resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': 'Users/u-1/Messages/AAk=', id: 'AAk=' },
  ...overrides,
});

describe('server/connectors/graph/graph-notifications', () => {
  describe('validation handshake', () => {
    it('echoes the decoded token as text/plain', () => {
      const token = 'Validation: Testing client application reachability for subscription Request-Id: 3b3f9821-ce3f-23d9-879b-00a23f3e4e53';
      assert.deepEqual(answerValidation(token), { ok: true, status: 200, contentType: 'text/plain; charset=utf-8', body: token });
    });

    it('refuses missing, empty, repeated, oversized and control-character tokens', () => {
      for (const bad of [undefined, '', ['a', 'b'], 'x'.repeat(MAX_VALIDATION_TOKEN_LENGTH + 1), 'a\r\nSet-Cookie: x=1', 42]) {
        const answer = answerValidation(bad);
        assert.equal(answer.ok, false, `refused ${JSON.stringify(bad)}`);
        assert.equal(answer.status, 400);
      }
      assert.equal(answerValidation('x'.repeat(MAX_VALIDATION_TOKEN_LENGTH)).ok, true);
    });
  });

  describe('payload', () => {
    it('parses change and lifecycle items of one POST', () => {
      const parsed = parseNotificationPayload({
        value: [change(), change({ changeType: 'deleted', resourceData: { id: 'AAm=' } }), { subscriptionId: 'sub-2', clientState: 's2', lifecycleEvent: 'missed', tenantId: 't-1' }],
      });
      assert.deepEqual(parsed.notifications, [
        { subscriptionId: 'sub-1', clientState: 'secret-1', changeType: 'created', resource: 'Users/u-1/Messages/AAk=', messageId: 'AAk=', tenantId: 't-1' },
        { subscriptionId: 'sub-1', clientState: 'secret-1', changeType: 'deleted', resource: 'Users/u-1/Messages/AAk=', messageId: 'AAm=', tenantId: 't-1' },
      ]);
      assert.deepEqual(parsed.lifecycle, [{ subscriptionId: 'sub-2', clientState: 's2', lifecycleEvent: 'missed' }]);
    });

    it('tolerates absent resourceData, tenantId and clientState (the latter then fails the clientState check)', () => {
      const parsed = parseNotificationPayload({ value: [change({ resourceData: undefined, tenantId: undefined, clientState: undefined })] });
      assert.deepEqual(parsed.notifications[0], { subscriptionId: 'sub-1', clientState: '', changeType: 'created', resource: 'Users/u-1/Messages/AAk=', messageId: null, tenantId: null });
    });

    const malformed: Array<[string, unknown]> = [
      ['not an object', 'text'],
      ['no value', {}],
      ['value not an array', { value: {} }],
      ['empty value', { value: [] }],
      ['item not an object', { value: [1] }],
      ['unknown changeType', { value: [change({ changeType: 'restored' })] }],
      ['no subscriptionId', { value: [change({ subscriptionId: undefined })] }],
      ['no resource', { value: [change({ resource: '' })] }],
      ['resourceData not an object', { value: [change({ resourceData: 'x' })] }],
      ['unknown lifecycle event', { value: [{ subscriptionId: 's', clientState: 'c', lifecycleEvent: 'exploded' }] }],
      ['oversized clientState', { value: [change({ clientState: 'c'.repeat(300) })] }],
      ['too many items', { value: Array.from({ length: 1001 }, () => change()) }],
    ];
    for (const [name, body] of malformed) {
      it(`refuses a body with ${name}`, () => {
        assert.throws(() => parseNotificationPayload(body), NotificationPayloadError);
      });
    }
  });

  describe('clientState', () => {
    it('compares in constant time, exactly', () => {
      assert.equal(clientStateMatches('secret-1', 'secret-1'), true);
      assert.equal(clientStateMatches('secret-1', 'secret-2'), false);
      assert.equal(clientStateMatches('secret-1', 'secret-1 '), false);
      assert.equal(clientStateMatches('secret-1', ''), false);
    });

    it('accepts items whose subscription is ours with the right secret, rejects the rest', async () => {
      const items = [
        { subscriptionId: 'sub-1', clientState: 'secret-1' },
        { subscriptionId: 'sub-1', clientState: 'forged' },
        { subscriptionId: 'unknown', clientState: 'secret-1' },
        { subscriptionId: 'sub-2', clientState: 'secret-2' },
      ];
      const secrets: Record<string, string> = { 'sub-1': 'secret-1', 'sub-2': 'secret-2' };
      const { accepted, rejected } = await partitionByClientState(items, async (id) => secrets[id] ?? null);
      assert.deepEqual(accepted, [items[0], items[3]]);
      assert.deepEqual(rejected, [items[1], items[2]]);
    });
  });
});
