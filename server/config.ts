import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { OPTIONS, type OptionKey, type OptionKind, type OptionSpec } from './config-options.js';
import { API_SCOPE_NAME, ENTRA_COMMON_JWKS_URL, isGuid, SANDBOX_IDENTITY } from './identity/entra.js';
import { KEY_BYTES, KEY_ID_PATTERN, parseMasterKey, parsePreviousKeys, type MasterKeySource } from './secrets/keyring.js';

export interface DingTalkConfig {
  appKey: string;
  appSecret: string;
  corpId: string | null;
  oapiUrl: string;
  apiUrl: string;
  qps: number;
  events: 'http' | 'stream' | 'none';
  callback: { token: string; aesKey: string } | null;
}

export interface SandboxConfig {
  port: number;
  orgFile: string | null;
  people: number;
  demoMailboxes: number;
  demoMailIntervalSeconds: number;
}

/** Two-way mail sync (server/sync/mail). `graph` null = no Exchange side configured: no mail sync. */
export interface MailSyncConfig {
  graph: { tenantId: string; clientId: string; clientSecret: string; baseUrl: string } | null;
  deltaSeconds: number;
  reconcileMinutes: number;
}

/** Sign-in (docs/identity.md): which tokens the backend accepts and what the pane signs in with. */
export interface IdentityConfig {
  /** sandbox: the built-in identity provider issues and its keys verify; entra: Microsoft Entra ID */
  mode: 'sandbox' | 'entra';
  /** the API app registration's client id (the `aud` of v2 tokens) */
  apiClientId: string;
  /** accepted `aud` values: the client id and, when configured, the App ID URI (v1 tokens) */
  audiences: string[];
  /** the delegated scope the pane requests, e.g. api://bridge.example.com/<id>/access_as_user */
  apiScope: string;
  /** lowercased tenant ids, or 'any' */
  allowedTenants: string[] | 'any';
  jwksUrl: string;
  spaClientId: string;
}

/** HTTP hardening (server/http/security.ts): CORS, who may frame the pane, request budgets. */
export interface HttpSecurityConfig {
  /** origins (scheme://host[:port]) allowed by CORS; empty = the public origin only */
  corsOrigins: string[];
  /** CSP frame-ancestors host sources besides our own origin */
  frameAncestors: string[];
  rateLimit: { perUserPerMinute: number; perIpPerMinute: number };
}

export interface Config {
  host: string;
  port: number;
  publicUrl: string | null;
  https: 'off' | 'dev';
  logLevel: string;
  databaseUrl: string;
  /** true when no DingTalk credentials are configured: the bundled sandbox stands in for DingTalk */
  sandboxMode: boolean;
  dingtalk: DingTalkConfig;
  sandbox: SandboxConfig;
  directory: { englishNameFields: string[]; reconcileIntervalSeconds: number; massRemovalThreshold: number };
  identity: IdentityConfig;
  security: HttpSecurityConfig;
  mail: MailSyncConfig;
  /** sign-in e-mails that are super admins by configuration (bootstrap; more roles live in the database) */
  superAdmins: string[];
  /** master key for secrets at rest (server/secrets/keyring.ts keyringFromConfig); null = none configured */
  masterKey: MasterKeySource | null;
  /** things the operator should know that do not stop the server; main.ts logs them */
  warnings: readonly string[];
}

/** Graph credentials come as a set: all three or none (then only sandbox mode syncs mail, with its Graph sandbox). */
function mailConfig(get: <T>(key: OptionKey) => T | undefined, problems: string[]): MailSyncConfig {
  const tenantId = get<string>('graphTenantId');
  const clientId = get<string>('graphClientId');
  const clientSecret = get<string>('graphClientSecret');
  const given = [tenantId, clientId, clientSecret].filter((v) => v !== undefined).length;
  if (given > 0 && given < 3) problems.push('GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET: set all three (or none for no mail sync)');
  return {
    graph:
      tenantId !== undefined && clientId !== undefined && clientSecret !== undefined
        ? { tenantId, clientId, clientSecret, baseUrl: get<string>('graphBaseUrl') ?? 'https://graph.microsoft.com/v1.0' }
        : null,
    deltaSeconds: get<number>('mailDeltaSeconds') ?? 60,
    reconcileMinutes: get<number>('mailReconcileMinutes') ?? 360,
  };
}

/** The dev host's default signed-in user, a super admin in sandbox mode so the Admin tab shows out of the box. */
export const DEMO_SUPER_ADMIN = 'zhangwei@dingdemo.example.com';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Credentials the sandbox issues to itself; they are not secrets (they only open the local sandbox). */
export const SANDBOX_CREDENTIALS = {
  appKey: 'dingsandboxappkey',
  appSecret: 'sandbox-app-secret',
  corpId: 'dingsandboxcorp',
  callbackToken: 'sandboxtoken',
  callbackAesKey: 'c2FuZGJveGNhbGxiYWNrYWVza2V5MDEyMzQ1Njc4OTA',
} as const;

type Raw = Partial<Record<OptionKey, string>>;

/**
 * Reads options from (in rising priority) defaults, a JSON config file (`--config FILE` or
 * BRIDGE_CONFIG_FILE, keys as in the option table), environment and CLI flags; validates all of them
 * and reports every problem at once, naming the variable and why.
 */
export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): Config {
  const flags = parseFlags(argv);
  const problems: string[] = [];
  const raw: Raw = {};
  const configFile = flags.config ?? env.BRIDGE_CONFIG_FILE;
  if (configFile !== undefined) Object.assign(raw, readConfigFile(configFile, problems));
  for (const [key, spec] of entries()) {
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') raw[key] = fromEnv;
    const flag = 'flag' in spec ? flags[spec.flag] : undefined;
    if (flag !== undefined) raw[key] = flag;
  }
  const value = (key: OptionKey): string | undefined => raw[key] ?? (OPTIONS[key] as OptionSpec).default;
  const checked = new Map<OptionKey, unknown>();
  for (const [key, spec] of entries()) {
    const text = value(key);
    if (text === undefined) continue;
    const result = parseValue(spec.kind, text);
    if (typeof result === 'object' && result !== null && 'problem' in result) {
      problems.push(`${spec.env}: ${result.problem} (got ${spec.kind.type === 'secret' ? 'a value' : JSON.stringify(text)})`);
    } else {
      checked.set(key, result);
    }
  }
  const get = <T>(key: OptionKey): T | undefined => checked.get(key) as T | undefined;
  const appKey = get<string>('dingtalkAppKey');
  const appSecret = get<string>('dingtalkAppSecret');
  if ((appKey === undefined) !== (appSecret === undefined)) {
    problems.push('DINGTALK_APP_KEY and DINGTALK_APP_SECRET: set both (real DingTalk) or neither (sandbox)');
  }
  const sandboxMode = appKey === undefined;
  const events = get<DingTalkConfig['events']>('dingtalkEvents') ?? 'http';
  const token = get<string>('dingtalkCallbackToken');
  const aesKey = get<string>('dingtalkCallbackAesKey');
  if (token !== undefined && !/^[A-Za-z0-9]{3,32}$/.test(token)) problems.push('DINGTALK_CALLBACK_TOKEN: must be 3–32 letters or digits');
  if (aesKey !== undefined && !/^[A-Za-z0-9]{43}$/.test(aesKey)) problems.push('DINGTALK_CALLBACK_AES_KEY: must be exactly 43 letters or digits');
  if (!sandboxMode && events === 'http' && (token === undefined || aesKey === undefined)) {
    problems.push('DINGTALK_CALLBACK_TOKEN and DINGTALK_CALLBACK_AES_KEY: required when DINGTALK_EVENTS=http');
  }
  const identity = identityConfig(get, sandboxMode, problems);
  const warnings: string[] = [];
  const masterKey = masterKeyConfig(get, sandboxMode, problems, warnings);
  const security = securityConfig(get, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const callback = sandboxMode
    ? { token: SANDBOX_CREDENTIALS.callbackToken, aesKey: SANDBOX_CREDENTIALS.callbackAesKey }
    : token !== undefined && aesKey !== undefined
      ? { token, aesKey }
      : null;
  return Object.freeze({
    host: get<string>('host') ?? '127.0.0.1',
    port: get<number>('port') ?? 3000,
    publicUrl: get<string>('publicUrl') ?? null,
    https: get<'off' | 'dev'>('https') ?? 'off',
    logLevel: get<string>('logLevel') ?? 'info',
    databaseUrl: get<string>('databaseUrl') ?? 'sqlite:data/bridge.sqlite',
    sandboxMode,
    dingtalk: {
      appKey: appKey ?? SANDBOX_CREDENTIALS.appKey,
      appSecret: appSecret ?? SANDBOX_CREDENTIALS.appSecret,
      corpId: get<string>('dingtalkCorpId') ?? (sandboxMode ? SANDBOX_CREDENTIALS.corpId : null),
      oapiUrl: get<string>('dingtalkOapiUrl') ?? 'https://oapi.dingtalk.com',
      apiUrl: get<string>('dingtalkApiUrl') ?? 'https://api.dingtalk.com',
      qps: get<number>('dingtalkQps') ?? 20,
      events,
      callback,
    },
    sandbox: {
      port: get<number>('sandboxPort') ?? 3001,
      orgFile: get<string>('sandboxOrgFile') ?? null,
      people: get<number>('sandboxPeople') ?? 2000,
      demoMailboxes: get<number>('demoMailboxes') ?? 5,
      demoMailIntervalSeconds: get<number>('demoMailIntervalSeconds') ?? 45,
    },
    mail: mailConfig(get, problems),
    directory: {
      englishNameFields: get<string[]>('englishNameFields') ?? [],
      reconcileIntervalSeconds: get<number>('reconcileIntervalSeconds') ?? 3600,
      massRemovalThreshold: get<number>('massRemovalThreshold') ?? 0.3,
    },
    identity,
    security,
    superAdmins: get<string[]>('superAdmins') ?? (sandboxMode ? [DEMO_SUPER_ADMIN] : []),
    masterKey,
    warnings: Object.freeze(warnings),
  });
}

/**
 * Sign-in settings. Outside sandbox mode the API's client id and the tenant allow-list have no safe
 * default (a wrong guess would either lock everyone out or let any Microsoft tenant in), so they are
 * required; sandbox mode uses the built-in identity provider's fixed ids.
 */
function identityConfig(get: <T>(key: OptionKey) => T | undefined, sandboxMode: boolean, problems: string[]): IdentityConfig {
  const apiClientId = get<string>('entraApiClientId');
  const audienceUri = get<string>('entraApiAudienceUri');
  const tenants = get<string[]>('entraAllowedTenants');
  const spaClientId = get<string>('entraSpaClientId');
  if (apiClientId !== undefined && !isGuid(apiClientId)) problems.push('ENTRA_API_CLIENT_ID: must be the Application (client) ID of the API app registration, a GUID');
  if (spaClientId !== undefined && !isGuid(spaClientId)) problems.push('ENTRA_SPA_CLIENT_ID: must be the Application (client) ID the task pane signs in with, a GUID');
  if (audienceUri !== undefined && !/^(api|https):\/\/[^\s/]+(\/\S*)?$/.test(audienceUri)) {
    problems.push('ENTRA_API_AUDIENCE_URI: must be the API\'s App ID URI, e.g. api://bridge.example.com/<client id>');
  }
  if (tenants !== undefined) {
    if (tenants.length === 0) problems.push('ENTRA_ALLOWED_TENANTS: list tenant IDs (GUIDs) or write "any"');
    else if (tenants.includes('any') && tenants.length > 1) problems.push('ENTRA_ALLOWED_TENANTS: "any" cannot be combined with tenant IDs');
    for (const tid of tenants) if (tid !== 'any' && !isGuid(tid)) problems.push(`ENTRA_ALLOWED_TENANTS: ${JSON.stringify(tid)} is not a tenant ID (a GUID) or "any"`);
  }
  if (!sandboxMode) {
    if (apiClientId === undefined) problems.push('ENTRA_API_CLIENT_ID: required with real DingTalk (the backend accepts only sign-in tokens issued for this API app registration)');
    if (tenants === undefined) problems.push('ENTRA_ALLOWED_TENANTS: required with real DingTalk (the tenant IDs whose users may sign in, or "any")');
  }
  const clientId = apiClientId ?? SANDBOX_IDENTITY.apiClientId;
  return {
    mode: sandboxMode ? 'sandbox' : 'entra',
    apiClientId: clientId,
    audiences: audienceUri !== undefined ? [clientId, audienceUri] : [clientId],
    apiScope: `${audienceUri ?? `api://${clientId}`}/${API_SCOPE_NAME}`,
    allowedTenants: tenants === undefined ? [SANDBOX_IDENTITY.tenantId] : tenants.includes('any') ? 'any' : tenants.map((tid) => tid.toLowerCase()),
    jwksUrl: get<string>('entraJwksUrl') ?? ENTRA_COMMON_JWKS_URL,
    spaClientId: spaClientId ?? (apiClientId === undefined ? SANDBOX_IDENTITY.spaClientId : apiClientId),
  };
}

/**
 * CORS origins must be bare origins (what browsers send in `Origin`); frame ancestors are CSP host
 * sources with a scheme and no path, so nothing configured can smuggle another directive into the header.
 */
function securityConfig(get: <T>(key: OptionKey) => T | undefined, problems: string[]): HttpSecurityConfig {
  const corsOrigins: string[] = [];
  for (const text of get<string[]>('corsOrigins') ?? []) {
    const origin = bareOrigin(text);
    if (origin === null) problems.push(`BRIDGE_CORS_ORIGINS: ${JSON.stringify(text)} is not an origin like https://host or https://host:port`);
    else corsOrigins.push(origin);
  }
  const frameAncestors = get<string[]>('frameAncestors') ?? [];
  for (const source of frameAncestors) {
    if (!FRAME_ANCESTOR.test(source)) problems.push(`BRIDGE_FRAME_ANCESTORS: ${JSON.stringify(source)} is not a host like https://outlook.office.com or https://*.example.com`);
  }
  return {
    corsOrigins,
    frameAncestors,
    rateLimit: { perUserPerMinute: get<number>('rateLimitUserPerMinute') ?? 600, perIpPerMinute: get<number>('rateLimitIpPerMinute') ?? 1200 },
  };
}

const FRAME_ANCESTOR = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

function bareOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // no path, query, fragment or credentials: exactly what a browser would send
    return `${url.origin}/` === url.href ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Master key for secrets at rest (libraries-and-style.md B.8). Checked here so a bad key stops startup
 * with the other problems; the key file is read by keyringFromConfig. Sandbox mode without a key gets a
 * random one for this run only (secrets stored in one run cannot be read in the next), with a warning.
 */
function masterKeyConfig(get: <T>(key: OptionKey) => T | undefined, sandboxMode: boolean, problems: string[], warnings: string[]): MasterKeySource | null {
  const key = get<string>('masterKey') ?? null;
  const file = get<string>('masterKeyFile') ?? null;
  const keyId = get<string>('masterKeyId') ?? 'k1';
  const previousText = get<string>('previousMasterKeys');
  if (key !== null && file !== null) problems.push('BRIDGE_MASTER_KEY and BRIDGE_MASTER_KEY_FILE: set one, not both');
  if (!KEY_ID_PATTERN.test(keyId)) problems.push('BRIDGE_MASTER_KEY_ID: 1–32 letters, digits, "-" or "_"');
  if (key !== null) {
    try {
      parseMasterKey(key, 'BRIDGE_MASTER_KEY');
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  let previous: Record<string, string> = {};
  if (previousText !== undefined) {
    const parsed = parsePreviousKeys(previousText);
    if ('problem' in parsed) problems.push(`BRIDGE_PREVIOUS_MASTER_KEYS: ${parsed.problem}`);
    else previous = parsed.keys;
    if (keyId in previous) problems.push(`BRIDGE_PREVIOUS_MASTER_KEYS: lists ${keyId}, the id of the current key (BRIDGE_MASTER_KEY_ID)`);
  }
  if (key !== null || file !== null) return { keyId, key, file, previous, ephemeral: false };
  if (sandboxMode) {
    warnings.push('BRIDGE_MASTER_KEY is not set: secrets are encrypted with a throw-away key for this run only (sandbox mode)');
    return { keyId, key: randomBytes(KEY_BYTES).toString('base64'), file: null, previous, ephemeral: true };
  }
  // Outside the sandbox the backend holds real credentials (mailbox app passwords, Graph secrets):
  // without a master key they could only be stored in plain text, so it refuses to start instead.
  problems.push('BRIDGE_MASTER_KEY or BRIDGE_MASTER_KEY_FILE is required with real DingTalk: base64 of 32 random bytes, e.g. openssl rand -base64 32');
  return null;
}

/** `--help` text generated from the option table. */
export function helpText(): string {
  const lines = ['Options (environment variable / flag, default):'];
  for (const [, spec] of entries()) {
    const flag = 'flag' in spec ? ` / --${spec.flag}` : '';
    const def = spec.default !== undefined ? ` (default ${spec.default})` : '';
    lines.push(`  ${spec.env}${flag}${def}\n      ${spec.description}`);
  }
  lines.push('  BRIDGE_CONFIG_FILE / --config\n      JSON file with the keys above (camelCase, e.g. {"port": 3000})');
  return lines.join('\n');
}

function entries(): Array<[OptionKey, OptionSpec]> {
  return Object.entries(OPTIONS) as Array<[OptionKey, OptionSpec]>;
}

function parseFlags(argv: readonly string[]): Record<string, string | undefined> {
  const options: Record<string, { type: 'string' }> = { config: { type: 'string' } };
  for (const [, spec] of entries()) if (spec.flag !== undefined) options[spec.flag] = { type: 'string' };
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return values as Record<string, string | undefined>;
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
}

function readConfigFile(path: string, problems: string[]): Raw {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`BRIDGE_CONFIG_FILE: cannot read ${path}: ${(error as Error).message}`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`BRIDGE_CONFIG_FILE: ${path} must hold a JSON object`);
    return {};
  }
  const out: Raw = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in OPTIONS)) {
      problems.push(`BRIDGE_CONFIG_FILE: unknown key "${key}" in ${path}`);
      continue;
    }
    out[key as OptionKey] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

function parseValue(kind: OptionKind, text: string): unknown {
  switch (kind.type) {
    case 'string':
    case 'secret':
      return text;
    case 'list':
      return text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
    case 'bool':
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      return { problem: 'must be true or false' };
    case 'int':
    case 'number': {
      const n = Number(text);
      const ok = text.trim() !== '' && Number.isFinite(n) && (kind.type === 'number' || Number.isInteger(n));
      if (!ok || n < kind.min || n > kind.max) {
        return { problem: `must be ${kind.type === 'int' ? 'an integer' : 'a number'} from ${kind.min} to ${kind.max}` };
      }
      return n;
    }
    case 'enum':
      return kind.values.includes(text) ? text : { problem: `must be one of ${kind.values.join(', ')}` };
    case 'url': {
      try {
        const url = new URL(text);
        if (!kind.protocols.includes(url.protocol)) return { problem: `must be a ${kind.protocols.join(' or ')} URL` };
        return text.replace(/\/+$/, '');
      } catch {
        return { problem: 'must be a URL' };
      }
    }
  }
}
