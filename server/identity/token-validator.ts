import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type FetchImplementation, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, isGuid, issuerFor } from './entra.js';

/** Who a valid access token says the caller is. `oid`+`tid` is the stable key; `email` is lowercased. */
export interface ViewerIdentity {
  oid: string;
  tid: string;
  email: string;
  name?: string;
}

/**
 * Why a token was refused. For logs and metrics only: responses never say which check failed, so a
 * caller cannot probe the validator. `jwks_unavailable` is our problem (keys could not be loaded), not
 * the caller's, and is answered with 503 rather than 401.
 */
export type TokenRejection =
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'tenant_not_allowed'
  | 'unknown_key_id'
  | 'unsigned'
  | 'algorithm_not_allowed'
  | 'bad_signature'
  | 'malformed'
  | 'missing_claim'
  | 'missing_scope'
  | 'jwks_unavailable';

/** `detail` is jose's or our own explanation for the log; it never contains the token. */
export type TokenCheck = { viewer: ViewerIdentity } | { error: TokenRejection; detail: string };

interface CommonOptions {
  /** Accepted `aud` values: the API's client id (v2 tokens) and/or its App ID URI (v1 tokens). */
  audience: string[];
  /** Tenant ids whose users may sign in, or 'any' (multi-tenant). */
  allowedTenants: string[] | 'any';
  /** Issuer templates with `{tid}` (ENTRA_ISSUER_TEMPLATES). */
  issuerTemplates: readonly string[];
  /** A delegated scope that must be in `scp`, e.g. 'access_as_user'; unset = no scope check. */
  requiredScope?: string;
  /** Allowed clock skew for exp/nbf; default 300 s as Microsoft.IdentityModel. */
  clockToleranceSeconds?: number;
}

/**
 * Where the signing keys come from: a JWKS URL (cached and refetched on an unknown `kid` by jose's
 * createRemoteJWKSet; `fetch` replaces the global fetch, for tests) or a key-set function such as the
 * sandbox identity provider's local key set (no HTTP).
 */
export type TokenValidatorOptions = CommonOptions & ({ jwksUrl: string; fetch?: FetchImplementation } | { jwks: JWTVerifyGetKey });

/** Checks bearer tokens sent to our API; one instance per process (it holds the key cache). */
export interface TokenValidator {
  validate(token: string): Promise<TokenCheck>;
}

/** Tokens are a few KB (Entra caps group claims at 200); anything far larger is not worth decoding. */
const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Validates Microsoft Entra access tokens for our API (microsoft.md §7.4, libraries B.5): RS256 only,
 * signature from the JWKS, audience, exp/nbf with tolerance, tenant allow-list and tenant-specific
 * issuer, the delegated scope, and the claims we key the viewer on.
 *
 * Multi-tenant rule (as documented): read `tid` from the still-unverified payload, refuse tenants not on
 * the list, then verify with the issuer strings for exactly that tenant — so a token can only be valid
 * for the tenant it names, and a signature alone never admits another tenant's users.
 */
export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const keys: JWTVerifyGetKey =
    'jwks' in options ? options.jwks : createRemoteJWKSet(new URL(options.jwksUrl), options.fetch !== undefined ? { [customFetch]: options.fetch } : {});
  const allowed = options.allowedTenants === 'any' ? 'any' : new Set(options.allowedTenants.map((tid) => tid.toLowerCase()));
  const clockTolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;

  return {
    async validate(token) {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return reject('malformed', `token length ${token.length}`);
      let alg: unknown;
      let unverified: JWTPayload;
      try {
        alg = decodeProtectedHeader(token).alg;
        unverified = decodeJwt(token);
      } catch (error) {
        return reject('malformed', (error as Error).message);
      }
      // jose would refuse these too (algorithms: ['RS256']); checking first gives the log a precise reason.
      if (alg === undefined || String(alg).toLowerCase() === 'none') return reject('unsigned', `alg ${String(alg)}`);
      if (alg !== 'RS256') return reject('algorithm_not_allowed', `alg ${String(alg)}`);
      const tid = unverified.tid;
      if (typeof tid !== 'string') return reject('missing_claim', 'no tid claim');
      if (!isGuid(tid)) return reject('malformed', 'tid is not a GUID');
      if (allowed !== 'any' && !allowed.has(tid.toLowerCase())) return reject('tenant_not_allowed', `tenant ${tid}`);

      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          issuer: options.issuerTemplates.map((template) => issuerFor(template, tid)),
          audience: options.audience,
          clockTolerance,
          requiredClaims: ['exp', 'tid', 'oid'],
        }));
      } catch (error) {
        return reject(...classify(error));
      }
      if (options.requiredScope !== undefined) {
        // `scp` is space-separated for delegated tokens; app-only tokens carry `roles` and no user.
        const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
        if (!scopes.includes(options.requiredScope)) return reject('missing_scope', `scp ${JSON.stringify(payload.scp ?? null)}`);
      }
      return identityOf(payload);
    },
  };
}

function reject(error: TokenRejection, detail: string): TokenCheck {
  return { error, detail };
}

/** v2 tokens carry `preferred_username`, v1 tokens `upn`; `email` is optional in both. */
function identityOf(payload: JWTPayload): TokenCheck {
  const { oid, tid, name } = payload;
  const email = [payload.preferred_username, payload.upn, payload.email].find((value) => typeof value === 'string' && value.trim() !== '');
  if (typeof oid !== 'string' || oid === '' || typeof tid !== 'string') return reject('missing_claim', 'no oid or tid claim');
  if (typeof email !== 'string') return reject('missing_claim', 'no preferred_username, upn or email claim');
  const viewer: ViewerIdentity = { oid, tid: tid.toLowerCase(), email: email.trim().toLowerCase() };
  if (typeof name === 'string' && name !== '') viewer.name = name;
  return { viewer };
}

/** Maps jose's error classes (by their stable `code`) to our reasons. */
function classify(error: unknown): [TokenRejection, string] {
  if (!(error instanceof errors.JOSEError)) {
    // fetch failures (connection refused, DNS, abort) reach us as plain errors from the key source.
    return ['jwks_unavailable', error instanceof Error ? error.message : String(error)];
  }
  const detail = error.message;
  switch (error.code) {
    case 'ERR_JWT_EXPIRED':
      return ['expired', detail];
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const { claim, reason } = error as errors.JWTClaimValidationFailed;
      if (reason === 'missing') return ['missing_claim', detail];
      if (claim === 'nbf') return ['not_yet_valid', detail];
      if (claim === 'aud') return ['wrong_audience', detail];
      if (claim === 'iss') return ['wrong_issuer', detail];
      return ['malformed', detail];
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return ['algorithm_not_allowed', detail];
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return ['unknown_key_id', detail];
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return ['bad_signature', detail];
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return ['malformed', detail];
    default:
      // ERR_JWKS_TIMEOUT, ERR_JWKS_INVALID, ERR_JWK_INVALID and ERR_JOSE_GENERIC (non-200 from the JWKS URL)
      return ['jwks_unavailable', detail];
  }
}
