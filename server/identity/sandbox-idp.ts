import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Type } from 'typebox';
import { ErrorResponse } from '../http/schemas.js';
import { API_SCOPE_NAME, ENTRA_ISSUER_TEMPLATES, issuerFor, SANDBOX_IDENTITY } from './entra.js';

/** What the sandbox token endpoint takes: who to sign in, optionally in another tenant. */
export interface SandboxTokenRequest {
  email: string;
  name?: string;
  /** tenant id (GUID); default: the sandbox tenant */
  tenant?: string;
}

/**
 * A local stand-in for Microsoft Entra ID (sandbox mode and tests): one RS256 key pair generated at
 * start, a JWKS, and tokens whose claims look like Entra v2 access tokens for our API. The backend
 * validates them with the same code as real Entra tokens; only the key source differs.
 */
export interface SandboxIdentityProvider {
  readonly tenantId: string;
  readonly apiClientId: string;
  readonly keyId: string;
  /** The public key set as a key-lookup function for the validator (no HTTP round trip). */
  readonly jwks: JWTVerifyGetKey;
  /** The public key set as served at /auth/sandbox/discovery/v2.0/keys. */
  publicJwks(): JSONWebKeySet;
  /** The claims of a fresh access token for this person, at the provider's clock. */
  claimsFor(request: SandboxTokenRequest): JWTPayload;
  /** Signs exactly these claims with the provider's key (RS256, its kid). Tests build odd tokens with it. */
  sign(payload: JWTPayload): Promise<string>;
  /** `sign(claimsFor(request))`, with the lifetime for `expires_in`. */
  mint(request: SandboxTokenRequest): Promise<{ token: string; expiresIn: number }>;
}

export interface SandboxIdentityOptions {
  /** the audience of issued tokens: our API's client id (config identity.apiClientId) */
  apiClientId?: string;
  /** `azp` of issued tokens: the add-in's own client id */
  spaClientId?: string;
  tenantId?: string;
  /** token lifetime; Entra's is a random 60–90 min (microsoft.md §7.4) */
  lifetimeSeconds?: number;
  /** epoch milliseconds */
  clock?: () => number;
}

/** Generates the key pair (RS256, 2048-bit, random kid) and returns the provider. */
export async function createSandboxIdentityProvider(options: SandboxIdentityOptions = {}): Promise<SandboxIdentityProvider> {
  const tenantId = (options.tenantId ?? SANDBOX_IDENTITY.tenantId).toLowerCase();
  const apiClientId = options.apiClientId ?? SANDBOX_IDENTITY.apiClientId;
  const spaClientId = options.spaClientId ?? SANDBOX_IDENTITY.spaClientId;
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  const clock = options.clock ?? Date.now;
  const keyId = randomBytes(20).toString('base64url');
  // why: the private key stays non-extractable; only the public half ever leaves this closure
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: false });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: keyId, use: 'sig', alg: 'RS256' };
  const keySet: JSONWebKeySet = { keys: [publicJwk] };
  const jwks = createLocalJWKSet(keySet);

  const provider: SandboxIdentityProvider = {
    tenantId,
    apiClientId,
    keyId,
    jwks,
    publicJwks: () => structuredClone(keySet),
    claimsFor(request) {
      const now = Math.floor(clock() / 1000);
      const tid = (request.tenant ?? tenantId).toLowerCase();
      const email = request.email.trim().toLowerCase();
      const oid = stableGuid(`${tid}\n${email}`);
      return {
        aud: apiClientId,
        iss: issuerFor(v2Issuer(), tid),
        iat: now,
        nbf: now,
        exp: now + lifetimeSeconds,
        azp: spaClientId,
        azpacr: '0',
        name: request.name ?? email.split('@')[0] ?? email,
        oid,
        preferred_username: email,
        scp: API_SCOPE_NAME,
        // Entra's `sub` is pairwise (per app and user); a hash of both keeps that property.
        sub: createHash('sha256').update(`${apiClientId}\n${oid}`).digest('base64url'),
        tid,
        uti: randomBytes(16).toString('base64url'),
        ver: '2.0',
      };
    },
    sign: (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keyId }).sign(privateKey),
    async mint(request) {
      return { token: await provider.sign(provider.claimsFor(request)), expiresIn: lifetimeSeconds };
    },
  };
  return provider;
}

/** A GUID-shaped id derived from `seed` (version nibble 8 = custom, RFC 9562 §5.8): same person, same oid. */
function stableGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function v2Issuer(): string {
  const template = ENTRA_ISSUER_TEMPLATES[0];
  if (template === undefined) throw new Error('ENTRA_ISSUER_TEMPLATES is empty');
  return template;
}

const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const TokenRequest = Type.Object({
  email: Type.String({ pattern: '^[^\\s@]{1,64}@[^\\s@]{1,255}$', maxLength: 320 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  tenant: Type.Optional(Type.String({ pattern: GUID_PATTERN })),
});

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});

const Jwks = Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) });

const OpenIdConfiguration = Type.Object({
  issuer: Type.String(),
  token_endpoint: Type.String(),
  jwks_uri: Type.String(),
  response_types_supported: Type.Array(Type.String()),
  subject_types_supported: Type.Array(Type.String()),
  id_token_signing_alg_values_supported: Type.Array(Type.String()),
  scopes_supported: Type.Array(Type.String()),
});

/**
 * Serves the sandbox identity provider under /auth/sandbox (register only in sandbox mode): discovery
 * document and JWKS at Entra's paths, and a token endpoint the dev host signs in with. Anyone who can
 * reach it can sign in as anyone — that is the point of a sandbox, and why it never runs with real
 * DingTalk credentials.
 */
export const sandboxIdpPlugin: FastifyPluginAsyncTypebox<{ idp: SandboxIdentityProvider }> = async (app, { idp }) => {
  app.get(
    '/auth/sandbox/.well-known/openid-configuration',
    { schema: { tags: ['identity'], summary: 'Sandbox identity provider: OpenID discovery document', response: { 200: OpenIdConfiguration } } },
    async (request) => {
      const base = `${request.protocol}://${request.host}/auth/sandbox`;
      return {
        issuer: issuerFor(v2Issuer(), idp.tenantId),
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: [`api://${idp.apiClientId}/${API_SCOPE_NAME}`],
      };
    },
  );

  app.get(
    '/auth/sandbox/discovery/v2.0/keys',
    { schema: { tags: ['identity'], summary: 'Sandbox identity provider: signing keys (JWKS)', response: { 200: Jwks } } },
    async () => idp.publicJwks(),
  );

  app.post(
    '/auth/sandbox/token',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sandbox identity provider: sign in as anyone (sandbox mode only)',
        body: TokenRequest,
        response: { 200: TokenResponse, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { token, expiresIn } = await idp.mint(request.body);
      // RFC 6749 §5.1: token responses must not be cached.
      void reply.header('cache-control', 'no-store');
      return { access_token: token, token_type: 'Bearer' as const, expires_in: expiresIn };
    },
  );
};
