import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person's key (their e-mail), or null for anonymous requests. */
    viewer: string | null;
  }
}

export type ViewerResolver = (request: FastifyRequest) => Promise<string | null> | string | null;

/**
 * Sets `request.viewer` for every request. The resolver is the seam where identity plugs in: the
 * Microsoft identity-token validation replaces the sandbox's header-based one without routes changing.
 */
export const viewerPlugin = fp<{ resolve: ViewerResolver }>(
  async (app, { resolve }) => {
    app.decorateRequest('viewer', null);
    app.addHook('onRequest', async (request) => {
      request.viewer = await resolve(request);
    });
  },
  { name: 'viewer' },
);
