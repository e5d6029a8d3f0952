import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GraphSandboxState } from './sandbox-state.js';

export interface SandboxApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The Entra ID v2 token endpoint for the client-credentials grant (microsoft.md §7.3):
 * `POST /{tenant}/oauth2/v2.0/token` with a form body. Errors use the OAuth error shape with Entra's
 * AADSTS codes, e.g. 401 `invalid_client` (AADSTS7000215) for a wrong secret.
 */
export function tokenRoute(state: GraphSandboxState, app: SandboxApp) {
  return async (api: FastifyInstance): Promise<void> => {
    api.post('/:tenant/oauth2/v2.0/token', async (request, reply) => {
      state.tokenRequests += 1;
      const tenant = (request.params as { tenant: string }).tenant;
      const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, string | undefined>;
      if (tenant !== app.tenantId && tenant.toLowerCase() !== 'organizations') {
        return oauthError(reply, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
      }
      if (form.grant_type !== 'client_credentials') {
        return oauthError(reply, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      }
      if (form.client_id !== app.clientId) {
        return oauthError(reply, 400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id ?? ''}' was not found in the directory.`);
      }
      // A client assertion (certificate) is accepted as-is: the sandbox does not verify JWT signatures.
      const assertion = form.client_assertion_type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' && (form.client_assertion ?? '') !== '';
      if (!assertion && form.client_secret !== app.clientSecret) {
        return oauthError(reply, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      }
      if (form.scope !== 'https://graph.microsoft.com/.default') {
        return oauthError(reply, 400, 'invalid_scope', 1002012, `The provided value for scope ${form.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
      }
      const issued = state.tokens.issue(app.clientId, state.knobs.tokenTtlSeconds);
      return reply.send({ token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.token });
    });
  };
}

function oauthError(reply: FastifyReply, status: number, error: string, code: number, description: string): FastifyReply {
  return reply.code(status).send({
    error,
    error_description: `AADSTS${code}: ${description}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: '00000000-0000-0000-0000-000000000000',
    correlation_id: '00000000-0000-0000-0000-000000000000',
  });
}
