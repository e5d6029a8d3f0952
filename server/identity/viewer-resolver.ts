import type { FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { ViewerResolver } from '../http/viewer.js';
import type { TokenValidator } from './token-validator.js';

/** The one message every refused sign-in gets; the reason goes to the log only. */
export const SIGN_IN_REQUIRED = 'a valid sign-in token is required';

/** The 401 for a missing or invalid token (the body never says which check failed). */
export function signInRequired(): AppError {
  return new AppError(ErrorCodes.APP_ERR_UNAUTHORIZED, 401, SIGN_IN_REQUIRED);
}

/** RFC 6750 §2.1: `Bearer 1*SP b64token`; the scheme name is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The viewer of a request is the e-mail in its validated `Authorization: Bearer` access token.
 * - no Authorization header, or another scheme (e.g. a proxy's Basic auth): anonymous (null); routes
 *   under /api then refuse the request (server/http/require-viewer.ts);
 * - a Bearer token that fails validation: the request fails with 401 wherever it goes, and the reason
 *   is logged (`reason`, `detail`) — never the token, never in the body;
 * - the key set cannot be loaded: 503, since the caller's token may well be fine.
 */
export function createViewerResolver(validator: TokenValidator): ViewerResolver {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header === undefined || !/^bearer(\s|$)/i.test(header)) return null;
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      request.log.info({ reason: 'malformed', detail: 'Authorization is not "Bearer <token>"' }, 'sign-in token rejected');
      throw signInRequired();
    }
    const result = await validator.validate(token);
    if ('viewer' in result) return result.viewer.email;
    if (result.error === 'jwks_unavailable') {
      request.log.warn({ reason: result.error, detail: result.detail }, 'sign-in token could not be checked');
      throw new AppError(ErrorCodes.APP_ERR_UNAVAILABLE, 503, 'sign-in cannot be checked right now; try again shortly');
    }
    request.log.info({ reason: result.error, detail: result.detail }, 'sign-in token rejected');
    throw signInRequired();
  };
}
