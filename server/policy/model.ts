import type { AddressBook, FieldMask, PersonOverlay, RoleAssignment, VisibilityRule } from '../../shared/admin-api.js';

/**
 * Everything the product's own policy says, read in one go per request (policy-service.ts) so a change
 * takes effect on the next request. DingTalk's department settings are not here: they travel with the
 * departments themselves (DepartmentFacts).
 */
export interface PolicySnapshot {
  version: number;
  rules: ReadonlyMap<number, VisibilityRule>;
  masks: readonly FieldMask[];
  books: readonly AddressBook[];
  roles: readonly RoleAssignment[];
  /** only people HR has edited */
  overlays: ReadonlyMap<string, PersonOverlay>;
}

export const EMPTY_POLICY: PolicySnapshot = { version: 0, rules: new Map(), masks: [], books: [], roles: [], overlays: new Map() };

/** The signed-in person as policy sees them. Unmapped viewers (no DingTalk person) belong to no department. */
export interface ViewerContext {
  email: string;
  userid: string | null;
  deptIds: readonly number[];
}

/** What policy needs of a person: who and where. */
export interface PersonPlacement {
  userid: string;
  deptIds: readonly number[];
}

/** DingTalk's own visibility settings of a department (dingtalk.md §3.1 "Visibility"). */
export interface DepartmentFacts {
  parentId: number | null;
  hideDept: boolean;
  deptPermits: readonly number[];
  userPermits: readonly string[];
  outerDept: boolean;
  /** DingTalk's write parameter; when a read leaves it out we take DingTalk's default (own department) */
  outerDeptOnlySelf: boolean | null;
  outerPermitDepts: readonly number[];
  outerPermitUsers: readonly string[];
}

/** The department tree as policy reads it. */
export interface OrgTree {
  department(deptId: number): DepartmentFacts | undefined;
}
