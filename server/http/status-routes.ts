import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DirectoryStatus, SyncStatusResponse } from '../../shared/addin-api.js';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { DirectoryService } from '../directory/directory-service.js';
import type { SyncStatusSource } from '../sync/sync-status.js';
import { errorResponses } from './schemas.js';

export interface StatusRoutesOptions {
  directory: DirectoryService;
  mode: 'sandbox' | 'dingtalk';
  eventTransport: () => string;
  upstreamQueue: () => Record<string, number>;
  sync: SyncStatusSource;
}

/** Liveness and the directory's sync status (what the pane and the CLI show). */
export const statusRoutes: FastifyPluginAsyncTypebox<StatusRoutesOptions> = async (app, options) => {
  app.get('/healthz', { schema: { tags: ['status'], response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async () => ({ ok: true }));

  app.get(
    '/api/status/directory',
    { schema: { tags: ['status'], summary: 'Directory sync status', response: { 200: DirectoryStatus } } },
    async (request) => directoryStatus(request),
  );

  app.get(
    '/api/status/sync',
    {
      schema: {
        tags: ['status'],
        summary: "Two-way sync status of the viewer's mailbox per kind, and the directory's",
        response: { 200: SyncStatusResponse, 401: errorResponses[400] },
      },
    },
    async (request) => {
      if (request.viewer === null) throw new AppError(ErrorCodes.APP_ERR_UNAUTHORIZED, 401, 'a valid sign-in token is required');
      return { mailboxes: [await options.sync.mailbox(request.viewer)], directory: await directoryStatus(request) };
    },
  );

  /** Counts are what the viewer may see (a count of hidden people is itself a leak), except for super admins. */
  async function directoryStatus(request: FastifyRequest) {
    const { visibility, permissions } = await request.access();
    const status = await options.directory.status();
    const counts = permissions.superAdmin
      ? {}
      : { people: options.directory.visibleCount(visibility), departments: options.directory.visibleDepartmentCount(visibility) };
    return { mode: options.mode, eventTransport: options.eventTransport(), ...status, ...counts, upstreamQueue: options.upstreamQueue() };
  }
};
