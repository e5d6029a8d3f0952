import type { DirectoryProvider } from '../../connectors/dingtalk/contract.js';
import type { DingTalkDepartment, DingTalkDepartmentDetail, DingTalkUser, DingTalkUserDetail } from '../../connectors/dingtalk/types.js';
import { departmentDetail, listSubDepartments, userDetail, userListPage } from './org-views.js';
import type { SandboxState } from './sandbox-state.js';

/** DingTalk's page size maximum for `/topapi/v2/user/list`; the provider pages the same way the client does. */
const PAGE_SIZE = 100;

/**
 * Raised where the real client would get a DingTalk error envelope. Carries the legacy errcode
 * (60003: department not found), so callers can treat it like the client's DingTalkError.
 */
export class SandboxDirectoryError extends Error {
  override readonly name = 'SandboxDirectoryError';
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * DirectoryProvider over a sandbox's state, in process (no HTTP, no tokens, no knobs). Same views and paging
 * as the HTTP API (org-views.ts): direct members only, 100 per page, null for unknown users and departments.
 * Every value returned is a copy; later org changes do not alter it.
 */
export class SandboxDirectoryProvider implements DirectoryProvider {
  constructor(private readonly state: SandboxState) {}

  async listSubDepartments(deptId: number): Promise<DingTalkDepartment[]> {
    const list = listSubDepartments(this.state.org, deptId);
    if (list === null) throw new SandboxDirectoryError(60003, `department ${deptId} does not exist`);
    return list;
  }

  async getDepartment(deptId: number): Promise<DingTalkDepartmentDetail | null> {
    return departmentDetail(this.state.org, deptId);
  }

  async *listDepartmentUsers(deptId: number): AsyncIterable<DingTalkUser> {
    for (let cursor: number | undefined = 0; cursor !== undefined; ) {
      const page = userListPage(this.state.org, deptId, cursor, PAGE_SIZE);
      if (page === null) throw new SandboxDirectoryError(60003, `department ${deptId} does not exist`);
      yield* page.list;
      cursor = page.has_more ? page.next_cursor : undefined;
    }
  }

  async getUser(userid: string): Promise<DingTalkUserDetail | null> {
    const user = this.state.org.user(userid);
    return user === undefined ? null : userDetail(user);
  }
}
