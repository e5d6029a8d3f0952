import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuthConfig } from '../identity/identity.js';
import { signInRequired } from '../identity/viewer-resolver.js';
import { ErrorResponse } from './schemas.js';

export interface IdentityRoutesOptions {
  authConfig: AuthConfig;
}

const AuthConfigSchema = Type.Object({
  mode: Type.Union([Type.Literal('sandbox'), Type.Literal('entra')]),
  spaClientId: Type.String(),
  apiScope: Type.String(),
  authority: Type.String(),
  sandboxTokenUrl: Type.Optional(Type.String()),
});

/**
 * GET /auth/config (public: the pane needs it before it can sign in) and GET /api/me (the signed-in
 * viewer: a cheap way for the pane to check its token).
 */
export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRoutesOptions> = async (app, { authConfig }) => {
  app.get(
    '/auth/config',
    { schema: { tags: ['identity'], summary: 'How the task pane signs in (MSAL settings, or the sandbox token URL)', response: { 200: AuthConfigSchema } } },
    async () => authConfig,
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The signed-in viewer',
        response: { 200: Type.Object({ email: Type.String() }), 401: ErrorResponse },
      },
    },
    async (request) => {
      // Defence in depth: require-viewer already refused anonymous /api requests.
      if (request.viewer === null) throw signInRequired();
      return { email: request.viewer };
    },
  );
};
