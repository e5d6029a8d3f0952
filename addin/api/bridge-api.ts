import type { DepartmentView, DirectoryChange, MembersResponse, PersonDetail, SearchResponse } from '../../shared/directory-api.js';
import type { DirectoryStatus, SyncStatusResponse, ThreadResponse } from '../../shared/addin-api.js';

/** The DingTalk thread of an Outlook message, or the honest answer that there is none yet. */
export type ThreadLookup = { status: 'linked'; thread: ThreadResponse } | { status: 'not-linked' };

/** `GET /api/status/sync`, or `unavailable` while the server has no mailbox sync (the route answers 404). */
export type SyncStatusLookup = { status: 'available'; body: SyncStatusResponse } | { status: 'unavailable' };

export type LiveState = 'connecting' | 'open' | 'reconnecting';

export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * Everything the pane asks of the bridge backend. `HttpBridgeApi` implements it over fetch; tests
 * implement it in memory. Methods reject with `ApiError` (or an AbortError when their signal fires).
 */
export interface BridgeApi {
  search(query: string, options?: RequestOptions & { limit?: number }): Promise<SearchResponse>;
  person(userid: string, options?: RequestOptions): Promise<PersonDetail>;
  /** Records that the viewer just addressed this person, so they rank as a frequent contact. */
  recordUse(userid: string): Promise<void>;
  department(deptId: number, options?: RequestOptions): Promise<DepartmentView>;
  members(deptId: number, options?: RequestOptions & { offset?: number; limit?: number }): Promise<MembersResponse>;
  threadByMessage(internetMessageId: string, options?: RequestOptions): Promise<ThreadLookup>;
  syncStatus(options?: RequestOptions): Promise<SyncStatusLookup>;
  directoryStatus(options?: RequestOptions): Promise<DirectoryStatus>;
  /**
   * Live directory changes. The first subscriber opens the stream and the last one to leave closes
   * it; `onState` reports the connection so the pane can say when updates are paused.
   */
  subscribeDirectoryChanges(listener: (change: DirectoryChange) => void, onState?: (state: LiveState) => void): () => void;
}
