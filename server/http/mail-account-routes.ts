import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { MailAccountStore } from '../mail-accounts/mail-account-store.js';
import { DINGTALK_MAIL_DEFAULTS } from '../mail-accounts/mail-account-store.js';
import type { Permissions } from '../policy/roles.js';
import { mailboxForbidden, managesMailbox, type MailboxOwnerLookup } from './mailbox-scope.js';
import { errorResponses } from './schemas.js';

export interface MailAccountRoutesOptions {
  accounts: MailAccountStore;
  /** where the mailbox's owner sits in the directory, for sub-admin scope */
  ownerOf: MailboxOwnerLookup;
}

const Host = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.-]+$' });
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email' });

const MailAccountView = Type.Object({
  mailbox: Type.String(),
  dingtalkAddress: Type.String(),
  imapHost: Type.String(),
  imapPort: Type.Integer(),
  smtpHost: Type.String(),
  smtpPort: Type.Integer(),
  enabled: Type.Boolean(),
  updatedAt: Type.Integer(),
  updatedBy: Type.String(),
});

const MailAccountBody = Type.Object({
  dingtalkAddress: Email,
  /** DingTalk Mail client (app) password — never the main password; omit to keep the stored one */
  appPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  imapHost: Type.String({ ...Host, default: DINGTALK_MAIL_DEFAULTS.imapHost }),
  imapPort: Type.Integer({ ...Port, default: DINGTALK_MAIL_DEFAULTS.imapPort }),
  smtpHost: Type.String({ ...Host, default: DINGTALK_MAIL_DEFAULTS.smtpHost }),
  smtpPort: Type.Integer({ ...Port, default: DINGTALK_MAIL_DEFAULTS.smtpPort }),
  enabled: Type.Boolean({ default: true }),
});

/**
 * `/api/admin/mail-accounts`: which Exchange mailboxes sync with which DingTalk Mail address. The client
 * password is write-only (stored encrypted, never returned, never logged). Super admins and the owner's
 * sub-admins only; changes apply at the next start of the mail sync.
 */
export const mailAccountRoutes: FastifyPluginAsyncTypebox<MailAccountRoutesOptions> = async (app, { accounts, ownerOf }) => {
  const authorise = async (request: { access(): Promise<{ permissions: Permissions }> }, mailbox: string | null): Promise<Permissions> => {
    const { permissions } = await request.access();
    if (!permissions.canAdminister) throw new AppError(ErrorCodes.APP_ERR_FORBIDDEN, 403, 'your role does not allow managing mail sync');
    if (mailbox !== null && !(await managesMailbox(permissions, ownerOf, mailbox))) throw mailboxForbidden();
    return permissions;
  };

  app.get(
    '/api/admin/mail-accounts',
    { schema: { tags: ['admin'], summary: 'Synced mailbox pairs (passwords are never returned)', response: { 200: Type.Object({ accounts: Type.Array(MailAccountView) }), ...errorResponses } } },
    async (request) => {
      const permissions = await authorise(request, null);
      const all = await accounts.list();
      const visible = [];
      for (const account of all) if (await managesMailbox(permissions, ownerOf, account.mailbox)) visible.push(account);
      return { accounts: visible };
    },
  );

  app.put(
    '/api/admin/mail-accounts/:mailbox',
    { schema: { tags: ['admin'], summary: 'Pair an Exchange mailbox with a DingTalk Mail address', params: Type.Object({ mailbox: Email }), body: MailAccountBody, response: { 200: MailAccountView, ...errorResponses } } },
    async (request) => {
      await authorise(request, request.params.mailbox);
      try {
        return await accounts.put(request.viewer ?? 'unknown', request.params.mailbox, request.body);
      } catch (error) {
        if (error instanceof Error && /client password/.test(error.message)) throw new AppError(ErrorCodes.APP_ERR_VALIDATION, 400, error.message);
        throw error;
      }
    },
  );

  app.delete(
    '/api/admin/mail-accounts/:mailbox',
    { schema: { tags: ['admin'], summary: 'Stop syncing a mailbox pair (nothing is deleted in either mailbox)', params: Type.Object({ mailbox: Email }), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await authorise(request, request.params.mailbox);
      if (!(await accounts.remove(request.viewer ?? 'unknown', request.params.mailbox))) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such mail account');
      return reply.status(204).send(null);
    },
  );
};
