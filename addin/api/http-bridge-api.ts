import type { DepartmentView, DirectoryChange, MembersResponse, PersonDetail, SearchResponse } from '../../shared/directory-api.js';
import type { DirectoryStatus, MailSyncDetail, MailSyncDetailResponse, SyncStatusResponse, ThreadResponse } from '../../shared/addin-api.js';
import type { AddressBookChoice, AddressBookChoices, MyPermissions } from '../../shared/admin-api.js';
import type { TokenProvider } from '../auth/token-provider.js';
import type { AdminApi } from './admin-api.js';
import { ApiError } from './api-error.js';
import type { BridgeApi, DirectoryOptions, LiveState, RequestOptions, SyncStatusLookup, ThreadLookup } from './bridge-api.js';
import { HttpAdminApi } from './http-admin-api.js';
import { BridgeHttp } from './http-client.js';
import { openEventStream, type EventStream } from './sse.js';

export interface HttpBridgeApiOptions {
  /** origin of the backend; '' = the page's own origin (the pane is served by the backend) */
  baseUrl?: string;
  tokens: TokenProvider;
  fetch?: typeof fetch;
}

const DIRECTORY = '/api/directory';
const MAIL_ADMIN = '/api/admin/mail';
const DEFAULT_SEARCH_LIMIT = 20;
const KINDS: ReadonlySet<string> = new Set(['person.upserted', 'person.removed', 'department.upserted', 'department.removed', 'directory.resynced']);

/** `BridgeApi` over fetch, with the bearer token of the configured `TokenProvider` on every call. */
export class HttpBridgeApi implements BridgeApi {
  readonly admin: AdminApi;
  readonly #http: BridgeHttp;
  readonly #changeListeners = new Set<(change: DirectoryChange) => void>();
  readonly #stateListeners = new Set<(state: LiveState) => void>();
  #stream: EventStream | null = null;
  #liveState: LiveState = 'connecting';

  constructor(options: HttpBridgeApiOptions) {
    this.#http = new BridgeHttp(options.baseUrl ?? '', options.tokens, options.fetch ?? globalThis.fetch.bind(globalThis));
    this.admin = new HttpAdminApi(this.#http);
  }

  search(query: string, options: DirectoryOptions & { limit?: number } = {}): Promise<SearchResponse> {
    return this.#http.json('GET', `${DIRECTORY}/search`, { query: { q: query, limit: options.limit ?? DEFAULT_SEARCH_LIMIT, book: options.book }, signal: options.signal });
  }

  person(userid: string, options: DirectoryOptions = {}): Promise<PersonDetail> {
    return this.#http.json('GET', `${DIRECTORY}/people/${encodeURIComponent(userid)}`, { query: { book: options.book }, signal: options.signal });
  }

  async recordUse(userid: string): Promise<void> {
    await this.#http.json<unknown>('POST', `${DIRECTORY}/people/${encodeURIComponent(userid)}/use`);
  }

  department(deptId: number, options: DirectoryOptions = {}): Promise<DepartmentView> {
    return this.#http.json('GET', `${DIRECTORY}/departments/${deptId}`, { query: { book: options.book }, signal: options.signal });
  }

  members(deptId: number, options: DirectoryOptions & { offset?: number; limit?: number } = {}): Promise<MembersResponse> {
    return this.#http.json('GET', `${DIRECTORY}/departments/${deptId}/members`, {
      query: { offset: options.offset, limit: options.limit, book: options.book },
      signal: options.signal,
    });
  }

  async addressBooks(options: RequestOptions = {}): Promise<AddressBookChoice[]> {
    return (await this.#http.json<AddressBookChoices>('GET', `${DIRECTORY}/address-books`, { signal: options.signal })).books;
  }

  myPermissions(options: RequestOptions = {}): Promise<MyPermissions> {
    return this.#http.json('GET', '/api/me/permissions', { signal: options.signal });
  }

  async threadByMessage(internetMessageId: string, options: RequestOptions = {}): Promise<ThreadLookup> {
    try {
      const thread = await this.#http.json<ThreadResponse>('GET', '/api/threads/by-message', { query: { internetMessageId }, signal: options.signal });
      return { status: 'linked', thread };
    } catch (error) {
      // why: 404 is the documented "not linked yet" answer (and also what a server without the route says)
      if (error instanceof ApiError && error.kind === 'not-found') return { status: 'not-linked' };
      throw error;
    }
  }

  async syncStatus(options: RequestOptions = {}): Promise<SyncStatusLookup> {
    try {
      return { status: 'available', body: await this.#http.json<SyncStatusResponse>('GET', '/api/status/sync', { signal: options.signal }) };
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'not-found') return { status: 'unavailable' };
      throw error;
    }
  }

  directoryStatus(options: RequestOptions = {}): Promise<DirectoryStatus> {
    return this.#http.json('GET', '/api/status/directory', { signal: options.signal });
  }

  async mailSyncDetail(options: RequestOptions = {}): Promise<MailSyncDetail | null> {
    try {
      return (await this.#http.json<MailSyncDetailResponse>('GET', '/api/status/sync/mail', { signal: options.signal })).mail;
    } catch (error) {
      // why: a server without mail sync has no such route; for the viewer that is the same as "not synced"
      if (error instanceof ApiError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  async releaseMailBreaker(mailbox: string, folder: string): Promise<void> {
    await this.#http.json<unknown>('POST', `${MAIL_ADMIN}/${encodeURIComponent(mailbox)}/breakers/${encodeURIComponent(folder)}/release`);
  }

  async retryMailQuarantine(mailbox: string): Promise<number> {
    return (await this.#http.json<{ retried: number }>('POST', `${MAIL_ADMIN}/${encodeURIComponent(mailbox)}/quarantine/retry`)).retried;
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
      url: `${this.#http.base}${DIRECTORY}/events`,
      fetch: this.#http.fetch,
      headers: async () => this.#http.authHeader(),
      onUnauthorized: () => this.#http.invalidateToken(),
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
}
