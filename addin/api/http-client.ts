import type { TokenProvider } from '../auth/token-provider.js';
import { ApiError, isAbortError, type ApiErrorKind } from './api-error.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Query parameters; `undefined` values are left out of the URL. */
export type Query = Record<string, string | number | undefined>;

export interface HttpCall {
  query?: Query;
  /** sent as JSON */
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * One request path for every call of the pane: the bearer token of the `TokenProvider`, one retry
 * with a fresh token after a 401, and failures as `ApiError` (or an AbortError when the signal fired).
 */
export class BridgeHttp {
  readonly #base: string;
  readonly #tokens: TokenProvider;
  readonly #fetch: typeof fetch;

  constructor(base: string, tokens: TokenProvider, fetchImpl: typeof fetch) {
    this.#base = base;
    this.#tokens = tokens;
    this.#fetch = fetchImpl;
  }

  get base(): string {
    return this.#base;
  }

  get fetch(): typeof fetch {
    return this.#fetch;
  }

  invalidateToken(): void {
    this.#tokens.invalidate();
  }

  async authHeader(): Promise<Record<string, string>> {
    const token = await this.#tokens.getToken();
    return token === null ? {} : { authorization: `Bearer ${token}` };
  }

  /** A JSON call; a 204 answer resolves to `undefined`. */
  async json<T>(method: HttpMethod, path: string, call: HttpCall = {}): Promise<T> {
    const response = await this.#request(method, path, call, 'application/json');
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** A GET whose answer is text (a CSV export), read whole. */
  async text(path: string, call: HttpCall, accept: string): Promise<string> {
    const response = await this.#request('GET', path, call, accept);
    return response.text();
  }

  async #request(method: HttpMethod, path: string, call: HttpCall, accept: string): Promise<Response> {
    const target = `${this.#base}${path}${toSearch(call.query ?? {})}`;
    let response = await this.#send(method, target, call, accept);
    if (response.status === 401) {
      // why: the token may have expired between the cache check and the server's; one fresh try
      this.#tokens.invalidate();
      response = await this.#send(method, target, call, accept);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  async #send(method: HttpMethod, target: string, call: HttpCall, accept: string): Promise<Response> {
    let headers: Record<string, string>;
    try {
      headers = { accept, ...(await this.authHeader()) };
    } catch (error) {
      throw new ApiError('unauthorized', null, null, error instanceof Error ? error.message : 'sign-in failed', { cause: error });
    }
    const init: RequestInit = { method, headers, cache: 'no-store' };
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    }
    if (call.signal !== undefined) init.signal = call.signal;
    try {
      return await this.#fetch(target, init);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError('offline', null, null, 'the bridge server cannot be reached', { cause: error });
    }
  }
}

function toSearch(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  let code: string | null = null;
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // not our JSON error body (a proxy page, an empty 502): keep the status line
  }
  const kind: ApiErrorKind =
    response.status === 401 || response.status === 403 ? 'unauthorized' : response.status === 404 ? 'not-found' : response.status >= 500 ? 'server' : 'rejected';
  return new ApiError(kind, response.status, code, message);
}
