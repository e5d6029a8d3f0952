import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { signInRequired } from '../identity/viewer-resolver.js';

const API = '/api';

/**
 * Every /api route needs a signed-in viewer (issue 4: "every /api route needs a valid Microsoft
 * identity token"); /healthz, /docs, /webhooks/*, /auth/* and static files do not.
 *
 * Registered once at the root (fastify-plugin) after the viewer plugin, and decided per request from
 * the matched route's URL pattern rather than by encapsulation: /api routes are registered from several
 * plugins (status routes at the root, directory routes under a prefix), and a hook inside a prefixed
 * plugin would silently miss the ones registered elsewhere. Matching the pattern (not the raw URL) means
 * percent-encoded paths cannot slip past; unmatched /api URLs get 401 too, so route existence is not
 * revealed to anonymous callers.
 */
export const requireViewer = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      // CORS preflights never carry credentials (Fetch standard, CORS-preflight request).
      if (request.method === 'OPTIONS' || request.viewer !== null || !underApi(request)) return;
      request.log.info({ reason: 'missing_token' }, 'sign-in token rejected');
      throw signInRequired();
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      // RFC 6750 §3: a 401 for a protected resource names the scheme the client should use.
      if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate')) void reply.header('www-authenticate', 'Bearer');
      return payload;
    });
  },
  { name: 'require-viewer', dependencies: ['viewer'] },
);

function underApi(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? decodedPath(request.url);
  return path === API || path.startsWith(`${API}/`);
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? url;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
