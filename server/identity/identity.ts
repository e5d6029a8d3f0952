import type { IdentityConfig } from '../config.js';
import type { ViewerResolver } from '../http/viewer.js';
import { API_SCOPE_NAME, ENTRA_ISSUER_TEMPLATES } from './entra.js';
import { createSandboxIdentityProvider, type SandboxIdentityProvider } from './sandbox-idp.js';
import { createTokenValidator, type TokenValidator } from './token-validator.js';
import { createViewerResolver } from './viewer-resolver.js';

/** What the task pane needs to sign in (served unauthenticated at GET /auth/config). */
export interface AuthConfig {
  mode: 'sandbox' | 'entra';
  /** client id for MSAL (`createNestablePublicClientApplication`) */
  spaClientId: string;
  /** the scope to request: our API's `access_as_user` */
  apiScope: string;
  /** MSAL authority (entra), or the sandbox identity provider's base path */
  authority: string;
  /** sandbox mode only: POST { email, name? } here for a token */
  sandboxTokenUrl?: string;
}

/** Sign-in, assembled for one process: the validator, the viewer resolver, and the sandbox IdP if any. */
export interface Identity {
  validator: TokenValidator;
  resolveViewer: ViewerResolver;
  /** non-null in sandbox mode: register sandboxIdpPlugin with it */
  sandboxIdp: SandboxIdentityProvider | null;
  authConfig: AuthConfig;
}

/**
 * Builds sign-in from config. In sandbox mode the built-in identity provider issues tokens and its
 * key set is handed to the validator directly (the backend's own URL is only known after listen, and
 * a loopback round trip would add nothing); otherwise keys come from ENTRA_JWKS_URL. Either way the
 * same validator runs with the same checks.
 */
export async function createIdentity(config: IdentityConfig): Promise<Identity> {
  const sandboxIdp = config.mode === 'sandbox' ? await createSandboxIdentityProvider({ apiClientId: config.apiClientId, spaClientId: config.spaClientId }) : null;
  const validator = createTokenValidator({
    ...(sandboxIdp !== null ? { jwks: sandboxIdp.jwks } : { jwksUrl: config.jwksUrl }),
    audience: config.audiences,
    allowedTenants: config.allowedTenants,
    issuerTemplates: ENTRA_ISSUER_TEMPLATES,
    requiredScope: API_SCOPE_NAME,
  });
  return { validator, resolveViewer: createViewerResolver(validator), sandboxIdp, authConfig: authConfigFor(config) };
}

/**
 * The pane's MSAL settings. A single allowed tenant signs in at that tenant; otherwise at
 * `organizations` — work accounts only, since nested app auth does not serve Outlook.com mailboxes
 * (microsoft.md §2.5) and personal-account tokens would fail the tenant check anyway.
 */
export function authConfigFor(config: IdentityConfig): AuthConfig {
  if (config.mode === 'sandbox') {
    return { mode: 'sandbox', spaClientId: config.spaClientId, apiScope: config.apiScope, authority: '/auth/sandbox', sandboxTokenUrl: '/auth/sandbox/token' };
  }
  const tenants = config.allowedTenants;
  const authority = tenants !== 'any' && tenants.length === 1 && tenants[0] !== undefined ? tenants[0] : 'organizations';
  return { mode: 'entra', spaClientId: config.spaClientId, apiScope: config.apiScope, authority: `https://login.microsoftonline.com/${authority}` };
}
