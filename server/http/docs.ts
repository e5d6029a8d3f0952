import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3 generated from the route schemas, served at /docs (UI) and /docs/json. Assets are local. */
export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'DingTalk ⇄ Outlook bridge',
        description: 'Directory, events and status API of the bridge backend.',
        version,
      },
      tags: [
        { name: 'directory', description: 'DingTalk address book: search, browse, contact cards, change stream' },
        { name: 'webhooks', description: 'Incoming events from DingTalk' },
        { name: 'status', description: 'Health and sync status' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
