import type { DingTalkDepartmentDetail, DingTalkUserDetail } from '../../connectors/dingtalk/types.js';
import { invalidInput, SandboxChangeError } from './errors.js';
import { departmentIssues, isRecord, userIssues } from './org-fields.js';
import type { OrgStore } from './org-store.js';
import { randomInt, type Random } from './prng.js';

/**
 * The org mutations behind SandboxState. Each one validates everything first (same rules as the org file,
 * org-fields.ts) and only then writes, so a refused change leaves the store untouched. Emitting the matching
 * event is the caller's job.
 */

/** A new employee: at least `name` and `dept_id_list`; userid/unionid are generated when absent. */
export type HireInput = Partial<DingTalkUserDetail> & Pick<DingTalkUserDetail, 'name' | 'dept_id_list'>;
/** Fields to change; `null` removes an optional field. userid and unionid are immutable. */
export type UserPatch = { [K in Exclude<keyof DingTalkUserDetail, 'userid' | 'unionid'>]?: DingTalkUserDetail[K] | null };
/** A new department under `parent_id`; dept_id is the next free id when absent. */
export type DepartmentInput = Partial<DingTalkDepartmentDetail> & Pick<DingTalkDepartmentDetail, 'name' | 'parent_id'>;
/** Fields to change; `null` removes an optional field. dept_id is immutable; parent_id moves the department. */
export type DepartmentPatch = {
  [K in Exclude<keyof DingTalkDepartmentDetail, 'dept_id' | 'member_count' | 'owning_member_count'>]?:
    | DingTalkDepartmentDetail[K]
    | null;
};

/** leaveReason values of `/v1.0/contact/empLeaveRecords` (oapi = removed through the open platform). */
export type LeaveReason = 'oapi' | 'cancel' | 'leave' | 'unknown' | 'delete';

/** One record of `/v1.0/contact/empLeaveRecords` (field names as DingTalk's SDK). */
export interface EmpLeaveRecord {
  userId: string;
  name: string;
  stateCode: string;
  mobile: string;
  /** ISO 8601, second precision, UTC, e.g. 2021-01-06T11:47:37Z. */
  leaveTime: string;
  leaveReason: LeaveReason;
}

export interface ChangeContext {
  store: OrgStore;
  clock: () => number;
  random: Random;
}

export function hireUser(ctx: ChangeContext, input: HireInput): DingTalkUserDetail {
  const { store } = ctx;
  if (input.userid !== undefined && store.hasUser(input.userid)) {
    throw new SandboxChangeError('conflict', `userid ${JSON.stringify(input.userid)} already exists`);
  }
  if (input.unionid !== undefined && store.useridByUnionid(input.unionid) !== undefined) {
    throw new SandboxChangeError('conflict', `unionid ${JSON.stringify(input.unionid)} already exists`);
  }
  const user = {
    active: false,
    hired_date: ctx.clock(),
    ...structuredClone(input),
    userid: input.userid ?? freshId((id) => store.hasUser(id), () => String(randomInt(ctx.random, 1e15, 9e15))),
    unionid: input.unionid ?? freshId((id) => store.useridByUnionid(id) !== undefined, () => unionid(ctx.random)),
  } as DingTalkUserDetail;
  assertValid('invalid hire', userIssues(user as unknown as Record<string, unknown>, 'user', store));
  store.putUser(user);
  return user;
}

export function leaveUser(ctx: ChangeContext, userid: string, reason: LeaveReason = 'leave'): EmpLeaveRecord {
  const user = requireUser(ctx.store, userid);
  const record: EmpLeaveRecord = {
    userId: user.userid,
    name: user.name,
    stateCode: user.state_code ?? '86',
    mobile: user.mobile ?? '',
    leaveTime: new Date(ctx.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    leaveReason: reason,
  };
  forgetUser(ctx.store, userid);
  ctx.store.deleteUser(userid);
  return record;
}

export function modifyUser(ctx: ChangeContext, userid: string, patch: UserPatch): DingTalkUserDetail {
  const current = requireUser(ctx.store, userid);
  if (!isRecord(patch) || Object.keys(patch).length === 0) throw invalidInput('invalid patch', ['patch: must change at least one field']);
  for (const immutable of ['userid', 'unionid']) {
    if (immutable in patch) throw invalidInput('invalid patch', [`patch.${immutable}: cannot be changed`]);
  }
  const next = applyPatch(current, patch) as unknown as DingTalkUserDetail;
  const left = Array.isArray(next.dept_id_list) ? current.dept_id_list.filter((id) => !next.dept_id_list.includes(id)) : [];
  if (left.length > 0) {
    // Per-department settings for departments the user left go with them (unless the patch sets them itself).
    const stays = (entry: { dept_id: number }): boolean => !left.includes(entry.dept_id);
    if (!('leader_in_dept' in patch) && next.leader_in_dept) next.leader_in_dept = next.leader_in_dept.filter(stays);
    if (!('dept_order_list' in patch) && next.dept_order_list) next.dept_order_list = next.dept_order_list.filter(stays);
  }
  assertValid('invalid patch', userIssues(next as unknown as Record<string, unknown>, 'user', ctx.store));
  if (left.length > 0) dropDepartmentManager(ctx.store, userid, left);
  ctx.store.putUser(next);
  return next;
}

export function moveUser(ctx: ChangeContext, userid: string, deptIds: number[]): DingTalkUserDetail {
  return modifyUser(ctx, userid, { dept_id_list: deptIds });
}

export function activateUser(ctx: ChangeContext, userid: string): DingTalkUserDetail {
  const user = requireUser(ctx.store, userid);
  if (user.active === true) throw new SandboxChangeError('conflict', `user ${JSON.stringify(userid)} is already active`);
  const next = { ...structuredClone(user), active: true } as DingTalkUserDetail;
  ctx.store.putUser(next);
  return next;
}

export function createDepartment(ctx: ChangeContext, input: DepartmentInput): DingTalkDepartmentDetail {
  const { store } = ctx;
  if (input.dept_id !== undefined && store.hasDepartment(input.dept_id)) {
    throw new SandboxChangeError('conflict', `department ${input.dept_id} already exists`);
  }
  const dept = { ...structuredClone(input), dept_id: input.dept_id ?? nextDepartmentId(store) } as DingTalkDepartmentDetail;
  delete dept.member_count;
  delete dept.owning_member_count;
  assertValid('invalid department', departmentIssues(dept as unknown as Record<string, unknown>, 'dept', store));
  store.putDepartment(dept);
  return dept;
}

export function updateDepartment(ctx: ChangeContext, deptId: number, patch: DepartmentPatch): DingTalkDepartmentDetail {
  const { store } = ctx;
  const current = requireDepartment(store, deptId);
  if (!isRecord(patch) || Object.keys(patch).length === 0) throw invalidInput('invalid patch', ['patch: must change at least one field']);
  for (const fixed of ['dept_id', 'member_count', 'owning_member_count']) {
    if (fixed in patch) throw invalidInput('invalid patch', [`patch.${fixed}: cannot be changed`]);
  }
  const next = applyPatch(current, patch) as unknown as DingTalkDepartmentDetail;
  const issues = departmentIssues(next as unknown as Record<string, unknown>, 'dept', store);
  if (typeof next.parent_id === 'number' && next.parent_id !== current.parent_id && store.isSelfOrAncestor(deptId, next.parent_id)) {
    issues.push(`dept.parent_id: department ${next.parent_id} is inside department ${deptId}; moving there would create a cycle`);
  }
  assertValid('invalid patch', issues);
  store.putDepartment(next);
  return next;
}

/** Refuses (409) while the department has direct members or sub-departments, as DingTalk does. */
export function removeDepartment(ctx: ChangeContext, deptId: number): DingTalkDepartmentDetail {
  const { store } = ctx;
  const dept = requireDepartment(store, deptId);
  if (deptId === 1) throw invalidInput('invalid removal', ['dept_id: the root department 1 cannot be removed']);
  const label = `department ${deptId} (${dept.name})`;
  const members = store.memberCount(deptId);
  if (members > 0) {
    throw new SandboxChangeError('conflict', `${label} still has ${members} member(s); move or remove them first`);
  }
  const children = store.childIds(deptId).length;
  if (children > 0) {
    throw new SandboxChangeError('conflict', `${label} still has ${children} sub-department(s); remove them first`);
  }
  for (const other of [...store.departments()]) {
    const cleaned = withoutIn(other, ['dept_permits', 'outer_permit_depts'], deptId);
    if (cleaned !== null) store.putDepartment(cleaned);
  }
  store.deleteDepartment(deptId);
  return structuredClone(dept) as DingTalkDepartmentDetail;
}

function requireUser(store: OrgStore, userid: string): Readonly<DingTalkUserDetail> {
  const user = store.user(userid);
  if (user === undefined) throw new SandboxChangeError('not_found', `user ${JSON.stringify(userid)} does not exist`);
  return user;
}

function requireDepartment(store: OrgStore, deptId: number): Readonly<DingTalkDepartmentDetail> {
  const dept = store.department(deptId);
  if (dept === undefined) throw new SandboxChangeError('not_found', `department ${deptId} does not exist`);
  return dept;
}

function assertValid(what: string, issues: string[]): void {
  if (issues.length > 0) throw invalidInput(what, issues);
}

function applyPatch(current: object, patch: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = structuredClone(current) as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = structuredClone(value);
  }
  return next;
}

/** Removes a leaver from every reference (managers, permits), so the org stays a valid OrgDocument. */
function forgetUser(store: OrgStore, userid: string): void {
  for (const user of [...store.users()]) {
    if (user.manager_userid !== userid) continue;
    const next = structuredClone(user) as DingTalkUserDetail;
    delete next.manager_userid;
    store.putUser(next);
  }
  for (const dept of [...store.departments()]) {
    const cleaned = withoutIn(dept, ['user_permits', 'outer_permit_users', 'dept_manager_userid_list'], userid);
    if (cleaned !== null) store.putDepartment(cleaned);
  }
}

function dropDepartmentManager(store: OrgStore, userid: string, deptIds: readonly number[]): void {
  for (const deptId of deptIds) {
    const dept = store.department(deptId);
    const cleaned = dept === undefined ? null : withoutIn(dept, ['dept_manager_userid_list'], userid);
    if (cleaned !== null) store.putDepartment(cleaned);
  }
}

/** A copy of `dept` with `value` removed from the listed array fields, or null when none contained it. */
function withoutIn(
  dept: Readonly<DingTalkDepartmentDetail>,
  fields: readonly string[],
  value: string | number,
): DingTalkDepartmentDetail | null {
  const record = dept as unknown as Record<string, unknown>;
  if (!fields.some((field) => Array.isArray(record[field]) && (record[field] as unknown[]).includes(value))) return null;
  const next = structuredClone(record);
  for (const field of fields) {
    const list = next[field];
    if (Array.isArray(list)) next[field] = list.filter((item) => item !== value);
  }
  return next as unknown as DingTalkDepartmentDetail;
}

function nextDepartmentId(store: OrgStore): number {
  let max = 1;
  for (const dept of store.departments()) max = Math.max(max, dept.dept_id);
  return max + 1;
}

function freshId(taken: (id: string) => boolean, make: () => string): string {
  for (;;) {
    const id = make();
    if (!taken(id)) return id;
  }
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** DingTalk unionids look like 20 base62 characters followed by "iEiE". */
export function unionid(random: Random): string {
  let out = '';
  for (let i = 0; i < 20; i += 1) out += BASE62[Math.floor(random() * BASE62.length)];
  return `${out}iEiE`;
}
