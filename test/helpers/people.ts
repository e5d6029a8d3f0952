import { personFromDingTalk, departmentFromDingTalk, type DirectoryPerson, type DirectoryDepartment } from '../../server/directory/model.js';
import type { DingTalkUser } from '../../server/connectors/dingtalk/types.js';

/** A DirectoryPerson with sensible defaults; override any DingTalk field. */
export function person(userid: string, overrides: Partial<DingTalkUser> = {}, now = 1_700_000_000_000): DirectoryPerson {
  return personFromDingTalk(
    { userid, unionid: `union-${userid}`, name: `名${userid}`, dept_id_list: [1], active: true, ...overrides },
    ['英文名'],
    now,
  );
}

export function department(deptId: number, parentId: number | null, name: string, now = 1_700_000_000_000): DirectoryDepartment {
  return departmentFromDingTalk({ dept_id: deptId, name, ...(parentId !== null ? { parent_id: parentId } : {}) }, now);
}
