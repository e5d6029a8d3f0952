import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RecipientCheckRequest, RecipientCheckResponse } from '../../shared/recipients-api.js';
import type { LookalikeIndex } from '../directory/lookalike/lookalike-index.js';
import { ErrorResponse } from './schemas.js';

export interface RecipientsRoutesOptions {
  lookalikes: LookalikeIndex;
  /** where a directory person sits, for the viewer's visibility; null when unknown */
  placementOf: (userid: string) => { userid: string; deptIds: readonly number[] } | null;
  /** the organisation's own mail domains, read per request (the directory may change them) */
  internalDomains: () => string[];
}

/** Safety on send: the add-in's OnMessageSend / OnMessageRecipientsChanged handlers call this. */
export const recipientsRoutes: FastifyPluginAsyncTypebox<RecipientsRoutesOptions> = async (app, { lookalikes, internalDomains, placementOf }) => {
  app.post(
    '/check',
    {
      schema: {
        tags: ['recipients'],
        summary: 'Warn about recipients that look like a typo of a directory address (zhangs1@ for zhangsl@)',
        body: RecipientCheckRequest,
        response: { 200: RecipientCheckResponse, 400: ErrorResponse, 413: ErrorResponse, 500: ErrorResponse },
      },
    },
    async (request) => {
      const { visibility } = await request.access();
      // A person the viewer may not see, or whose e-mail is hidden from them, is never offered as "did you mean".
      const canSee = (userid: string): boolean => {
        const person = placementOf(userid);
        return person !== null && visibility.canSeePerson(person) && !visibility.hiddenFields(person, { mobileHidden: false }).has('email');
      };
      return { warnings: lookalikes.check(request.body.recipients, { internalDomains: internalDomains(), canSee }) };
    },
  );
};
