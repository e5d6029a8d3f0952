import type {
  DingTalkDepartment,
  DingTalkDepartmentDetail,
  DingTalkUser,
  DingTalkUserDetail,
  UserListPage,
} from '../../connectors/dingtalk/types.js';
import type { OrgStore } from './org-store.js';

/**
 * What the contacts API returns, computed from the store (shared/reference/dingtalk.md §3). Used by both the
 * HTTP routes and the in-process DirectoryProvider so the two cannot drift. Every result is a fresh copy.
 */

/** Keys of `/topapi/v2/user/get` that `/topapi/v2/user/list` items do not carry. */
const DETAIL_ONLY_USER_FIELDS = [
  'leader_in_dept',
  'dept_order_list',
  'manager_userid',
  'senior',
  'real_authed',
  'org_email_type',
  'dept_position_list',
  'role_list',
  'union_emp_ext',
] as const;

/** Visibility fields DingTalk returns only when their switch is true (§3.1). */
const HIDE_FIELDS = ['hide_dept', 'dept_permits', 'user_permits'] as const;
const OUTER_FIELDS = ['outer_dept', 'outer_dept_only_self', 'outer_permit_depts', 'outer_permit_users'] as const;

export type UserOrder = 'custom' | 'entry_asc' | 'entry_desc' | 'modify_asc' | 'modify_desc';

/** One level of children as `/topapi/v2/department/listsub` returns them; null when the department is unknown. */
export function listSubDepartments(store: OrgStore, deptId: number): DingTalkDepartment[] | null {
  if (!store.hasDepartment(deptId)) return null;
  return store.childIds(deptId).flatMap((id) => {
    const dept = store.department(id);
    return dept === undefined ? [] : [departmentListItem(dept)];
  });
}

/** `/topapi/v2/department/get`; null when unknown. Adds member counts; drops visibility fields that are off. */
export function departmentDetail(store: OrgStore, deptId: number): DingTalkDepartmentDetail | null {
  const dept = store.department(deptId);
  if (dept === undefined) return null;
  const out: Record<string, unknown> = {
    ...structuredClone(dept),
    create_dept_group: dept.create_dept_group ?? false,
    auto_add_user: dept.auto_add_user ?? false,
    member_count: store.subtreeMemberCount(deptId),
    owning_member_count: store.memberCount(deptId),
  };
  if (dept.hide_dept !== true) for (const field of HIDE_FIELDS) delete out[field];
  if (dept.outer_dept !== true) for (const field of OUTER_FIELDS) delete out[field];
  return out as unknown as DingTalkDepartmentDetail;
}

/**
 * One page of `/topapi/v2/user/list`: direct members only, `cursor` is an offset into the member list.
 * `next_cursor` is present only when `has_more` is true. Null when the department is unknown.
 */
export function userListPage(
  store: OrgStore,
  deptId: number,
  cursor: number,
  size: number,
  order: UserOrder = 'custom',
): UserListPage | null {
  if (!store.hasDepartment(deptId)) return null;
  const ids = orderedMembers(store, deptId, order);
  const list = ids.slice(cursor, cursor + size).flatMap((userid) => {
    const user = store.user(userid);
    return user === undefined ? [] : [userListItem(user, deptId)];
  });
  const end = cursor + list.length;
  return end < ids.length ? { has_more: true, next_cursor: end, list } : { has_more: false, list };
}

/** A `user/list` item: the user without detail-only fields; `leader`/`dept_order` are for the listed department. */
export function userListItem(user: Readonly<DingTalkUserDetail>, deptId: number): DingTalkUser {
  const out: Record<string, unknown> = structuredClone(user);
  for (const field of DETAIL_ONLY_USER_FIELDS) delete out[field];
  const leader = user.leader_in_dept?.find((entry) => entry.dept_id === deptId);
  if (leader !== undefined) out['leader'] = leader.leader;
  const order = user.dept_order_list?.find((entry) => entry.dept_id === deptId);
  if (order !== undefined) out['dept_order'] = order.order;
  return out as unknown as DingTalkUser;
}

/** `/topapi/v2/user/get`: the whole stored user. */
export function userDetail(user: Readonly<DingTalkUserDetail>): DingTalkUserDetail {
  return structuredClone(user) as DingTalkUserDetail;
}

function departmentListItem(dept: Readonly<DingTalkDepartmentDetail>): DingTalkDepartment {
  const item: DingTalkDepartment = {
    dept_id: dept.dept_id,
    name: dept.name,
    create_dept_group: dept.create_dept_group ?? false,
    auto_add_user: dept.auto_add_user ?? false,
  };
  if (dept.parent_id !== undefined) item.parent_id = dept.parent_id;
  if (dept.from_union_org !== undefined) item.from_union_org = dept.from_union_org;
  if (dept.tags !== undefined) item.tags = dept.tags;
  if (dept.ext !== undefined) item.ext = dept.ext;
  if (dept.source_identifier !== undefined) item.source_identifier = dept.source_identifier;
  return item;
}

function orderedMembers(store: OrgStore, deptId: number, order: UserOrder): string[] {
  const ids = store.memberIds(deptId);
  // The sandbox keeps no modification times, so modify_* falls back to DingTalk's custom order.
  if (order !== 'entry_asc' && order !== 'entry_desc') return ids;
  const hired = (userid: string): number => store.user(userid)?.hired_date ?? 0;
  const sorted = ids.sort((a, b) => hired(a) - hired(b));
  return order === 'entry_asc' ? sorted : sorted.reverse();
}
