import type { FastifyInstance } from 'fastify';
import { requireInfo } from './request-context.js';
import type { SubscriptionStore } from './subscriptions.js';

/** `/subscriptions` create (with handshake), list, get, renew (PATCH), reauthorize, delete (microsoft.md §5.1). */
export function subscriptionRoutes(subscriptions: SubscriptionStore) {
  return async (api: FastifyInstance): Promise<void> => {
    api.post('/subscriptions', async (request, reply) => {
      const created = await subscriptions.create(request.body, requireInfo(request).prefs.immutableIds);
      return reply.code(201).send(subscriptions.render(created));
    });

    api.get('/subscriptions', async () => ({ value: subscriptions.list().map((s) => subscriptions.render(s)) }));

    api.get('/subscriptions/:id', async (request) => subscriptions.render(subscriptions.get((request.params as { id: string }).id)));

    api.patch('/subscriptions/:id', async (request) => subscriptions.render(subscriptions.renew((request.params as { id: string }).id, request.body)));

    api.post('/subscriptions/:id/reauthorize', async (request, reply) => {
      subscriptions.get((request.params as { id: string }).id);
      return reply.code(204).send();
    });

    api.delete('/subscriptions/:id', async (request, reply) => {
      subscriptions.delete((request.params as { id: string }).id);
      return reply.code(204).send();
    });
  };
}
