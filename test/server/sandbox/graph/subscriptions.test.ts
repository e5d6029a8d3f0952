import assert from 'node:assert/strict';
import { eventually, IMMUTABLE, sandboxFixture, scriptedReceiver, UPN, type SandboxFixture, type ScriptedReceiver } from './fixtures.js';

const HOUR = 3_600_000;

describe('server/sandbox/graph: subscriptions and change notifications', () => {
  let fx: SandboxFixture;
  let receiver: ScriptedReceiver;
  beforeEach(async () => {
    receiver = await scriptedReceiver();
  });
  afterEach(async () => {
    await fx.close();
    await receiver.close();
  });
  const outlook = () => fx.sandbox.mailbox(UPN);

  async function subscribe(overrides: Record<string, unknown> = {}, headers: Record<string, string> = IMMUTABLE) {
    return fx.call('POST', '/v1.0/subscriptions', {
      body: {
        changeType: 'created,updated,deleted',
        notificationUrl: receiver.url,
        lifecycleNotificationUrl: `${receiver.url}?kind=lifecycle`,
        resource: `users/${UPN}/mailFolders('inbox')/messages`,
        expirationDateTime: new Date(Date.now() + HOUR).toISOString(),
        clientState: 'sekret',
        ...overrides,
      },
      headers,
    });
  }

  describe('creation', () => {
    beforeEach(async () => {
      fx = await sandboxFixture({ knobs: { handshakeTimeoutMs: 300 } });
    });

    it('validates both URLs with the documented token before creating', async () => {
      const res = await subscribe();
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(receiver.validations.length, 2);
      assert.match(receiver.validations[0] ?? '', /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/);
      assert.equal(res.json.clientState, 'sekret');
      assert.equal(res.json.changeType, 'created,updated,deleted');
      assert.equal(res.json.latestSupportedTlsVersion, 'v1_2');
      assert.equal(fx.sandbox.stats().subscriptions, 1);
    });

    it('creates nothing when the endpoint echoes the token encoded, wrapped in HTML, or too late', async () => {
      for (const behaviour of [{ echo: 'wrong' as const }, { echo: 'html' as const }, { delayMs: 600 }]) {
        Object.assign(receiver.behaviour, { echo: 'exact', delayMs: 0 }, behaviour);
        const res = await subscribe();
        assert.equal(res.status, 400, JSON.stringify(behaviour));
        assert.equal(res.json.error.code, 'ValidationError');
      }
      assert.equal(fx.sandbox.stats().subscriptions, 0);
    });

    it('enforces the maximum lifetime (4,230 min by default, a knob), clientState ≤ 128, and a known resource', async () => {
      const tooLong = await subscribe({ expirationDateTime: new Date(Date.now() + 4231 * 60_000).toISOString() });
      assert.equal(tooLong.status, 400);
      assert.match(tooLong.json.error.message, /4230 minutes/);
      assert.equal((await subscribe({ expirationDateTime: new Date(Date.now() + 4229 * 60_000).toISOString() })).status, 201);
      fx.sandbox.setKnobs({ maxSubscriptionMinutes: 10_080 });
      assert.equal((await subscribe({ expirationDateTime: new Date(Date.now() + 10_000 * 60_000).toISOString() })).status, 201);
      assert.equal((await subscribe({ expirationDateTime: new Date(Date.now() - 1000).toISOString() })).status, 400);
      assert.equal((await subscribe({ clientState: 'c'.repeat(129) })).status, 400);
      assert.equal((await subscribe({ resource: `me/messages` })).status, 400);
      assert.equal((await subscribe({ resource: `users/nobody@x/messages` })).status, 404);
      assert.equal((await subscribe({ changeType: 'created,exploded' })).status, 400);
      assert.equal((await subscribe({ notificationUrl: 'ftp://x/hook' })).status, 400);
    });

    it('renews (PATCH), reauthorizes, lists and deletes', async () => {
      const created = await subscribe();
      const id = created.json.id as string;
      const later = new Date(Date.now() + 2 * HOUR).toISOString();
      const renewed = await fx.call('PATCH', `/v1.0/subscriptions/${id}`, { body: { expirationDateTime: later } });
      assert.equal(renewed.status, 200);
      assert.equal(renewed.json.expirationDateTime, later);
      assert.equal((await fx.call('POST', `/v1.0/subscriptions/${id}/reauthorize`)).status, 204);
      assert.deepEqual((await fx.call('GET', '/v1.0/subscriptions')).json.value.map((s: { id: string }) => s.id), [id]);
      assert.equal((await fx.call('DELETE', `/v1.0/subscriptions/${id}`)).status, 204);
      assert.equal((await fx.call('GET', `/v1.0/subscriptions/${id}`)).status, 404);
      assert.equal((await fx.call('DELETE', `/v1.0/subscriptions/${id}`)).json.error.code, 'ResourceNotFound');
    });
  });

  describe('delivery', () => {
    async function subscribed(knobs: Record<string, unknown> = {}, resource?: string) {
      fx = await sandboxFixture({ knobs, notificationRetryDelaysMs: [20, 20] });
      const res = await subscribe(resource === undefined ? {} : { resource });
      assert.equal(res.status, 201);
      return res.json.id as string;
    }

    it('POSTs created / updated / deleted notifications with clientState and resourceData.id', async () => {
      const id = await subscribed();
      const m = await outlook().deliver({ subject: 'hello' });
      outlook().markRead(m.id);
      outlook().move(m.id, 'archive');
      await fx.sandbox.notificationsSettled();
      const items = receiver.items();
      assert.deepEqual(items.map((i) => i.changeType), ['created', 'updated', 'deleted']);
      for (const item of items) {
        assert.equal(item.subscriptionId, id);
        assert.equal(item.clientState, 'sekret');
        assert.equal((item.resourceData as { id: string }).id, m.id, 'immutable ids, chosen at creation');
        assert.equal(item.resource, `Users/${outlook().userId}/Messages/${m.id}`);
        assert.equal(item.tenantId, fx.sandbox.tenantId);
      }
      assert.equal(receiver.posts.length, 1, 'changes close together share one POST');
    });

    it('tells a whole-mailbox subscription about a move as one update', async () => {
      await subscribed({}, `users/${UPN}/messages`);
      const m = await outlook().deliver({ subject: 'hello' });
      outlook().move(m.id, 'archive');
      outlook().purge(m.id);
      await fx.sandbox.notificationsSettled();
      assert.deepEqual(receiver.items().map((i) => i.changeType), ['created', 'updated', 'deleted']);
    });

    it('retries a failing endpoint, then gives up', async () => {
      await subscribed();
      receiver.behaviour.failPosts = 1;
      await outlook().deliver({ subject: 'retry me' });
      await fx.sandbox.notificationsSettled();
      assert.equal(receiver.items().length, 1);
      assert.equal(fx.sandbox.stats().notifications.failedAttempts, 1);
      receiver.behaviour.failPosts = 10;
      await outlook().deliver({ subject: 'lost' });
      await fx.sandbox.notificationsSettled();
      assert.equal(fx.sandbox.stats().notifications.gaveUp, 1);
      assert.equal(receiver.items().length, 1);
    });

    it('duplicates, drops, delays and reorders notifications on request (seeded)', async () => {
      await subscribed({ duplicateNotifications: 1 });
      await outlook().deliver({ subject: 'twice' });
      await fx.sandbox.notificationsSettled();
      assert.equal(receiver.items().length, 2);
      assert.equal(receiver.items()[0]?.id, receiver.items()[1]?.id, 'the same notification twice');

      fx.sandbox.setKnobs({ duplicateNotifications: 0, dropNotifications: 1 });
      await outlook().deliver({ subject: 'dropped' });
      await fx.sandbox.notificationsSettled();
      assert.equal(receiver.items().length, 2);
      assert.equal(fx.sandbox.stats().notifications.dropped, 1);

      fx.sandbox.setKnobs({ dropNotifications: 0, notificationDelayMs: 80 });
      const delayed = await outlook().deliver({ subject: 'later' });
      assert.equal(receiver.items().length, 2, 'not yet');
      await eventually(() => receiver.items().length === 3, 'the delayed notification');
      assert.equal((receiver.items()[2]?.resourceData as { id: string }).id, delayed.id);

      fx.sandbox.setKnobs({ notificationDelayMs: 0, reorderNotifications: 1 });
      const first = await outlook().deliver({ subject: 'first' });
      fx.sandbox.setKnobs({ reorderNotifications: 0 });
      const second = await outlook().deliver({ subject: 'second' });
      await fx.sandbox.notificationsSettled();
      assert.deepEqual(receiver.items().slice(3).map((i) => (i.resourceData as { id: string }).id), [second.id, first.id]);
    });

    it('sends lifecycle events on demand; subscriptionRemoved ends the subscription', async () => {
      const id = await subscribed();
      fx.sandbox.lifecycle(id, 'missed');
      await fx.sandbox.notificationsSettled();
      assert.deepEqual(receiver.items(), [
        { subscriptionId: id, subscriptionExpirationDateTime: receiver.items()[0]?.subscriptionExpirationDateTime, tenantId: fx.sandbox.tenantId, clientState: 'sekret', lifecycleEvent: 'missed' },
      ]);
      fx.sandbox.lifecycle(id, 'subscriptionRemoved');
      await fx.sandbox.notificationsSettled();
      assert.equal(fx.sandbox.stats().subscriptions, 0);
      await outlook().deliver({ subject: 'unheard' });
      await fx.sandbox.notificationsSettled();
      assert.deepEqual(receiver.items().map((i) => i.lifecycleEvent), ['missed', 'subscriptionRemoved']);
    });

    it('stops notifying once a subscription expired', async () => {
      let now = Date.now();
      fx = await sandboxFixture({ clock: () => now });
      assert.equal((await subscribe({ expirationDateTime: new Date(now + 60_000).toISOString() })).status, 201);
      now += 61_000;
      await outlook().deliver({ subject: 'too late' });
      await fx.sandbox.notificationsSettled();
      assert.deepEqual(receiver.items(), []);
    });
  });
});
