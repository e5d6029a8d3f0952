import type { DepartmentRef, PersonDetail, PersonSummary } from '../../shared/directory-api.js';
import type { DingTalkUserDetail } from '../connectors/dingtalk/types.js';
import { isMobileHidden, type DirectoryDepartment, type DirectoryPerson, type PersonCard } from './model.js';

export type DepartmentLookup = (deptId: number) => DirectoryDepartment | undefined;

/** The summary shown in lists and search results. */
export function personSummary(person: PersonCard, lookup: DepartmentLookup): PersonSummary {
  return {
    userid: person.userid,
    name: person.name,
    ...optional('englishName', person.englishName),
    ...optional('title', person.title),
    ...optional('email', person.email ?? person.orgEmail),
    ...optional('avatar', person.avatar),
    departments: person.deptIds.flatMap((id) => {
      const dept = lookup(id);
      return dept === undefined ? [] : [{ deptId: id, name: dept.name }];
    }),
  };
}

/**
 * The contact card. DingTalk's own privacy settings apply before any product policy: a person with
 * `hide_mobile` or in executive mode (`senior`) never has their mobile sent (dingtalk.md §3.2).
 */
export function personDetail(person: DirectoryPerson, lookup: DepartmentLookup): PersonDetail {
  const detail = person.detail as DingTalkUserDetail;
  const mobileHidden = isMobileHidden(person);
  return {
    ...personSummary(person, lookup),
    unionid: person.unionid,
    ...optional('orgEmail', person.orgEmail),
    ...optional('mobile', mobileHidden ? null : person.mobile),
    ...optional('telephone', person.telephone),
    ...optional('jobNumber', person.jobNumber),
    ...optional('workPlace', detail.work_place ?? null),
    ...optional('managerUserid', detail.manager_userid ?? null),
    active: person.active,
    leader: detail.leader === true || (detail.leader_in_dept ?? []).some((l) => l.leader),
    departmentPaths: person.deptIds.map((id) => departmentPath(id, lookup)).filter((p) => p.length > 0),
  };
}

/** Root-first path of a department; stops at a missing parent or a cycle instead of looping. */
export function departmentPath(deptId: number, lookup: DepartmentLookup): DepartmentRef[] {
  const path: DepartmentRef[] = [];
  const seen = new Set<number>();
  let current = lookup(deptId);
  while (current !== undefined && !seen.has(current.deptId)) {
    seen.add(current.deptId);
    path.unshift({ deptId: current.deptId, name: current.name });
    current = current.parentId === null ? undefined : lookup(current.parentId);
  }
  return path;
}

function optional<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return (value === null || value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}
