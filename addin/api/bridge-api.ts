import type { DepartmentView, DirectoryChange, MembersResponse, PersonDetail, SearchResponse } from '../../shared/directory-api.js';
import type { DirectoryStatus, MailSyncDetail, SyncStatusResponse, ThreadResponse } from '../../shared/addin-api.js';
import type { AddressBookChoice, MyPermissions } from '../../shared/admin-api.js';
import type { AdminApi } from './admin-api.js';

/** The DingTalk thread of an Outlook message, or the honest answer that there is none yet. */
export type ThreadLookup = { status: 'linked'; thread: ThreadResponse } | { status: 'not-linked' };

/** `GET /api/status/sync`, or `unavailable` while the server has no mailbox sync (the route answers 404). */
export type SyncStatusLookup = { status: 'available'; body: SyncStatusResponse } | { status: 'unavailable' };

export type LiveState = 'connecting' | 'open' | 'reconnecting';

export interface RequestOptions {
  signal?: AbortSignal;
}

/** Options of the directory reads: `book` = the address book to read in (absent = the viewer's default directory). */
export interface DirectoryOptions extends RequestOptions {
  book?: string;
}

/**
 * Everything the pane asks of the bridge backend. `HttpBridgeApi` implements it over fetch; tests
 * implement it in memory. Methods reject with `ApiError` (or an AbortError when their signal fires).
 */
export interface BridgeApi {
  search(query: string, options?: DirectoryOptions & { limit?: number }): Promise<SearchResponse>;
  person(userid: string, options?: DirectoryOptions): Promise<PersonDetail>;
  /** Records that the viewer just addressed this person, so they rank as a frequent contact. */
  recordUse(userid: string): Promise<void>;
  department(deptId: number, options?: DirectoryOptions): Promise<DepartmentView>;
  members(deptId: number, options?: DirectoryOptions & { offset?: number; limit?: number }): Promise<MembersResponse>;
  /** `GET /api/directory/address-books`: the address books the viewer may switch to, besides their default directory */
  addressBooks(options?: RequestOptions): Promise<AddressBookChoice[]>;
  threadByMessage(internetMessageId: string, options?: RequestOptions): Promise<ThreadLookup>;
  syncStatus(options?: RequestOptions): Promise<SyncStatusLookup>;
  directoryStatus(options?: RequestOptions): Promise<DirectoryStatus>;
  /**
   * `GET /api/status/sync/mail`: the viewer's mail sync per folder, or null when their mailbox is not
   * synced (also when the server has no such route yet and answers 404).
   */
  mailSyncDetail(options?: RequestOptions): Promise<MailSyncDetail | null>;
  /**
   * `POST /api/admin/mail/:mailbox/breakers/:folder/release` (admins only: 403 `APP_ERR_FORBIDDEN`
   * otherwise): lets the deletions a circuit breaker withheld in that folder run on the next sync.
   */
  releaseMailBreaker(mailbox: string, folder: string): Promise<void>;
  /** `POST /api/admin/mail/:mailbox/quarantine/retry` (admins only): makes every quarantined item due now; resolves with how many. */
  retryMailQuarantine(mailbox: string): Promise<number>;
  /**
   * Live directory changes. The first subscriber opens the stream and the last one to leave closes
   * it; `onState` reports the connection so the pane can say when updates are paused.
   */
  subscribeDirectoryChanges(listener: (change: DirectoryChange) => void, onState?: (state: LiveState) => void): () => void;
  /** `GET /api/me/permissions`: which admin features the signed-in viewer may use */
  myPermissions(options?: RequestOptions): Promise<MyPermissions>;
  /** the admin routes; the pane shows them only as `myPermissions()` allows, the server enforces them */
  readonly admin: AdminApi;
}
