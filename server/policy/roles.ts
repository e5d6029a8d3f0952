import type { Role, RoleAssignment } from '../../shared/admin-api.js';
import type { OrgTree } from './model.js';
import { OrgPaths } from './org-paths.js';

/**
 * What one signed-in person may administer, from their role assignments. Pure.
 * - super_admin: everything, including roles;
 * - sub_admin: visibility rules, field masks, address books, people's overlay fields and mailbox sync
 *   of the people in their department subtrees;
 * - hr_editor: people's overlay fields (tags, note, shown phones) in their subtrees, or everyone's when
 *   the assignment lists no department; nothing about mailboxes, sync or visibility;
 * - auditor: reads the audit log, changes nothing.
 */
export class Permissions {
  readonly superAdmin: boolean;
  readonly auditor: boolean;
  readonly adminRoots: ReadonlySet<number>;
  /** 'all' when an hr_editor assignment covers the whole organisation */
  readonly hrRoots: ReadonlySet<number> | 'all';
  readonly #paths: OrgPaths;

  constructor(
    readonly email: string,
    readonly assignments: readonly RoleAssignment[],
    tree: OrgTree,
  ) {
    this.#paths = new OrgPaths(tree);
    const mine = assignments.filter((a) => sameEmail(a.email, email));
    this.superAdmin = mine.some((a) => a.role === 'super_admin');
    this.auditor = mine.some((a) => a.role === 'auditor');
    this.adminRoots = new Set(mine.filter((a) => a.role === 'sub_admin').flatMap((a) => a.deptIds));
    const hr = mine.filter((a) => a.role === 'hr_editor');
    this.hrRoots = hr.some((a) => a.deptIds.length === 0) ? 'all' : new Set(hr.flatMap((a) => a.deptIds));
  }

  get roles(): Array<{ role: Role; deptIds: number[] }> {
    return this.assignments.filter((a) => sameEmail(a.email, this.email)).map((a) => ({ role: a.role, deptIds: [...a.deptIds] }));
  }

  get canAdminister(): boolean {
    return this.superAdmin || this.adminRoots.size > 0;
  }

  get canEditPeople(): boolean {
    return this.canAdminister || this.hrRoots === 'all' || this.hrRoots.size > 0;
  }

  get canReadAudit(): boolean {
    return this.superAdmin || this.auditor;
  }

  get canManageRoles(): boolean {
    return this.superAdmin;
  }

  /** May set visibility rules / masks / books that concern this department subtree. */
  administersDept(deptId: number): boolean {
    return this.superAdmin || this.#paths.withinAny(deptId, this.adminRoots);
  }

  /** May administer every one of these departments; an empty list means "the whole organisation". */
  administersAll(deptIds: readonly number[]): boolean {
    if (this.superAdmin) return true;
    return deptIds.length > 0 && deptIds.every((id) => this.administersDept(id));
  }

  /** May edit this person's overlay fields (HR editor or an admin of one of their departments). */
  editsPerson(deptIds: readonly number[]): boolean {
    if (this.superAdmin || this.hrRoots === 'all') return true;
    return deptIds.some((id) => this.administersDept(id) || (this.hrRoots !== 'all' && this.#paths.withinAny(id, this.hrRoots)));
  }

  /** May run or release the mailbox sync of this person (never HR editors or auditors). */
  managesMailboxOf(deptIds: readonly number[]): boolean {
    return this.superAdmin || deptIds.some((id) => this.administersDept(id));
  }

  /** Departments offered in admin pickers: all for super admins, else their admin and HR subtrees. */
  managesDeptForPicker(deptId: number): boolean {
    if (this.superAdmin || this.hrRoots === 'all') return true;
    return this.administersDept(deptId) || this.#paths.withinAny(deptId, this.hrRoots);
  }
}

/** E-mail addresses compare case-insensitively (RFC 5321 local parts may not, but every IdP here does). */
export function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
