import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MailSyncDetailResponse, type MailSyncDetail } from '../../shared/addin-api.js';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { Permissions } from '../policy/roles.js';
import { mailboxForbidden, managesMailbox, type MailboxOwnerLookup } from './mailbox-scope.js';
import { errorResponses } from './schemas.js';

/** What the routes need of the running mail sync (server/runtime/mail-sync-host.ts); null while none runs. */
export interface MailSyncControl {
  detail(mailbox: string): Promise<MailSyncDetail | null>;
  releaseBreaker(mailbox: string, folder: string, admin: string): Promise<boolean>;
  retryQuarantined(mailbox: string, admin: string): Promise<number | null>;
  revertRun(mailbox: string, runId: string, admin: string): Promise<{ restored: number; missing: number } | null>;
}

export interface MailSyncRoutesOptions {
  mail: () => MailSyncControl | null;
  /** where the mailbox's owner sits in the directory, for sub-admin scope */
  ownerOf: MailboxOwnerLookup;
}

const MailboxParam = Type.String({ minLength: 3, maxLength: 254 });

/**
 * `GET /api/status/sync/mail` (the viewer's own mailbox) and the admin actions on a mailbox's sync:
 * release a circuit-breaker stop, retry quarantined items, revert a run's trashing. Only super admins and sub-admins of the
 * owner's departments act (HR editors and auditors never), and every action is audited by the engine.
 */
export const mailSyncRoutes: FastifyPluginAsyncTypebox<MailSyncRoutesOptions> = async (app, { mail, ownerOf }) => {
  app.get(
    '/api/status/sync/mail',
    { schema: { tags: ['status'], summary: "Mail sync of the viewer's mailbox, per folder", response: { 200: MailSyncDetailResponse, ...errorResponses } } },
    async (request) => {
      await request.access();
      const host = mail();
      return { mail: host === null || request.viewer === null ? null : await host.detail(request.viewer) };
    },
  );

  const authorise = async (request: { access(): Promise<{ permissions: Permissions }> }, mailbox: string) => {
    const { permissions } = await request.access();
    if (!(await managesMailbox(permissions, ownerOf, mailbox))) throw mailboxForbidden();
    const host = mail();
    if (host === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'mail sync is not running');
    return host;
  };

  app.post(
    '/api/admin/mail/:mailbox/breakers/:folder/release',
    {
      schema: {
        tags: ['admin'],
        summary: 'Let a folder stopped by the circuit breaker apply its withheld deletions on the next sync',
        params: Type.Object({ mailbox: MailboxParam, folder: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const host = await authorise(request, request.params.mailbox);
      if (!(await host.releaseBreaker(request.params.mailbox, request.params.folder, request.viewer ?? 'unknown'))) {
        throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no open circuit-breaker stop for this folder');
      }
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/mail/:mailbox/quarantine/retry',
    {
      schema: {
        tags: ['admin'],
        summary: "Retry a mailbox's quarantined items now",
        params: Type.Object({ mailbox: MailboxParam }),
        response: { 200: Type.Object({ retried: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const host = await authorise(request, request.params.mailbox);
      const retried = await host.retryQuarantined(request.params.mailbox, request.viewer ?? 'unknown');
      if (retried === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'this mailbox is not synced');
      return { retried };
    },
  );

  app.post(
    '/api/admin/mail/:mailbox/runs/:runId/revert',
    {
      schema: {
        tags: ['admin'],
        summary: 'Move back everything a sync run sent to trash (its run id is in the audit log of each mail.trash entry)',
        params: Type.Object({ mailbox: MailboxParam, runId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Type.Object({ restored: Type.Integer(), missing: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const host = await authorise(request, request.params.mailbox);
      const result = await host.revertRun(request.params.mailbox, request.params.runId, request.viewer ?? 'unknown');
      if (result === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'this mailbox is not synced');
      return result;
    },
  );
};
