import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ThreadByMessageQuery, ThreadResponse, type ThreadParticipant } from '../../shared/addin-api.js';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { ThreadLookup } from '../threads/thread-lookup.js';
import { errorResponses } from './schemas.js';

/** `GET /by-message`: the DingTalk thread linked to an Outlook message, 404 while it is not linked. */
export interface ThreadRoutesOptions {
  threads: ThreadLookup;
  /** resolves participants' e-mails to directory people (only those the viewer may see get a userid) */
  directory: { personByEmail(email: string): Promise<{ userid: string; deptIds: readonly number[] } | null> };
}

export const threadRoutes: FastifyPluginAsyncTypebox<ThreadRoutesOptions> = async (app, { threads, directory }) => {
  app.get(
    '/by-message',
    {
      schema: {
        tags: ['threads'],
        summary: 'The DingTalk thread linked to an Outlook message (by Internet Message-ID)',
        querystring: ThreadByMessageQuery,
        response: { 200: ThreadResponse, ...errorResponses, 401: errorResponses[400] },
      },
    },
    async (request) => {
      if (request.viewer === null) throw new AppError(ErrorCodes.APP_ERR_UNAUTHORIZED, 401, 'a valid sign-in token is required');
      const thread = await threads.byInternetMessageId(request.viewer, request.query.internetMessageId);
      if (thread === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'this message is not linked to a DingTalk thread');
      const { visibility } = await request.access();
      const resolved = new Map<string, string | null>();
      const resolve = async (p: ThreadParticipant): Promise<ThreadParticipant> => {
        const { userid: _ignored, ...rest } = p;
        if (p.email === undefined) return rest;
        const key = p.email.toLowerCase();
        if (!resolved.has(key)) {
          const person = await directory.personByEmail(key);
          resolved.set(key, person !== null && visibility.canSeePerson(person) ? person.userid : null);
        }
        const userid = resolved.get(key);
        return userid === null || userid === undefined ? rest : { ...rest, userid };
      };
      const participants = await Promise.all(thread.participants.map(resolve));
      const messages = await Promise.all(thread.messages.map(async (m) => ({ ...m, from: await resolve(m.from), to: await Promise.all(m.to.map(resolve)) })));
      return { ...thread, participants, messages };
    },
  );
};
