import type { Logger } from 'pino';
import type { ContactEvent } from '../connectors/dingtalk/contact-event.js';
import type { DirectoryProvider } from '../connectors/dingtalk/contract.js';
import type { Store } from '../store/store.js';
import { departmentFromDingTalk, personFromDingTalk, withKnownSenior, type DirectoryDepartment, type DirectoryPerson } from './model.js';

export interface AppliedChanges {
  upsertedPeople: DirectoryPerson[];
  removedUserids: string[];
  upsertedDepartments: DirectoryDepartment[];
  removedDeptIds: number[];
  /** the event asks for a full reconcile (org-level or role changes we cannot apply piecemeal) */
  reconcile: boolean;
}

export type ApplyOutcome = { status: 'duplicate' } | ({ status: 'applied' } & AppliedChanges);

/**
 * Applies one contact event. Events carry only ids, so we re-read each named user or department from
 * DingTalk and store what it says now: that makes the result independent of delivery order and of
 * duplicates (a stale "modify" arriving after a "leave" finds nobody and removes nobody twice).
 * The event id is recorded only after the changes are stored, so a crash mid-way leads to a retry on
 * redelivery rather than a lost event; a second concurrent delivery merely repeats idempotent work.
 */
export class ContactEventApplier {
  constructor(
    private readonly provider: DirectoryProvider,
    private readonly store: Store,
    private readonly options: { englishNameFields: readonly string[]; clock: () => number; logger: Logger },
  ) {}

  async apply(event: ContactEvent, onRemovePeople?: (userids: string[]) => void): Promise<ApplyOutcome> {
    if (await this.store.directory.hasProcessedEvent(event.eventId)) return { status: 'duplicate' };
    const changes: AppliedChanges = {
      upsertedPeople: [],
      removedUserids: [],
      upsertedDepartments: [],
      removedDeptIds: [],
      reconcile: false,
    };
    switch (event.eventType) {
      case 'user_leave_org':
        // A leaver must vanish from search at once: tell the caller before the store round-trip.
        onRemovePeople?.(event.userIds);
        changes.removedUserids = await this.store.directory.removePeople(event.userIds);
        break;
      case 'user_add_org':
      case 'user_modify_org':
      case 'user_active_org':
      case 'org_admin_add':
      case 'org_admin_remove':
      case 'label_user_change':
        await this.#refreshUsers(event.userIds, changes, onRemovePeople);
        break;
      case 'org_dept_create':
      case 'org_dept_modify':
        await this.#refreshDepartments(event.deptIds, changes);
        break;
      case 'org_dept_remove':
        changes.removedDeptIds = await this.store.directory.removeDepartments(event.deptIds);
        break;
      case 'label_conf_add':
      case 'label_conf_modify':
      case 'label_conf_del':
      case 'org_change':
        changes.reconcile = true;
        break;
      case 'org_remove':
        // why: never empty the directory on one event; an admin decides what a removed org means
        this.options.logger.error({ eventId: event.eventId }, 'DingTalk reports the organisation removed; directory left unchanged');
        break;
    }
    await this.store.directory.markEventProcessed(event.eventId, event.eventType, this.options.clock());
    return { status: 'applied', ...changes };
  }

  async #refreshUsers(userids: readonly string[], changes: AppliedChanges, onRemove?: (userids: string[]) => void): Promise<void> {
    const now = this.options.clock();
    const gone: string[] = [];
    for (const userid of new Set(userids)) {
      const user = await this.provider.getUser(userid);
      if (user === null) gone.push(userid);
      else changes.upsertedPeople.push(personFromDingTalk(withKnownSenior(user), this.options.englishNameFields, now));
    }
    await this.store.directory.upsertPeople(changes.upsertedPeople);
    if (gone.length > 0) {
      onRemove?.(gone);
      changes.removedUserids = await this.store.directory.removePeople(gone);
    }
  }

  async #refreshDepartments(deptIds: readonly number[], changes: AppliedChanges): Promise<void> {
    const now = this.options.clock();
    const gone: number[] = [];
    for (const deptId of new Set(deptIds)) {
      const dept = await this.provider.getDepartment(deptId);
      if (dept === null) gone.push(deptId);
      else changes.upsertedDepartments.push(departmentFromDingTalk(dept, now));
    }
    await this.store.directory.upsertDepartments(changes.upsertedDepartments);
    changes.removedDeptIds = await this.store.directory.removeDepartments(gone);
  }
}
