import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DirectoryService } from '../directory/directory-service.js';

export interface StatusRoutesOptions {
  directory: DirectoryService;
  mode: 'sandbox' | 'dingtalk';
  eventTransport: () => string;
  upstreamQueue: () => Record<string, number>;
}

const Progress = Type.Object({
  done: Type.Number(),
  total: Type.Union([Type.Number(), Type.Null()]),
  rate: Type.Number(),
  etaSeconds: Type.Union([Type.Number(), Type.Null()]),
});

export const DirectoryStatusSchema = Type.Object({
  mode: Type.String(),
  eventTransport: Type.String(),
  people: Type.Integer(),
  departments: Type.Integer(),
  lastFullSync: Type.Union([
    Type.Object({
      status: Type.String(),
      startedAt: Type.Integer(),
      finishedAt: Type.Union([Type.Integer(), Type.Null()]),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
    Type.Null(),
  ]),
  running: Type.Union([Type.Object({ kind: Type.String(), progress: Progress }), Type.Null()]),
  lastEventAt: Type.Union([Type.Integer(), Type.Null()]),
  eventsApplied: Type.Integer(),
  duplicatesIgnored: Type.Integer(),
  changeStreamListeners: Type.Integer(),
  upstreamQueue: Type.Record(Type.String(), Type.Integer()),
});

/** Liveness and the directory's sync status (what the pane and the CLI show). */
export const statusRoutes: FastifyPluginAsyncTypebox<StatusRoutesOptions> = async (app, options) => {
  app.get('/healthz', { schema: { tags: ['status'], response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async () => ({ ok: true }));

  app.get(
    '/api/status/directory',
    { schema: { tags: ['status'], summary: 'Directory sync status', response: { 200: DirectoryStatusSchema } } },
    async () => ({
      mode: options.mode,
      eventTransport: options.eventTransport(),
      ...(await options.directory.status()),
      upstreamQueue: options.upstreamQueue(),
    }),
  );
};
