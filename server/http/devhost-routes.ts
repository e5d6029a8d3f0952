import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { errorResponses } from './schemas.js';

export const DevInboxMessage = Type.Object({
  id: Type.String(),
  internetMessageId: Type.String(),
  conversationId: Type.String(),
  subject: Type.String(),
  from: Type.Object({ name: Type.String(), email: Type.String() }),
  to: Type.Array(Type.Object({ name: Type.String(), email: Type.String() })),
  body: Type.String(),
  receivedAt: Type.Integer(),
  isRead: Type.Boolean(),
});
export type DevInboxMessage = Static<typeof DevInboxMessage>;

/**
 * Sandbox mode only: the viewer's Outlook inbox as the Graph sandbox holds it, so the dev host can show
 * real synced mail beside the pane and open one of them (the Thread view then finds its DingTalk
 * thread). Never registered with a real Exchange.
 */
export const devhostRoutes: FastifyPluginAsyncTypebox<{ inbox: (viewer: string) => Promise<DevInboxMessage[]> }> = async (app, { inbox }) => {
  app.get(
    '/api/devhost/outlook-inbox',
    { schema: { tags: ['sandbox'], summary: "The viewer's sandbox Outlook inbox, newest first (sandbox mode only)", response: { 200: Type.Object({ messages: Type.Array(DevInboxMessage) }), ...errorResponses } } },
    async (request) => {
      await request.access();
      return { messages: request.viewer === null ? [] : await inbox(request.viewer) };
    },
  );
};
