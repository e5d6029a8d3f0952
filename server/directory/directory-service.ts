import type { Logger } from 'pino';
import type { DepartmentView, PersonDetail, SearchResult } from '../../shared/directory-api.js';
import type { Progress } from '../../shared/progress.js';
import type { ContactEvent } from '../connectors/dingtalk/contact-event.js';
import type { DirectoryProvider } from '../connectors/dingtalk/contract.js';
import type { DepartmentFacts, OrgTree } from '../policy/model.js';
import type { Store } from '../store/store.js';
import { hitUsesHiddenField, redactDetail, redactSummary, type DirectoryAccess } from './access.js';
import { DirectoryChangeFeed } from './change-feed.js';
import { ContactEventApplier, type AppliedChanges, type ApplyOutcome } from './event-applier.js';
import { runFullSync, type FullSyncOutcome } from './full-sync.js';
import { cardOf, isMobileHidden, isSeniorKnown, personFromDingTalk, withKnownSenior, type DirectoryDepartment, type DirectoryPerson, type PersonCard } from './model.js';
import type { PersonChange } from './lookalike/directory-sync.js';
import { SearchIndex, type SearchablePerson } from './search/search-index.js';
import { departmentPath, personDetail, personSummary } from './views.js';

export interface DirectoryServiceOptions {
  provider: DirectoryProvider;
  store: Store;
  logger: Logger;
  englishNameFields: readonly string[];
  massRemovalThreshold: number;
  clock?: () => number;
  /** Called synchronously when a person enters, changes in or leaves the in-memory mirror (load, sync, events). Must not throw. */
  onPersonChanged?: (change: PersonChange) => void;
}

/** Above this many changed people a sync announces one `directory.resynced` instead of one event each. */
const MAX_INDIVIDUAL_CHANGES = 200;
const FREQUENT_CONTACTS_CONSIDERED = 50;
/** People read from the store per query at start (bounded by SQLite's bound-parameter limit for the IN list). */
const LOAD_PAGE_SIZE = 500;

export interface DirectoryStatus {
  people: number;
  departments: number;
  lastFullSync: { status: string; startedAt: number; finishedAt: number | null; detail: Record<string, unknown> } | null;
  running: { kind: 'full'; progress: Progress } | null;
  lastEventAt: number | null;
  eventsApplied: number;
  duplicatesIgnored: number;
  changeStreamListeners: number;
}

/**
 * The directory mirror: store (durable), search index and department map (in memory, rebuilt from the
 * store at start and kept current incrementally), and the change feed the task panes listen to.
 * One full sync runs at a time; events are applied as they come.
 */
export class DirectoryService {
  readonly feed = new DirectoryChangeFeed();
  readonly #index = new SearchIndex();
  readonly #people = new Map<string, PersonCard>();
  readonly #departments = new Map<number, DirectoryDepartment>();
  readonly #children = new Map<number, Set<number>>();
  readonly #applier: ContactEventApplier;
  readonly #clock: () => number;
  #running: { kind: 'full'; progress: Progress; promise: Promise<FullSyncOutcome> } | null = null;
  #lastEventAt: number | null = null;
  #eventsApplied = 0;
  #duplicates = 0;

  constructor(private readonly options: DirectoryServiceOptions) {
    this.#clock = options.clock ?? Date.now;
    this.#applier = new ContactEventApplier(options.provider, options.store, {
      englishNameFields: options.englishNameFields,
      clock: this.#clock,
      logger: options.logger,
    });
  }

  /** Loads the mirror from the store into memory. */
  async load(): Promise<void> {
    for (const dept of await this.options.store.directory.allDepartments()) this.#putDepartment(dept);
    for (let after: string | null = null; ; ) {
      const page = await this.options.store.directory.peoplePage(after, LOAD_PAGE_SIZE);
      for (const person of page) this.#putPerson(person);
      if (page.length < LOAD_PAGE_SIZE) break;
      after = (page[page.length - 1] as DirectoryPerson).userid;
    }
    // why: merges the index's append buffers and pre-ranks broad prefixes, so the first search is fast
    this.#index.compact();
  }

  get isEmpty(): boolean {
    return this.#people.size === 0;
  }

  /** Runs a full sync, or joins the one already running. */
  fullSync(options: { allowMassRemoval?: boolean } = {}): Promise<FullSyncOutcome> {
    if (this.#running !== null) return this.#running.promise;
    const running = {
      kind: 'full' as const,
      progress: { done: 0, total: null, rate: 0, etaSeconds: null } as Progress,
      promise: Promise.resolve() as unknown as Promise<FullSyncOutcome>,
    };
    running.promise = runFullSync(this.options.provider, this.options.store, {
      englishNameFields: this.options.englishNameFields,
      massRemovalThreshold: this.options.massRemovalThreshold,
      clock: this.#clock,
      logger: this.options.logger,
      ...(options.allowMassRemoval !== undefined ? { allowMassRemoval: options.allowMassRemoval } : {}),
      onProgress: (progress) => {
        running.progress = progress;
      },
    })
      .then((outcome) => {
        const bulk = outcome.upsertedPeople.length + outcome.removedUserids.length > MAX_INDIVIDUAL_CHANGES;
        this.#applyChanges({ ...outcome, reconcile: false }, bulk);
        if (bulk) this.#index.compact();
        return outcome;
      })
      .finally(() => {
        this.#running = null;
      });
    this.#running = running;
    return running.promise;
  }

  /**
   * Reads the detail of every person whose executive mode is not known yet (list items lack it), so
   * their mobile can be shown where DingTalk allows; until then it stays hidden. Runs in the background
   * after a sync, one person at a time through the client's rate limiter; stops early when `signal` aborts.
   */
  async readMissingDetails(signal?: AbortSignal): Promise<{ read: number }> {
    let read = 0;
    const stopped = (): boolean => signal?.aborted === true;
    for (let after: string | null = null; !stopped(); ) {
      const page = await this.options.store.directory.peoplePage(after, LOAD_PAGE_SIZE);
      for (const known of page) {
        if (stopped()) break;
        if (isSeniorKnown(known) || !this.#people.has(known.userid)) continue;
        const user = await this.options.provider.getUser(known.userid);
        if (user === null) continue; // a leaver: the next event or reconcile removes them
        const person = personFromDingTalk(withKnownSenior(user), this.options.englishNameFields, this.#clock());
        await this.options.store.directory.upsertPeople([person]);
        if (this.#people.has(person.userid)) this.#putPerson(person);
        read++;
      }
      if (page.length < LOAD_PAGE_SIZE) break;
      after = (page[page.length - 1] as DirectoryPerson).userid;
    }
    return { read };
  }

  /** Applies one contact event (idempotent); leavers leave the index before the store is touched. */
  async applyEvent(event: ContactEvent): Promise<ApplyOutcome> {
    const leftEarly = new Map<string, PersonCard>();
    const outcome = await this.#applier.apply(event, (userids) => {
      for (const userid of userids) {
        const card = this.#people.get(userid);
        if (card !== undefined) leftEarly.set(userid, card);
        this.#dropPerson(userid);
      }
    });
    this.#lastEventAt = this.#clock();
    if (outcome.status === 'duplicate') {
      this.#duplicates++;
      return outcome;
    }
    this.#eventsApplied++;
    this.#applyChanges(outcome, false, leftEarly);
    if (outcome.reconcile) void this.fullSync().catch((error: unknown) => this.options.logger.error({ err: error }, 'reconcile after event failed'));
    return outcome;
  }

  /**
   * People matching `query` whom the viewer may see, best first. Hits that rest on a field hidden from
   * the viewer are dropped, so twice the limit is asked of the index to keep the page full.
   */
  async search(query: string, viewer: string | null, limit: number, access: DirectoryAccess): Promise<SearchResult[]> {
    const frequent = viewer === null ? [] : await this.options.store.directory.frequentContacts(viewer, FREQUENT_CONTACTS_CONSIDERED);
    const maxUses = Math.max(1, ...frequent.map((f) => f.uses));
    const boosts = new Map(frequent.map((f) => [f.userid, Math.log1p(f.uses) / Math.log1p(maxUses)]));
    const filter = (userid: string): boolean => {
      const person = this.#people.get(userid);
      return person !== undefined && access.canSeePerson(person);
    };
    const hits = this.#index.search(query, { limit: limit * 2, boost: boosts, filter });
    const canSeeDept = (deptId: number): boolean => access.canSeeDept(deptId);
    const results: SearchResult[] = [];
    for (const hit of hits) {
      const person = this.#people.get(hit.userid);
      if (person === undefined) continue;
      const hidden = access.hiddenFields(person, { mobileHidden: false });
      if (hitUsesHiddenField(hit.field, hidden)) continue;
      results.push({ ...redactSummary(personSummary(person, this.#lookup), hidden, canSeeDept), tier: hit.tier, score: hit.score, frequent: boosts.has(hit.userid) });
      if (results.length === limit) break;
    }
    return results;
  }

  /** false when the person is unknown or not visible to the viewer (the two are indistinguishable). */
  async recordContactUse(viewer: string, userid: string, access: DirectoryAccess): Promise<boolean> {
    const person = this.#people.get(userid);
    if (person === undefined || !access.canSeePerson(person)) return false;
    await this.options.store.directory.recordContactUse(viewer, userid, this.#clock());
    return true;
  }

  /** The contact card as the viewer may see it; null when unknown or not visible. */
  async person(userid: string, access: DirectoryAccess): Promise<PersonDetail | null> {
    const card = this.#people.get(userid);
    if (card === undefined || !access.canSeePerson(card)) return null;
    const person = await this.options.store.directory.getPerson(userid);
    if (person === null) return null;
    const detail = redactDetail(personDetail(person, this.#lookup), access.hiddenFields(person, { mobileHidden: isMobileHidden(person) }), (id) => access.canSeeDept(id));
    if (detail.managerUserid !== undefined) {
      const manager = this.#people.get(detail.managerUserid);
      if (manager === undefined || !access.canSeePerson(manager)) delete detail.managerUserid;
    }
    return detail;
  }

  /** A department with its visible children and its visible direct members' count; null when not visible. */
  async department(deptId: number, access: DirectoryAccess): Promise<DepartmentView | null> {
    const dept = this.#departments.get(deptId);
    if (dept === undefined || !access.canSeeDept(deptId)) return null;
    const children = [...(this.#children.get(deptId) ?? [])]
      .map((id) => this.#departments.get(id))
      .filter((d): d is DirectoryDepartment => d !== undefined && access.canSeeDept(d.deptId))
      .sort((a, b) => a.order - b.order || a.deptId - b.deptId)
      .map((d) => ({ deptId: d.deptId, name: d.name, hasChildren: [...(this.#children.get(d.deptId) ?? [])].some((c) => access.canSeeDept(c)) }));
    return {
      deptId,
      name: dept.name,
      parentId: dept.parentId,
      path: departmentPath(deptId, this.#lookup),
      children,
      memberCount: (await this.#visibleMemberIds(deptId, access)).length,
    };
  }

  /** Direct members the viewer may see, by name, paged; `total` counts only those. */
  async members(deptId: number, page: { offset: number; limit: number }, access: DirectoryAccess) {
    const visible = await this.#visibleMemberIds(deptId, access);
    const canSeeDept = (id: number): boolean => access.canSeeDept(id);
    const members = visible.slice(page.offset, page.offset + page.limit).flatMap((id) => {
      const person = this.#people.get(id);
      return person === undefined ? [] : [redactSummary(personSummary(person, this.#lookup), access.hiddenFields(person, { mobileHidden: false }), canSeeDept)];
    });
    return { deptId, total: visible.length, offset: page.offset, members };
  }

  /** How many people the viewer may see (the directory status reports this, not the true total). */
  visibleCount(access: DirectoryAccess): number {
    let count = 0;
    for (const person of this.#people.values()) if (access.canSeePerson(person)) count++;
    return count;
  }

  visibleDepartmentCount(access: DirectoryAccess): number {
    let count = 0;
    for (const deptId of this.#departments.keys()) if (access.canSeeDept(deptId)) count++;
    return count;
  }

  /** The DingTalk person a signed-in e-mail belongs to (e-mail or org e-mail, case-insensitive). */
  async personByEmail(email: string): Promise<{ userid: string; deptIds: readonly number[] } | null> {
    const userid = await this.options.store.directory.useridByEmail(email);
    return userid === null ? null : this.placement(userid);
  }

  placement(userid: string): { userid: string; deptIds: readonly number[] } | null {
    const card = this.#people.get(userid);
    return card === undefined ? null : { userid, deptIds: card.deptIds };
  }

  /** The department tree with DingTalk's visibility settings, as policy reads it. */
  readonly orgTree: OrgTree = {
    department: (deptId) => {
      const dept = this.#departments.get(deptId);
      return dept === undefined ? undefined : factsOf(dept);
    },
  };

  /** Every department (for admin pickers). */
  allDepartments(): Array<{ deptId: number; name: string; parentId: number | null }> {
    return [...this.#departments.values()].map((d) => ({ deptId: d.deptId, name: d.name, parentId: d.parentId }));
  }

  async #visibleMemberIds(deptId: number, access: DirectoryAccess): Promise<string[]> {
    const ids = await this.options.store.directory.memberIdsOf(deptId);
    return ids.filter((id) => {
      const person = this.#people.get(id);
      return person !== undefined && access.canSeePerson(person);
    });
  }

  async status(): Promise<DirectoryStatus> {
    const [last] = await this.options.store.runs.recent('directory.full', 1);
    return {
      people: this.#people.size,
      departments: this.#departments.size,
      lastFullSync: last === undefined ? null : { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, detail: last.detail },
      running: this.#running === null ? null : { kind: 'full', progress: this.#running.progress },
      lastEventAt: this.#lastEventAt,
      eventsApplied: this.#eventsApplied,
      duplicatesIgnored: this.#duplicates,
      changeStreamListeners: this.feed.listenerCount,
    };
  }

  readonly #lookup = (deptId: number): DirectoryDepartment | undefined => this.#departments.get(deptId);

  /** `leftEarly`: leavers already dropped from memory before the store write (their cards, for the change scope). */
  #applyChanges(changes: Omit<AppliedChanges, 'reconcile'> & { reconcile: boolean }, quiet: boolean, leftEarly: ReadonlyMap<string, PersonCard> = new Map()): void {
    const at = this.#clock();
    for (const dept of changes.upsertedDepartments) {
      this.#putDepartment(dept);
      if (!quiet) this.feed.publish({ kind: 'department.upserted', deptId: dept.deptId, at }, { kind: 'department', deptId: dept.deptId, parentId: dept.parentId, hidden: dept.detail.hide_dept === true });
    }
    for (const deptId of changes.removedDeptIds) {
      const before = this.#departments.get(deptId);
      this.#dropDepartment(deptId);
      const scope = { kind: 'department' as const, deptId, parentId: before?.parentId ?? null, hidden: before === undefined || before.detail.hide_dept === true };
      if (!quiet) this.feed.publish({ kind: 'department.removed', deptId, at }, scope);
    }
    for (const person of changes.upsertedPeople) {
      const before = this.#people.get(person.userid);
      this.#putPerson(person);
      const scope = { kind: 'person' as const, before: before === undefined ? null : placementOf(before), after: placementOf(person) };
      if (!quiet) this.feed.publish({ kind: 'person.upserted', userid: person.userid, person: personSummary(person, this.#lookup), at }, scope);
    }
    for (const userid of changes.removedUserids) {
      const before = this.#people.get(userid) ?? leftEarly.get(userid);
      this.#dropPerson(userid);
      if (before !== undefined) this.#auditRemoval(before);
      // Nobody could see a person we did not hold; such a removal concerns no listener.
      if (!quiet && before !== undefined) this.feed.publish({ kind: 'person.removed', userid, at }, { kind: 'person', before: placementOf(before), after: null });
    }
    if (quiet) this.feed.publish({ kind: 'directory.resynced', at });
  }

  /** A person leaving the directory is a destructive sync action: audited with what was removed. */
  #auditRemoval(card: PersonCard): void {
    void this.options.store.audit
      .append({ actor: 'directory-sync', action: 'directory.person.remove', target: `person:${card.userid}`, before: card, after: null })
      .catch((error: unknown) => this.options.logger.error({ err: error, userid: card.userid }, 'could not audit a removal'));
  }

  #putPerson(person: DirectoryPerson): void {
    const card = cardOf(person);
    this.#people.set(person.userid, card);
    this.#index.upsert(searchable(person));
    this.options.onPersonChanged?.({ kind: 'upserted', person: card });
  }

  #dropPerson(userid: string): void {
    this.#people.delete(userid);
    this.#index.remove(userid);
    this.options.onPersonChanged?.({ kind: 'removed', userid });
  }

  #putDepartment(dept: DirectoryDepartment): void {
    const previous = this.#departments.get(dept.deptId);
    if (previous?.parentId !== undefined && previous.parentId !== null) this.#children.get(previous.parentId)?.delete(dept.deptId);
    this.#departments.set(dept.deptId, dept);
    if (dept.parentId !== null) {
      let siblings = this.#children.get(dept.parentId);
      if (siblings === undefined) this.#children.set(dept.parentId, (siblings = new Set()));
      siblings.add(dept.deptId);
    }
  }

  #dropDepartment(deptId: number): void {
    const dept = this.#departments.get(deptId);
    if (dept?.parentId !== undefined && dept.parentId !== null) this.#children.get(dept.parentId)?.delete(deptId);
    this.#departments.delete(deptId);
  }
}

function searchable(person: DirectoryPerson): SearchablePerson {
  const out: SearchablePerson = { userid: person.userid, name: person.name };
  if (person.englishName !== null) out.englishName = person.englishName;
  if (person.title !== null) out.title = person.title;
  if (person.email !== null) out.email = person.email;
  if (person.orgEmail !== null) out.orgEmail = person.orgEmail;
  // A hidden mobile must not be findable either: searching by its digits would reveal it.
  if (person.mobile !== null && !isMobileHidden(person)) out.mobile = person.mobile;
  if (person.telephone !== null) out.telephone = person.telephone;
  if (person.jobNumber !== null) out.jobNumber = person.jobNumber;
  return out;
}

function placementOf(person: { userid: string; deptIds: readonly number[] }): { userid: string; deptIds: readonly number[] } {
  return { userid: person.userid, deptIds: [...person.deptIds] };
}

function factsOf(dept: DirectoryDepartment): DepartmentFacts {
  const d = dept.detail;
  return {
    parentId: dept.parentId,
    hideDept: d.hide_dept === true,
    deptPermits: d.dept_permits ?? [],
    userPermits: d.user_permits ?? [],
    outerDept: d.outer_dept === true,
    outerDeptOnlySelf: d.outer_dept_only_self ?? null,
    outerPermitDepts: d.outer_permit_depts ?? [],
    outerPermitUsers: d.outer_permit_users ?? [],
  };
}
