import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorEnvelope, GraphSandboxError, retryAfterHeader } from './errors.js';
import { attachInfo, infoOf } from './request-context.js';
import type { GraphSandboxState } from './sandbox-state.js';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * What stands in front of every Graph API route, in Graph's order: request ids, bearer token check
 * (§10 item 14 aside, tokens are opaque), `/users/{id}` resolution, the per-mailbox concurrency gate and
 * request window (§7.1), latency, and injected failures. The concurrency slot is released in onSend,
 * before the response is written, so a client that starts its next request on receipt of this one is
 * never counted twice.
 */
export function registerGateway(api: FastifyInstance, state: GraphSandboxState): void {
  api.addHook('onRequest', async (request) => {
    const info = attachInfo(request, state.nextRequestId());
    state.httpRequests += 1;
    checkBearer(request, state);
    const user = (request.params as { user?: string } | undefined)?.user;
    if (user !== undefined) {
      const mailbox = state.resolveMailbox(user);
      if (mailbox === undefined) throw new GraphSandboxError(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`);
      info.mailbox = mailbox;
      const admission = state.throttle.admit(mailbox.userId);
      if (!admission.ok) {
        const limit = admission.reason === 'concurrency' ? 'MailboxConcurrency' : 'MailboxRequests';
        throw new GraphSandboxError(429, 'ApplicationThrottled', `Application is over its ${limit} limit.`, { 'retry-after': retryAfterHeader(admission.retryAfterMs) });
      }
      info.release = admission.release;
    }
    const { latencyMs } = state.knobs;
    if (latencyMs > 0) await sleep(latencyMs);
    const failStatus = state.takeFailNext();
    if (failStatus !== null) throw injectedFailure(failStatus, state.knobs.retryAfterSeconds);
    if (user !== undefined && WRITE_METHODS.has(request.method) && state.takeFailAfterCommit()) info.failAfterCommit = true;
  });

  api.addHook('onSend', async (request, reply, payload) => {
    const info = infoOf(request);
    if (info === undefined) return payload;
    info.release();
    void reply.header('request-id', info.requestId).header('client-request-id', info.clientRequestId);
    if (info.prefs.immutableIds) void reply.header('preference-applied', 'IdType="ImmutableId"');
    if (info.failAfterCommit && reply.statusCode < 400) {
      // The change is committed; only the answer is lost (what a gateway timeout looks like to a client).
      info.failAfterCommit = false;
      void reply.code(500).header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify(errorEnvelope('generalException', 'An internal server error occurred. The operation failed.', info.requestId, info.clientRequestId, state.clock()));
    }
    return payload;
  });

  api.addHook('onRequestAbort', async (request) => infoOf(request)?.release());
  api.addHook('onResponse', async (request) => infoOf(request)?.release());
}

function checkBearer(request: FastifyRequest, state: GraphSandboxState): void {
  const header = request.headers.authorization;
  const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : '';
  const challenge = { 'www-authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' };
  if (token === '') throw new GraphSandboxError(401, 'InvalidAuthenticationToken', 'Access token is empty.', challenge);
  const status = state.tokens.check(token);
  if (status.state === 'expired') throw new GraphSandboxError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', challenge);
  if (status.state === 'unknown') throw new GraphSandboxError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.', challenge);
}

function injectedFailure(status: number, retryAfterSeconds: number): GraphSandboxError {
  const retryAfter = { 'retry-after': retryAfterHeader(retryAfterSeconds * 1000) };
  if (status === 429) return new GraphSandboxError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', retryAfter);
  if (status === 503) return new GraphSandboxError(503, 'ServiceUnavailable', 'Service unavailable.', retryAfter);
  if (status === 504) return new GraphSandboxError(504, 'GatewayTimeout', 'The gateway did not receive a timely response.');
  if (status === 401) return new GraphSandboxError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
  return new GraphSandboxError(status, status >= 500 ? 'generalException' : 'BadRequest', `Injected failure (HTTP ${status}).`);
}
