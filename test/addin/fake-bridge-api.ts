import type { DepartmentView, DirectoryChange, MembersResponse, PersonDetail, SearchResponse, SearchResult } from '../../shared/directory-api.js';
import type { DirectoryStatus, MailSyncDetail } from '../../shared/addin-api.js';
import type { AddressBookChoice, MyPermissions } from '../../shared/admin-api.js';
import { ApiError } from '../../addin/api/api-error.js';
import type { BridgeApi, DirectoryOptions, LiveState, SyncStatusLookup, ThreadLookup } from '../../addin/api/bridge-api.js';
import { FakeAdminApi } from './fake-admin-api.js';

export interface FakePerson extends PersonDetail {
  /** what a search may match on besides the name: pinyin, initials … */
  keys: string[];
}

function person(userid: string, name: string, title: string, email: string, keys: string[], extra: Partial<PersonDetail> = {}): FakePerson {
  return {
    userid,
    name,
    title,
    email,
    unionid: `u-${userid}`,
    active: true,
    leader: false,
    departments: [{ deptId: 5, name: '华北销售一组' }],
    departmentPaths: [
      [
        { deptId: 1, name: '演示科技集团' },
        { deptId: 3, name: '销售部' },
        { deptId: 5, name: '华北销售一组' },
      ],
    ],
    keys,
    ...extra,
  };
}

export const ZHANG_WEI = person('u-zhangwei', '张伟', '销售经理', 'zhangwei@dingdemo.example.com', ['zhangwei', 'zw', 'zjl'], { mobile: '+86-13800000000' });
export const ZHANG_JIALE = person('u-zhangjiale', '张家乐', '销售代表', 'zhangjiale@dingdemo.example.com', ['zhangjiale', 'zjl']);
export const LI_NA = person('u-lina', '李娜', '区域总监', 'lina@dingdemo.example.com', ['lina', 'ln']);

/** The book the external contact below belongs to (an `AddressBookChoice`). */
export const PARTNERS_BOOK: AddressBookChoice = { id: 'book-4', name: 'Partners' };

/**
 * An external contact of the Partners book, as the server answers it: no DingTalk ids, no departments,
 * `external: true` and a company (shared/directory-api.ts).
 */
export const ACME_BUYER: FakePerson = {
  userid: `ext:${PARTNERS_BOOK.id}:0`,
  name: 'Li Ming',
  title: 'Purchasing manager',
  email: 'li.ming@acme-trading.example.com',
  mobile: '+852-5550-0101',
  company: 'Acme Trading',
  external: true,
  unionid: '',
  active: true,
  leader: false,
  departments: [],
  departmentPaths: [],
  keys: ['liming', 'lm', 'acme'],
};

export const DIRECTORY_STATUS: DirectoryStatus = {
  mode: 'sandbox',
  eventTransport: 'http',
  people: 2000,
  departments: 37,
  lastFullSync: { status: 'succeeded', startedAt: 1_000, finishedAt: 2_000, detail: {} },
  running: null,
  lastEventAt: null,
  eventsApplied: 0,
  duplicatesIgnored: 0,
  changeStreamListeners: 1,
  upstreamQueue: {},
};

/** A viewer with no admin role (what most people are). */
export const NO_PERMISSIONS: MyPermissions = {
  email: 'zhangwei@dingdemo.example.com',
  userid: 'u-zhangwei',
  roles: [],
  canAdminister: false,
  canEditPeople: false,
  canReadAudit: false,
  canManageRoles: false,
};

/** A super admin: every admin feature. */
export const SUPER_ADMIN: MyPermissions = {
  email: 'admin@dingdemo.example.com',
  userid: null,
  roles: [{ role: 'super_admin', deptIds: [] }],
  canAdminister: true,
  canEditPeople: true,
  canReadAudit: true,
  canManageRoles: true,
};

/** 2026-11-21T12:00:00Z, the clock of render-pane.tsx (repeated here so this module stays free of React). */
const FIXTURE_NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MINUTE_MS = 60_000;

/**
 * The mail sync of 张伟's mailbox in the middle of its backfill: the inbox is stopped by a circuit
 * breaker (120 of 300 deletions withheld), one item is quarantined with retries left and one waits for
 * an admin, and the sent folder resolved two conflicts.
 */
export const MAIL_DETAIL: MailSyncDetail = {
  mailbox: 'zhangwei@dingdemo.example.com',
  dingtalkAddress: 'zhangwei@dingtalk-mail.example.com',
  state: 'stopped',
  lastSuccessAt: FIXTURE_NOW - 10 * MINUTE_MS,
  lagSeconds: 600,
  queued: 3,
  folders: [
    {
      folder: 'inbox',
      state: 'stopped',
      lastSuccessAt: FIXTURE_NOW - 10 * MINUTE_MS,
      lastAttemptAt: FIXTURE_NOW - MINUTE_MS,
      lagSeconds: 600,
      queued: 2,
      errors: [{ at: FIXTURE_NOW - MINUTE_MS, reason: 'circuit breaker: mass-delete, 120 deletions withheld' }],
      conflicts: [],
      conflictCount: 0,
      backfill: { state: 'running', done: 4210, total: 10000 },
    },
    {
      folder: 'sent',
      state: 'idle',
      lastSuccessAt: FIXTURE_NOW - 2 * MINUTE_MS,
      lastAttemptAt: FIXTURE_NOW - 2 * MINUTE_MS,
      lagSeconds: 0,
      queued: 0,
      errors: [],
      conflicts: [
        { at: FIXTURE_NOW - 5 * MINUTE_MS, key: 'k-sent-1', kind: 'content', resolution: 'dingtalk copy kept' },
        { at: FIXTURE_NOW - 4 * MINUTE_MS, key: 'k-sent-2', kind: 'folder', resolution: 'dingtalk folder kept' },
      ],
      conflictCount: 2,
      backfill: { state: 'done', done: 812, total: 812 },
    },
    {
      folder: 'Projects/Customs',
      state: 'error',
      lastSuccessAt: null,
      lastAttemptAt: FIXTURE_NOW - 3 * MINUTE_MS,
      lagSeconds: null,
      queued: 1,
      errors: [{ at: FIXTURE_NOW - 3 * MINUTE_MS, reason: 'IMAP folder Projects/Customs does not exist' }],
      conflicts: [],
      conflictCount: 0,
      backfill: null,
    },
  ],
  errors: [
    { at: FIXTURE_NOW - MINUTE_MS, reason: 'circuit breaker: mass-delete, 120 deletions withheld' },
    { at: FIXTURE_NOW - 3 * MINUTE_MS, reason: 'IMAP folder Projects/Customs does not exist' },
  ],
  quarantined: [
    {
      key: 'k-inbox-77',
      folder: 'inbox',
      reason: 'message larger than the 35 MB DingTalk Mail limit',
      code: 'MAIL_ERR_SEND',
      attempts: 2,
      nextAttemptAt: FIXTURE_NOW + 5 * MINUTE_MS,
      firstFailedAt: FIXTURE_NOW - 30 * MINUTE_MS,
      lastFailedAt: FIXTURE_NOW - 5 * MINUTE_MS,
    },
    {
      key: 'k-sent-9',
      folder: 'sent',
      reason: 'Graph rejected the item',
      code: 'GRAPH_ERR_INVALID',
      attempts: 8,
      nextAttemptAt: null,
      firstFailedAt: FIXTURE_NOW - 120 * MINUTE_MS,
      lastFailedAt: FIXTURE_NOW - 20 * MINUTE_MS,
    },
  ],
  breakers: [
    {
      id: 'b-1',
      folder: 'inbox',
      side: 'exchange',
      reason: 'mass-delete',
      deletes: 120,
      linked: 300,
      state: 'open',
      createdAt: FIXTURE_NOW - 5 * MINUTE_MS,
      releasedAt: null,
      releasedBy: null,
    },
  ],
  progress: { done: 4210, total: 10000, rate: 118, etaSeconds: 49 },
};

/** One directory read, with the address book it was asked in (undefined = the default directory). */
export interface DirectoryRead {
  call: 'search' | 'person' | 'department' | 'members';
  arg: string | number;
  book: string | undefined;
}

/** An in-memory BridgeApi: canned people, recorded calls, and a hand-driven change stream. */
export class FakeBridgeApi implements BridgeApi {
  people: FakePerson[] = [ZHANG_WEI, ZHANG_JIALE, LI_NA];
  permissions: MyPermissions = NO_PERMISSIONS;
  /** what `GET /api/directory/address-books` answers */
  books: AddressBookChoice[] = [];
  /** each book's external contacts: found by search and opened by userid only while that book is chosen */
  externals: Record<string, FakePerson[]> = { [PARTNERS_BOOK.id]: [ACME_BUYER] };
  readonly admin = new FakeAdminApi();
  readonly directoryReads: DirectoryRead[] = [];
  /** how often the pane asked for the viewer's permissions */
  permissionChecks = 0;
  readonly searches: string[] = [];
  readonly uses: string[] = [];
  thread: ThreadLookup = { status: 'not-linked' };
  sync: SyncStatusLookup = { status: 'unavailable' };
  directory: DirectoryStatus = DIRECTORY_STATUS;
  /** what `GET /api/status/sync/mail` answers (null: the viewer's mailbox is not synced) */
  mail: MailSyncDetail | null = null;
  /** how often the pane asked for the mail sync detail */
  mailDetailReads = 0;
  /** breaker releases the pane sent, in order */
  readonly breakerReleases: Array<{ mailbox: string; folder: string }> = [];
  /** mailboxes whose quarantine the pane asked to retry, in order */
  readonly quarantineRetries: string[] = [];
  /** every search waits for this before answering (lets a test make one answer slow) */
  holdSearch: (query: string) => Promise<void> = async () => undefined;
  readonly #listeners = new Set<(change: DirectoryChange) => void>();

  get subscribers(): number {
    return this.#listeners.size;
  }

  emit(change: DirectoryChange): void {
    for (const listener of [...this.#listeners]) listener(change);
  }

  async search(query: string, options: DirectoryOptions & { limit?: number } = {}): Promise<SearchResponse> {
    this.searches.push(query);
    this.directoryReads.push({ call: 'search', arg: query, book: options.book });
    await this.holdSearch(query);
    options.signal?.throwIfAborted();
    const q = query.toLowerCase();
    const results: SearchResult[] = [...this.people, ...this.#externalsOf(options.book)]
      .filter((p) => p.name.includes(query) || p.keys.some((k) => k.startsWith(q)))
      .map(({ keys: _keys, unionid: _u, active: _a, leader: _l, departmentPaths: _d, mobile: _m, ...summary }) => ({
        ...summary,
        tier: 'initials' as const,
        score: 1,
        frequent: this.uses.includes(summary.userid),
      }));
    return { query, results };
  }

  async person(userid: string, options: DirectoryOptions = {}): Promise<PersonDetail> {
    this.directoryReads.push({ call: 'person', arg: userid, book: options.book });
    options.signal?.throwIfAborted();
    const found = [...this.people, ...this.#externalsOf(options.book)].find((p) => p.userid === userid);
    if (found === undefined) throw new ApiError('not-found', 404, 'APP_ERR_NOT_FOUND', 'no such person');
    const { keys: _keys, ...detail } = found;
    return detail;
  }

  async recordUse(userid: string): Promise<void> {
    this.uses.push(userid);
  }

  async department(deptId: number, options: DirectoryOptions = {}): Promise<DepartmentView> {
    this.directoryReads.push({ call: 'department', arg: deptId, book: options.book });
    return { deptId, name: deptId === 1 ? '演示科技集团' : `部门 ${deptId}`, parentId: deptId === 1 ? null : 1, path: [], children: [], memberCount: 0 };
  }

  async members(deptId: number, options: DirectoryOptions = {}): Promise<MembersResponse> {
    this.directoryReads.push({ call: 'members', arg: deptId, book: options.book });
    return { deptId, total: 0, offset: 0, members: [] };
  }

  async addressBooks(): Promise<AddressBookChoice[]> {
    return this.books;
  }

  async myPermissions(): Promise<MyPermissions> {
    this.permissionChecks += 1;
    return this.permissions;
  }

  async threadByMessage(): Promise<ThreadLookup> {
    return this.thread;
  }

  async syncStatus(): Promise<SyncStatusLookup> {
    return this.sync;
  }

  async directoryStatus(): Promise<DirectoryStatus> {
    return this.directory;
  }

  async mailSyncDetail(): Promise<MailSyncDetail | null> {
    this.mailDetailReads += 1;
    return this.mail;
  }

  /** Like the server: admins only (403 otherwise); the folder's open stops become `released`. */
  async releaseMailBreaker(mailbox: string, folder: string): Promise<void> {
    this.#requireAdmin();
    this.breakerReleases.push({ mailbox, folder });
    if (this.mail === null || this.mail.mailbox !== mailbox) return;
    const releasedBy = this.permissions.email;
    this.mail = {
      ...this.mail,
      breakers: this.mail.breakers.map((b) => (b.folder === folder && b.state === 'open' ? { ...b, state: 'released' as const, releasedAt: FIXTURE_NOW, releasedBy } : b)),
    };
  }

  /** Like the server: admins only (403 otherwise); answers how many items were made due. */
  async retryMailQuarantine(mailbox: string): Promise<number> {
    this.#requireAdmin();
    this.quarantineRetries.push(mailbox);
    return this.mail?.mailbox === mailbox ? this.mail.quarantined.length : 0;
  }

  #externalsOf(book: string | undefined): FakePerson[] {
    return book === undefined ? [] : (this.externals[book] ?? []);
  }

  #requireAdmin(): void {
    if (!this.permissions.canAdminister) throw new ApiError('unauthorized', 403, 'APP_ERR_FORBIDDEN', 'administrators only');
  }

  subscribeDirectoryChanges(listener: (change: DirectoryChange) => void, onState?: (state: LiveState) => void): () => void {
    this.#listeners.add(listener);
    onState?.('open');
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
