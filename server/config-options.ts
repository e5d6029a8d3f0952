/**
 * The one option table (Zero-style): each entry yields its environment variable, its CLI flag, its
 * default and its line in `--help`. server/config.ts is the only reader of the environment.
 */
export type OptionKind =
  | { type: 'string' }
  | { type: 'secret' }
  | { type: 'int'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'url'; protocols: readonly string[] }
  | { type: 'list' };

export interface OptionSpec {
  env: string;
  flag?: string;
  kind: OptionKind;
  default?: string;
  description: string;
}

const http = ['http:', 'https:'] as const;

export const OPTIONS = {
  host: { env: 'BRIDGE_HOST', flag: 'host', kind: { type: 'string' }, default: '127.0.0.1', description: 'interface the backend listens on' },
  port: { env: 'BRIDGE_PORT', flag: 'port', kind: { type: 'int', min: 0, max: 65535 }, default: '3000', description: 'port of the backend (0 = any free port)' },
  https: { env: 'BRIDGE_HTTPS', flag: 'https', kind: { type: 'enum', values: ['off', 'dev'] }, default: 'off', description: 'dev = serve https with Office\'s development certificates (npm run certs), for sideloading into real Outlook' },
  publicUrl: { env: 'BRIDGE_PUBLIC_URL', flag: 'public-url', kind: { type: 'url', protocols: http }, description: 'URL at which users and DingTalk reach the backend (defaults to http://host:port)' },
  corsOrigins: { env: 'BRIDGE_CORS_ORIGINS', kind: { type: 'list' }, description: 'comma-separated origins (https://host[:port]) whose web pages may call the API (CORS); default: the origin of BRIDGE_PUBLIC_URL only (the pane itself is same-origin)' },
  frameAncestors: { env: 'BRIDGE_FRAME_ANCESTORS', kind: { type: 'list' }, default: 'https://outlook.office.com,https://outlook.office365.com,https://outlook.cloud.microsoft,https://outlook.live.com,https://*.officeapps.live.com,https://*.cdn.office.net', description: 'comma-separated hosts that may frame the task pane (CSP frame-ancestors; our own origin always may): the Outlook on the web hosts' },
  rateLimitUserPerMinute: { env: 'BRIDGE_RATE_LIMIT_USER_PER_MIN', kind: { type: 'int', min: 1, max: 1000000 }, default: '600', description: 'requests per minute one signed-in person may make (all devices together); more get 429 with Retry-After' },
  rateLimitIpPerMinute: { env: 'BRIDGE_RATE_LIMIT_IP_PER_MIN', kind: { type: 'int', min: 1, max: 1000000 }, default: '1200', description: 'requests per minute from one IP address (IPv6: one /64), signed in or not; raise it when many users share one address (NAT, proxy)' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', kind: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }, default: 'info', description: 'pino log level' },
  databaseUrl: { env: 'DATABASE_URL', flag: 'database-url', kind: { type: 'string' }, default: 'sqlite:data/bridge.sqlite', description: 'sqlite:PATH (embedded, default), sqlite::memory:, or postgres://…' },
  dingtalkAppKey: { env: 'DINGTALK_APP_KEY', kind: { type: 'string' }, description: 'AppKey (Client ID) of the DingTalk internal app; unset = run against the bundled sandbox' },
  dingtalkAppSecret: { env: 'DINGTALK_APP_SECRET', kind: { type: 'secret' }, description: 'AppSecret (Client Secret) of the DingTalk internal app' },
  dingtalkCorpId: { env: 'DINGTALK_CORP_ID', kind: { type: 'string' }, description: 'corpId of the organisation (checked against incoming events when set)' },
  dingtalkOapiUrl: { env: 'DINGTALK_OAPI_URL', kind: { type: 'url', protocols: http }, default: 'https://oapi.dingtalk.com', description: 'legacy API host (gettoken, topapi)' },
  dingtalkApiUrl: { env: 'DINGTALK_API_URL', kind: { type: 'url', protocols: http }, default: 'https://api.dingtalk.com', description: 'new API host (v1.0, Stream gateway)' },
  dingtalkQps: { env: 'DINGTALK_QPS', kind: { type: 'int', min: 1, max: 1000 }, default: '20', description: 'client-side limit per API (documented: 20 per app per API, standard edition)' },
  dingtalkEvents: { env: 'DINGTALK_EVENTS', flag: 'events', kind: { type: 'enum', values: ['http', 'stream', 'none'] }, default: 'http', description: 'how contact events arrive: HTTP push callback, Stream mode, or none (reconcile only)' },
  dingtalkCallbackToken: { env: 'DINGTALK_CALLBACK_TOKEN', kind: { type: 'secret' }, description: 'callback token (3–32 alphanumerics) from the event subscription page' },
  dingtalkCallbackAesKey: { env: 'DINGTALK_CALLBACK_AES_KEY', kind: { type: 'secret' }, description: 'callback aes_key (43 characters) from the event subscription page' },
  englishNameFields: { env: 'DINGTALK_ENGLISH_NAME_FIELDS', kind: { type: 'list' }, default: '英文名,English Name,englishName', description: 'extension fields that hold a person\'s English name (DingTalk has no such field of its own)' },
  reconcileIntervalSeconds: { env: 'DIRECTORY_RECONCILE_SECONDS', kind: { type: 'int', min: 0, max: 604800 }, default: '3600', description: 'period of the full reconcile that catches missed events (0 = off)' },
  massRemovalThreshold: { env: 'DIRECTORY_MASS_REMOVAL_THRESHOLD', kind: { type: 'number', min: 0, max: 1 }, default: '0.3', description: 'a full sync that would remove more than this share of people stops and asks an admin' },
  sandboxPort: { env: 'SANDBOX_PORT', flag: 'sandbox-port', kind: { type: 'int', min: 0, max: 65535 }, default: '3001', description: 'port of the bundled DingTalk sandbox (sandbox mode only)' },
  sandboxOrgFile: { env: 'SANDBOX_ORG_FILE', flag: 'org', kind: { type: 'string' }, description: 'organisation JSON for the sandbox (docs/org-format.md); default: generated demo org' },
  sandboxPeople: { env: 'SANDBOX_PEOPLE', flag: 'people', kind: { type: 'int', min: 1, max: 500000 }, default: '2000', description: 'size of the generated demo organisation' },
  entraApiClientId: { env: 'ENTRA_API_CLIENT_ID', kind: { type: 'string' }, description: 'Application (client) ID of the backend API\'s Entra app registration = the audience of sign-in tokens; required with real DingTalk (sandbox mode: the built-in identity provider\'s id)' },
  entraApiAudienceUri: { env: 'ENTRA_API_AUDIENCE_URI', kind: { type: 'string' }, description: 'App ID URI of the API (api://host/client-id), accepted as a second audience (v1 tokens) and used for the pane\'s scope' },
  entraAllowedTenants: { env: 'ENTRA_ALLOWED_TENANTS', kind: { type: 'list' }, description: 'comma-separated tenant IDs (GUIDs) whose users may sign in, or "any"; required with real DingTalk (sandbox mode: the sandbox tenant)' },
  entraJwksUrl: { env: 'ENTRA_JWKS_URL', kind: { type: 'url', protocols: http }, default: 'https://login.microsoftonline.com/common/discovery/v2.0/keys', description: 'signing keys of sign-in tokens (ignored in sandbox mode, which uses the built-in identity provider\'s keys)' },
  entraSpaClientId: { env: 'ENTRA_SPA_CLIENT_ID', kind: { type: 'string' }, description: 'client ID the task pane signs in with (MSAL nested app auth); default: ENTRA_API_CLIENT_ID (one registration for both; sandbox mode: the built-in identity provider\'s)' },
  graphTenantId: { env: 'GRAPH_TENANT_ID', kind: { type: 'string' }, description: 'Entra tenant (GUID) of the Exchange Online mailboxes the mail sync writes to (app-only Microsoft Graph); unset with real DingTalk = no mail sync' },
  graphClientId: { env: 'GRAPH_CLIENT_ID', kind: { type: 'string' }, description: 'client ID of the Entra app with the application permission Mail.ReadWrite (scope it to the synced mailboxes with an application access policy)' },
  graphClientSecret: { env: 'GRAPH_CLIENT_SECRET', kind: { type: 'secret' }, description: 'client secret of that app' },
  graphBaseUrl: { env: 'GRAPH_BASE_URL', kind: { type: 'url', protocols: http }, default: 'https://graph.microsoft.com/v1.0', description: 'Microsoft Graph endpoint (national clouds use their own)' },
  mailDeltaSeconds: { env: 'MAIL_DELTA_SECONDS', kind: { type: 'int', min: 5, max: 86400 }, default: '60', description: 'how often each synced folder is read by delta query / IMAP changes, behind notifications and IDLE' },
  mailReconcileMinutes: { env: 'MAIL_RECONCILE_MINUTES', kind: { type: 'int', min: 1, max: 10080 }, default: '360', description: 'how often each synced folder is fully re-read (safety net for missed notifications)' },
  demoMailboxes: { env: 'DEMO_MAILBOXES', kind: { type: 'int', min: 0, max: 1000 }, default: '5', description: 'sandbox mode: how many demo people get a synced mailbox pair (the dev host\'s default user first)' },
  demoMailIntervalSeconds: { env: 'DEMO_MAIL_INTERVAL_SECONDS', kind: { type: 'int', min: 0, max: 86400 }, default: '45', description: 'sandbox mode: new DingTalk mail arrives in a demo mailbox this often (0 = never)' },
  superAdmins: { env: 'BRIDGE_SUPER_ADMINS', kind: { type: 'list' }, description: 'comma-separated sign-in e-mails that are super admins (more roles are assigned in the Admin tab); sandbox mode default: zhangwei@dingdemo.example.com, the dev host\'s default user' },
  masterKey: { env: 'BRIDGE_MASTER_KEY', kind: { type: 'secret' }, description: 'key that encrypts stored secrets (DingTalk app secret, refresh tokens): base64 of 32 random bytes, e.g. openssl rand -base64 32; sandbox mode without one: a throw-away key per run' },
  masterKeyFile: { env: 'BRIDGE_MASTER_KEY_FILE', kind: { type: 'string' }, description: 'file holding BRIDGE_MASTER_KEY (base64) instead of the environment' },
  masterKeyId: { env: 'BRIDGE_MASTER_KEY_ID', kind: { type: 'string' }, default: 'k1', description: 'name of the current master key, stored with every secret; give a new key a new name (k2, …) to rotate' },
  previousMasterKeys: { env: 'BRIDGE_PREVIOUS_MASTER_KEYS', kind: { type: 'secret' }, description: 'older master keys as id:base64,id:base64, needed until npm run secrets:rotate has re-wrapped every secret under the current key' },
} as const satisfies Record<string, OptionSpec>;

export type OptionKey = keyof typeof OPTIONS;
