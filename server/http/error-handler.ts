import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCodes, type ApiErrorBody, type ErrorCode } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import { DingTalkError } from '../connectors/dingtalk/dingtalk-error.js';
import { GraphError } from '../connectors/graph/graph-error.js';

/**
 * The one place where errors become responses. 4xx keep their message (the caller can fix the
 * request); 5xx never echo internal or upstream text. Every error is logged with the request context.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | DingTalkError | GraphError | Error, request, reply) => {
    const { status, code, message } = classify(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code, reason: message }, 'request rejected');
    const body: ApiErrorBody = { error: { code, message: status >= 500 ? publicMessage(status) : message } };
    if (error instanceof DingTalkError && error.retryAfterMs !== undefined) {
      void reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
    }
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiErrorBody = { error: { code: ErrorCodes.APP_ERR_NOT_FOUND, message: `no route ${request.method} ${request.url.split('?')[0]}` } };
    return reply.status(404).send(body);
  });
}

function classify(error: Error): { status: number; code: ErrorCode; message: string } {
  if (error instanceof AppError) return { status: error.statusCode, code: error.code, message: error.message };
  if (error instanceof DingTalkError || error instanceof GraphError) {
    // Upstream trouble is a 502/503 for our caller, whatever status DingTalk or Graph used.
    return { status: error.retryable ? 503 : 502, code: error.code, message: error.message };
  }
  const fastify = error as FastifyError;
  if (fastify.validation !== undefined) {
    return { status: 400, code: ErrorCodes.APP_ERR_VALIDATION, message: `${fastify.validationContext ?? 'request'}${fastify.message.startsWith('/') ? '' : ' '}${fastify.message}` };
  }
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: ErrorCodes.APP_ERR_PAYLOAD_TOO_LARGE, message: 'request body is too large' };
  if (fastify.statusCode !== undefined && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { status: fastify.statusCode, code: ErrorCodes.APP_ERR_BAD_PAYLOAD, message: fastify.message };
  }
  return { status: 500, code: ErrorCodes.APP_ERR_INTERNAL, message: error.message };
}

function publicMessage(status: number): string {
  return status === 503 ? 'an upstream service is unavailable; try again shortly' : 'internal error';
}
