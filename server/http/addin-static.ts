import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifySchema } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface AddinStaticOptions {
  /** absolute path of the webpack output (dist/addin) */
  root: string;
  /** sandbox mode: `/` opens the dev host */
  sandboxMode: boolean;
}

const PREFIX = '/addin/';
const NOT_BUILT = 'the add-in is not built: run npm run build:addin\n';
/** webpack names bundles `[name].[contenthash:8].js`: such a file never changes, so it may be cached for a year */
const HASHED_ASSET = /\.[0-9a-f]{8}\.(js|css)(\.map)?$/;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;
/** @fastify/swagger leaves routes with `schema.hide` out of the OpenAPI document (its type augmentation lives with swagger) */
const HIDDEN_FROM_DOCS: FastifySchema = { hide: true } as FastifySchema;

/**
 * Serves the built add-in (task pane, dev host, commands and sign-in pages) under /addin/, from the
 * same origin as the API so the pane needs no CORS. The build is looked for on every request, so a
 * server started before `npm run build:addin` (or during a `--watch` rebuild) answers a clear 503
 * instead of a bare 404, and starts serving as soon as the files exist.
 */
export const addinStatic: FastifyPluginAsync<AddinStaticOptions> = async (app, options) => {
  if (!path.isAbsolute(options.root)) throw new Error(`addinStatic: root must be an absolute path, got ${options.root}`);
  const built = (): boolean => existsSync(path.join(options.root, 'taskpane.html'));

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      if (!built()) return reply.code(503).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(NOT_BUILT);
      return undefined;
    });
    await scope.register(fastifyStatic, {
      root: options.root,
      prefix: PREFIX,
      // why: the root may not exist yet when the server starts (see above); its absence is answered per request
      suppressWarning: true,
      decorateReply: false,
      index: false,
      cacheControl: false,
      // why: the pages and launchevent.js keep their names across builds, so they must be revalidated each time
      setHeaders: (reply: FastifyReply, filePath: string) => {
        void reply.header('cache-control', HASHED_ASSET.test(filePath) ? `public, max-age=${ONE_YEAR_SECONDS}, immutable` : 'no-cache');
      },
    });
  });

  if (options.sandboxMode) {
    app.get('/', { schema: HIDDEN_FROM_DOCS }, async (_request, reply) => reply.redirect(`${PREFIX}devhost.html`, 302));
  }
};
