import type { DingTalkDepartment, DingTalkDepartmentDetail, DingTalkUser, DingTalkUserDetail } from './types.js';

/**
 * What the directory needs from DingTalk contacts. The real client (`DingTalkClient`) and the in-process
 * sandbox provider both implement it and both run `test/server/connectors/dingtalk/directory.contract.ts`.
 *
 * Root department id is 1 (DingTalk convention). Methods throw `DingTalkError` on failure; "not found"
 * for a single user is `null`, because a leaver looked up by id is an expected outcome, not an error.
 */
export interface DirectoryProvider {
  /** Direct children of `deptId` (one level, as `/topapi/v2/department/listsub`). */
  listSubDepartments(deptId: number): Promise<DingTalkDepartment[]>;
  /** Full details of one department, or null when it does not exist (60003). */
  getDepartment(deptId: number): Promise<DingTalkDepartmentDetail | null>;
  /** Direct members of `deptId` (no sub-departments), every page, in DingTalk's order. */
  listDepartmentUsers(deptId: number): AsyncIterable<DingTalkUser>;
  /** One user, or null when DingTalk says the user does not exist (33012 / 60121). */
  getUser(userid: string): Promise<DingTalkUserDetail | null>;
}
