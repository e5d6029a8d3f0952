import type { DepartmentView, DirectoryChange, MembersResponse, PersonDetail, SearchResponse } from '../../shared/directory-api.js';
import type { DirectoryStatus, SyncStatusResponse, ThreadResponse } from '../../shared/addin-api.js';
import type { TokenProvider } from '../auth/token-provider.js';
import { ApiError, isAbortError, type ApiErrorKind } from './api-error.js';
import type { BridgeApi, LiveState, RequestOptions, SyncStatusLookup, ThreadLookup } from './bridge-api.js';
import { openEventStream, type EventStream } from './sse.js';

export interface HttpBridgeApiOptions {
  /** origin of the backend; '' = the page's own origin (the pane is served by the backend) */
  baseUrl?: string;
  tokens: TokenProvider;
  fetch?: typeof fetch;
}

const DIRECTORY = '/api/directory';
const DEFAULT_SEARCH_LIMIT = 20;
const KINDS: ReadonlySet<string> = new Set(['person.upserted', 'person.removed', 'department.upserted', 'department.removed', 'directory.resynced']);

type Query = Record<string, string | number | undefined>;

/** `BridgeApi` over fetch, with the bearer token of the configured `TokenProvider` on every call. */
export class HttpBridgeApi implements BridgeApi {
  readonly #base: string;
  readonly #tokens: TokenProvider;
  readonly #fetch: typeof fetch;
  readonly #changeListeners = new Set<(change: DirectoryChange) => void>();
  readonly #stateListeners = new Set<(state: LiveState) => void>();
  #stream: EventStream | null = null;
  #liveState: LiveState = 'connecting';

  constructor(options: HttpBridgeApiOptions) {
    this.#base = options.baseUrl ?? '';
    this.#tokens = options.tokens;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  search(query: string, options: RequestOptions & { limit?: number } = {}): Promise<SearchResponse> {
    return this.#json('GET', `${DIRECTORY}/search`, { q: query, limit: options.limit ?? DEFAULT_SEARCH_LIMIT }, options.signal);
  }

  person(userid: string, options: RequestOptions = {}): Promise<PersonDetail> {
    return this.#json('GET', `${DIRECTORY}/people/${encodeURIComponent(userid)}`, {}, options.signal);
  }

  async recordUse(userid: string): Promise<void> {
    await this.#json<unknown>('POST', `${DIRECTORY}/people/${encodeURIComponent(userid)}/use`, {}, undefined);
  }

  department(deptId: number, options: RequestOptions = {}): Promise<DepartmentView> {
    return this.#json('GET', `${DIRECTORY}/departments/${deptId}`, {}, options.signal);
  }

  members(deptId: number, options: RequestOptions & { offset?: number; limit?: number } = {}): Promise<MembersResponse> {
    return this.#json('GET', `${DIRECTORY}/departments/${deptId}/members`, { offset: options.offset, limit: options.limit }, options.signal);
  }

  async threadByMessage(internetMessageId: string, options: RequestOptions = {}): Promise<ThreadLookup> {
    try {
      const thread = await this.#json<ThreadResponse>('GET', '/api/threads/by-message', { internetMessageId }, options.signal);
      return { status: 'linked', thread };
    } catch (error) {
      // why: 404 is the documented "not linked yet" answer (and also what a server without the route says)
      if (error instanceof ApiError && error.kind === 'not-found') return { status: 'not-linked' };
      throw error;
    }
  }

  async syncStatus(options: RequestOptions = {}): Promise<SyncStatusLookup> {
    try {
      return { status: 'available', body: await this.#json<SyncStatusResponse>('GET', '/api/status/sync', {}, options.signal) };
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'not-found') return { status: 'unavailable' };
      throw error;
    }
  }

  directoryStatus(options: RequestOptions = {}): Promise<DirectoryStatus> {
    return this.#json('GET', '/api/status/directory', {}, options.signal);
  }

  subscribeDirectoryChanges(listener: (change: DirectoryChange) => void, onState?: (state: LiveState) => void): () => void {
    this.#changeListeners.add(listener);
    if (onState !== undefined) {
      this.#stateListeners.add(onState);
      onState(this.#liveState);
    }
    this.#stream ??= this.#openStream();
    return () => {
      this.#changeListeners.delete(listener);
      if (onState !== undefined) this.#stateListeners.delete(onState);
      if (this.#changeListeners.size === 0 && this.#stream !== null) {
        this.#stream.close();
        this.#stream = null;
        this.#liveState = 'connecting';
      }
    };
  }

  #openStream(): EventStream {
    return openEventStream({
      url: `${this.#base}${DIRECTORY}/events`,
      fetch: this.#fetch,
      headers: async () => this.#authHeader(),
      onUnauthorized: () => this.#tokens.invalidate(),
      onState: (state) => {
        this.#liveState = state;
        for (const listener of [...this.#stateListeners]) listener(state);
      },
      onMessage: (message) => {
        if (!KINDS.has(message.event)) return;
        let change: DirectoryChange;
        try {
          change = JSON.parse(message.data) as DirectoryChange;
        } catch {
          return;
        }
        for (const listener of [...this.#changeListeners]) listener(change);
      },
    });
  }

  async #authHeader(): Promise<Record<string, string>> {
    const token = await this.#tokens.getToken();
    return token === null ? {} : { authorization: `Bearer ${token}` };
  }

  async #json<T>(method: 'GET' | 'POST', path: string, query: Query, signal: AbortSignal | undefined): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    const target = `${this.#base}${path}${search === '' ? '' : `?${search}`}`;
    let response = await this.#send(method, target, signal);
    if (response.status === 401) {
      // why: the token may have expired between the cache check and the server's; one fresh try
      this.#tokens.invalidate();
      response = await this.#send(method, target, signal);
    }
    if (response.status === 204) return undefined as T;
    if (!response.ok) throw await toApiError(response);
    return (await response.json()) as T;
  }

  async #send(method: 'GET' | 'POST', target: string, signal: AbortSignal | undefined): Promise<Response> {
    let headers: Record<string, string>;
    try {
      headers = { accept: 'application/json', ...(await this.#authHeader()) };
    } catch (error) {
      throw new ApiError('unauthorized', null, null, error instanceof Error ? error.message : 'sign-in failed', { cause: error });
    }
    try {
      return await this.#fetch(target, { method, headers, ...(signal === undefined ? {} : { signal }), cache: 'no-store' });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError('offline', null, null, 'the bridge server cannot be reached', { cause: error });
    }
  }
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
