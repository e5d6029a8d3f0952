import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { loadConfig, type IdentityConfig } from '../../server/config.js';
import type { ViewerResolver } from '../../server/http/viewer.js';
import { createIdentity, type AuthConfig } from '../../server/identity/identity.js';
import type { SandboxIdentityProvider, SandboxTokenRequest } from '../../server/identity/sandbox-idp.js';
import type { TokenRejection, TokenValidator } from '../../server/identity/token-validator.js';

export interface TestIdentity {
  /** the in-process sandbox identity provider (its key pair was generated for this instance) */
  idp: SandboxIdentityProvider;
  /** the same provider, so a TestIdentity can be passed to buildApp as its `identity` */
  sandboxIdp: SandboxIdentityProvider;
  validator: TokenValidator;
  /** pass to buildApp as `resolveViewer` */
  resolveViewer: ViewerResolver;
  authConfig: AuthConfig;
  config: IdentityConfig;
  /** A valid access token for this person, minted without HTTP. */
  tokenFor(email: string, options?: Omit<SandboxTokenRequest, 'email'>): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for `app.inject({ headers })` or undici. */
  headersFor(email: string, options?: Omit<SandboxTokenRequest, 'email'>): Promise<{ authorization: string }>;
}

/**
 * Sign-in for tests, built exactly as the runtime builds it in sandbox mode (same config defaults,
 * same validator), so a test that passes here passes against the demo. `env` adds ENTRA_* settings,
 * e.g. `{ ENTRA_ALLOWED_TENANTS: 'any' }`.
 *
 *     const identity = await createTestIdentity();
 *     const app = await buildApp({ …, resolveViewer: identity.resolveViewer });
 *     await app.inject({ url: '/api/me', headers: await identity.headersFor('lina@example.com') });
 */
export async function createTestIdentity(env: Record<string, string> = {}): Promise<TestIdentity> {
  const config = loadConfig(env, []).identity;
  const identity = await createIdentity(config);
  const idp = identity.sandboxIdp;
  if (idp === null) throw new Error('createTestIdentity needs sandbox mode (no DINGTALK_APP_KEY in env)');
  const tokenFor = async (email: string, options: Omit<SandboxTokenRequest, 'email'> = {}): Promise<string> => (await idp.mint({ email, ...options })).token;
  return {
    idp,
    sandboxIdp: idp,
    validator: identity.validator,
    resolveViewer: identity.resolveViewer,
    authConfig: identity.authConfig,
    config,
    tokenFor,
    headersFor: async (email, options) => ({ authorization: `Bearer ${await tokenFor(email, options)}` }),
  };
}

/** A token that must be refused, and the reason the validator must give. */
export interface BadToken {
  name: string;
  reason: TokenRejection;
  token: string;
}

/** Microsoft Graph's app id: a token for Graph is not a token for us (microsoft.md §7.4). */
export const GRAPH_AUDIENCE = '00000003-0000-0000-c000-000000000000';
/** A tenant that is not on the sandbox allow-list. */
export const OTHER_TENANT = '0b0b0b0b-1111-4222-8333-444444444444';

/**
 * The token matrix: one token per way a bearer token can be wrong, each built from a valid one with
 * exactly one thing changed, so a passing rejection is about that one thing.
 */
export async function badTokens(identity: TestIdentity, email = 'lina@example.com'): Promise<BadToken[]> {
  const { idp } = identity;
  const claims = idp.claimsFor({ email });
  const now = Math.floor(Date.now() / 1000);
  const hour = 3600;
  const stranger = await generateKeyPair('RS256');
  const signWith = (kid: string) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(stranger.privateKey);
  const valid = await idp.sign(claims);
  const [header, payload, signature] = valid.split('.');
  const tampered = { ...claims, preferred_username: 'boss@example.com' };
  const publicPem = createPublicKey({ key: idp.publicJwks().keys[0] as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    { name: 'expired', reason: 'expired', token: await idp.sign({ ...claims, iat: now - 2 * hour, nbf: now - 2 * hour, exp: now - hour }) },
    { name: 'not yet valid', reason: 'not_yet_valid', token: await idp.sign({ ...claims, nbf: now + hour, exp: now + 2 * hour }) },
    { name: 'wrong audience (a Graph token)', reason: 'wrong_audience', token: await idp.sign({ ...claims, aud: GRAPH_AUDIENCE }) },
    { name: 'wrong issuer (another tenant\'s)', reason: 'wrong_issuer', token: await idp.sign({ ...claims, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }) },
    { name: 'tenant not allowed', reason: 'tenant_not_allowed', token: await idp.sign(idp.claimsFor({ email, tenant: OTHER_TENANT })) },
    { name: 'unknown key id', reason: 'unknown_key_id', token: await signWith('not-in-the-jwks') },
    { name: 'known key id, other key', reason: 'bad_signature', token: await signWith(idp.keyId) },
    { name: 'alg none', reason: 'unsigned', token: `${segment({ alg: 'none', typ: 'JWT' })}.${payload}.` },
    { name: 'tampered payload', reason: 'bad_signature', token: `${header}.${segment(tampered)}.${signature}` },
    {
      name: 'HS256 signed with the public key (algorithm confusion)',
      reason: 'algorithm_not_allowed',
      token: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: idp.keyId }).sign(new TextEncoder().encode(String(publicPem))),
    },
    { name: 'garbage', reason: 'malformed', token: 'not-a-token' },
    { name: 'three segments of garbage', reason: 'malformed', token: 'a.b.c' },
    { name: 'missing scope (Graph-style scp)', reason: 'missing_scope', token: await idp.sign({ ...claims, scp: 'User.Read Mail.Read' }) },
    { name: 'app-only token (roles, no scp)', reason: 'missing_scope', token: await idp.sign({ ...omit(claims, 'scp'), roles: ['Directory.Read'] }) },
    { name: 'no oid', reason: 'missing_claim', token: await idp.sign(omit(claims, 'oid')) },
    { name: 'no username', reason: 'missing_claim', token: await idp.sign(omit(claims, 'preferred_username')) },
  ];
}

function omit(claims: JWTPayload, key: string): JWTPayload {
  const copy = { ...claims };
  delete copy[key];
  return copy;
}
