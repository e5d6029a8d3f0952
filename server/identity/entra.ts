/**
 * Microsoft Entra ID facts the sign-in code encodes, in one place (microsoft.md §7.4, B.5), and the
 * fixed identifiers of the local sandbox identity provider. Constants only: no I/O.
 */

/**
 * Issuer templates of Entra access tokens; `{tid}` is the token's tenant id. v2.0 tokens (API app with
 * `requestedAccessTokenVersion: 2`) use the first, v1.0 tokens the second (microsoft.md §7.4).
 */
export const ENTRA_ISSUER_TEMPLATES: readonly string[] = ['https://login.microsoftonline.com/{tid}/v2.0', 'https://sts.windows.net/{tid}/'];

/** Microsoft's multi-tenant signing keys; keys rotate, so they are cached and refetched on an unknown `kid`. */
export const ENTRA_COMMON_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** The delegated scope the add-in requests for our API (`api://…/access_as_user`, microsoft.md §7.3). */
export const API_SCOPE_NAME = 'access_as_user';

/**
 * Microsoft.IdentityModel's default clock skew (TokenValidationParameters.DefaultClockSkew, 300 s);
 * jose's default is 0, which rejects tokens from a host whose clock is a few seconds ahead.
 */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 300;

/**
 * Identifiers of the sandbox identity provider (server/identity/sandbox-idp.ts). They are not secrets:
 * tokens are only as trusted as the key pair the sandbox generates at each start.
 */
export const SANDBOX_IDENTITY = {
  tenantId: '5a4d8b1e-0c2f-4e7a-9b3d-6f1e2c3b4a50',
  apiClientId: '3c9e7f10-2b4d-4a6e-8f01-9d2c5b7a1e40',
  spaClientId: '7b1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e50',
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID such as an Entra tenant or client id (any case). */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** The issuer string a token of tenant `tid` must carry under `template`. */
export function issuerFor(template: string, tid: string): string {
  return template.replaceAll('{tid}', tid);
}
