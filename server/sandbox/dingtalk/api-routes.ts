import type { FastifyInstance, FastifyReply } from 'fastify';
import { V1, type V1Error } from './envelopes.js';
import { v1FailedResults } from './failed-results.js';
import { authenticateV1 } from './gateway-auth.js';
import type { SandboxState } from './sandbox-state.js';

export interface ApiRoutesOptions {
  state: SandboxState;
  appKey: string;
  appSecret: string;
}

type Query = Record<string, string | undefined>;

const LEAVE_PAGE_MAX = 100;
const LEAVE_PAGE_DEFAULT = 50;

/**
 * The api.dingtalk.com `/v1.0/*` family (§1): header token, camelCase, errors as HTTP 4xx/5xx with
 * `{code, message, requestid}`. Implements the app token, leave records (§3.3) and failed pushes (§4.4).
 */
export function apiRoutes({ state, appKey, appSecret }: ApiRoutesOptions): (api: FastifyInstance) => Promise<void> {
  return async (api) => {
    api.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      request.log.warn({ err: error }, 'v1.0 request failed');
      const status = error.statusCode ?? 500;
      return status < 500 ? reply.code(status).send(V1.invalidParameter(error.message)) : reply.code(500).send(V1.unknownError());
    });

    api.post('/v1.0/oauth2/accessToken', async (request, reply) => {
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      const key = body['appKey'];
      const secret = body['appSecret'];
      if (typeof key !== 'string' || key === '') return fail(reply, 400, V1.missingParameter('appKey'));
      if (typeof secret !== 'string' || secret === '') return fail(reply, 400, V1.missingParameter('appSecret'));
      if (!state.traffic.allow(key, '/v1.0/oauth2/accessToken')) return fail(reply, 403, V1.qps('/v1.0/oauth2/accessToken'));
      if (key !== appKey || secret !== appSecret) return fail(reply, 400, V1.badCredentials());
      const { token, expiresIn } = state.tokens.issue(key);
      return { accessToken: token, expireIn: expiresIn };
    });

    api.get('/v1.0/contact/empLeaveRecords', async (request, reply) => {
      const auth = authenticateV1(state, request.headers['x-acs-dingtalk-access-token'], '/v1.0/contact/empLeaveRecords');
      if (!auth.ok) return fail(reply, auth.status, auth.body);
      const query = request.query as Query;
      if (!query['startTime']) return fail(reply, 400, V1.missingParameter('startTime'));
      const start = Date.parse(query['startTime']);
      const end = query['endTime'] ? Date.parse(query['endTime']) : Number.POSITIVE_INFINITY;
      if (Number.isNaN(start) || Number.isNaN(end)) {
        return fail(reply, 400, V1.invalidParameter('startTime/endTime must be ISO 8601, e.g. 2020-07-10T00:00:00Z'));
      }
      const size = query['maxResults'] ? Number(query['maxResults']) : LEAVE_PAGE_DEFAULT;
      if (!Number.isSafeInteger(size) || size < 1 || size > LEAVE_PAGE_MAX) {
        return fail(reply, 400, V1.invalidParameter(`maxResults must be an integer between 1 and ${LEAVE_PAGE_MAX}`));
      }
      const offset = query['nextToken'] ? Number(query['nextToken']) : 0;
      if (!Number.isSafeInteger(offset) || offset < 0) return fail(reply, 400, V1.invalidParameter('nextToken is not valid'));
      const records = state.leaveRecords().filter((record) => {
        const at = Date.parse(record.leaveTime);
        return at >= start && at <= end;
      });
      const page = records.slice(offset, offset + size);
      const next = offset + page.length;
      return next < records.length ? { nextToken: String(next), records: page } : { records: page };
    });

    api.get('/v1.0/event/callbacks/failedResults', async (request, reply) => {
      const auth = authenticateV1(state, request.headers['x-acs-dingtalk-access-token'], '/v1.0/event/callbacks/failedResults');
      if (!auth.ok) return fail(reply, auth.status, auth.body);
      const query = request.query as Query;
      const begin = query['beginTime'] ? Number(query['beginTime']) : 0;
      const end = query['endTime'] ? Number(query['endTime']) : Number.MAX_SAFE_INTEGER;
      if (!Number.isFinite(begin) || !Number.isFinite(end)) {
        return fail(reply, 400, V1.invalidParameter('beginTime/endTime must be milliseconds since epoch'));
      }
      return v1FailedResults(state, begin, end);
    });
  };
}

function fail(reply: FastifyReply, status: number, body: V1Error): FastifyReply {
  return reply.code(status).send(body);
}
