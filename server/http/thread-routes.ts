import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ThreadByMessageQuery, ThreadResponse } from '../../shared/addin-api.js';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { ThreadLookup } from '../threads/thread-lookup.js';
import { errorResponses } from './schemas.js';

/** `GET /by-message`: the DingTalk thread linked to an Outlook message, 404 while it is not linked. */
export const threadRoutes: FastifyPluginAsyncTypebox<{ threads: ThreadLookup }> = async (app, { threads }) => {
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
      return thread;
    },
  );
};
