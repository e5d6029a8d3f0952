import type { Logger } from 'pino';
import { AccessTokenCache } from '../dingtalk/token-cache.js';
import { fromTokenResponse, GraphError, unexpectedResponse } from './graph-error.js';
import { parseJsonBody, type GraphHttp } from './graph-http.js';

/** Entra ID v2 token endpoint; `{tenant}` is replaced by the tenant id (microsoft.md §7.3). */
export const DEFAULT_TOKEN_ENDPOINT = 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token';
/** App-only tokens ask for the app's consented application permissions as a whole (§7.3). */
export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface AppTokenOptions {
  tenantId: string;
  clientId: string;
  /** A client secret, or … */
  clientSecret?: string;
  /**
   * … a signed client assertion (certificate credential, preferred by §7.3), produced fresh per token
   * request. Exactly one of the two must be set.
   */
  clientAssertion?: () => Promise<string>;
  /** Default DEFAULT_TOKEN_ENDPOINT; may contain `{tenant}`. Tests point it at the loopback sandbox. */
  tokenEndpoint?: string;
  scope?: string;
  /** Refresh this long before expiry; default 5 min (tokens live 60–90 min, §7.4). */
  refreshMarginMs?: number;
  maxAttempts?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger: Logger;
}

/**
 * App-only (client-credentials) access tokens for Graph, cached and refreshed with a single flight
 * (the same AccessTokenCache the DingTalk connector uses): many requests needing a token at once cause
 * exactly one token request.
 *
 * Why not @azure/msal-node: its authority must be an https URL on a known cloud host (it fetches the
 * OpenID metadata from there), so it cannot be pointed at the loopback Graph sandbox that every test
 * and the sandbox mode use. The client-credentials grant is one form POST, done here over the same
 * undici Agent as the Graph calls.
 */
export class AppTokenSource {
  readonly #cache: AccessTokenCache;
  readonly #endpoint: URL;
  readonly #log: Logger;
  #fetches = 0;

  constructor(
    private readonly http: GraphHttp,
    private readonly options: AppTokenOptions,
  ) {
    if ((options.clientSecret === undefined) === (options.clientAssertion === undefined)) {
      throw new TypeError('AppTokenSource needs exactly one of clientSecret and clientAssertion');
    }
    this.#endpoint = new URL((options.tokenEndpoint ?? DEFAULT_TOKEN_ENDPOINT).replace('{tenant}', encodeURIComponent(options.tenantId)));
    this.#log = options.logger;
    this.#cache = new AccessTokenCache(() => this.#fetch(), {
      refreshMarginMs: options.refreshMarginMs ?? 5 * 60_000,
      clock: options.clock ?? Date.now,
    });
  }

  /** A valid bearer token (cached, or fetched once for all concurrent callers). */
  get(): Promise<string> {
    return this.#cache.get();
  }

  /** Graph refused `token` (401): forget it so the next get() fetches a new one. */
  invalidate(token: string): void {
    this.#cache.invalidate(token);
  }

  /** Token requests sent so far (for tests and benchmarks). */
  get fetches(): number {
    return this.#fetches;
  }

  async #fetch(): Promise<{ token: string; expiresInSeconds: number }> {
    const maxAttempts = this.options.maxAttempts ?? 4;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#fetchOnce();
      } catch (error) {
        if (!(error instanceof GraphError) || !error.retryable || attempt >= maxAttempts) throw error;
        const delay = error.retryAfterMs ?? 500 * 2 ** (attempt - 1);
        this.#log.warn({ upstreamCode: error.upstreamCode, attempt, delayMs: delay }, 'token request failed; retrying');
        await sleep(delay);
      }
    }
  }

  async #fetchOnce(): Promise<{ token: string; expiresInSeconds: number }> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      scope: this.options.scope ?? GRAPH_DEFAULT_SCOPE,
    });
    if (this.options.clientSecret !== undefined) {
      form.set('client_secret', this.options.clientSecret);
    } else if (this.options.clientAssertion !== undefined) {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', await this.options.clientAssertion());
    }
    this.#fetches += 1;
    const response = await this.http.send({
      method: 'POST',
      url: this.#endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const body = parseJsonBody(response.body);
    if (response.status !== 200) throw fromTokenResponse(response.status, body, response.headers);
    const fields = (typeof body === 'object' && body !== null ? body : {}) as { access_token?: unknown; expires_in?: unknown };
    if (typeof fields.access_token !== 'string' || fields.access_token === '') {
      throw unexpectedResponse('token endpoint answered 200 without access_token', response.status);
    }
    const expiresIn = typeof fields.expires_in === 'number' ? fields.expires_in : Number(fields.expires_in ?? 3599);
    this.#log.debug({ expiresInSeconds: expiresIn }, 'app token fetched');
    return { token: fields.access_token, expiresInSeconds: Number.isFinite(expiresIn) ? expiresIn : 3599 };
  }
}
