import type { DingTalkDepartmentDetail, DingTalkUser } from '../connectors/dingtalk/types.js';

/** A person as the directory keeps them: the searchable columns plus DingTalk's full record. */
export interface DirectoryPerson {
  userid: string;
  unionid: string;
  name: string;
  englishName: string | null;
  title: string | null;
  email: string | null;
  orgEmail: string | null;
  mobile: string | null;
  telephone: string | null;
  jobNumber: string | null;
  avatar: string | null;
  active: boolean;
  deptIds: number[];
  detail: DingTalkUser;
  updatedAt: number;
}

/**
 * What the directory keeps in memory per person: enough for search results, lists and the change
 * stream. The full DingTalk record stays in the store and is read for the contact card, which keeps a
 * 100,000-person directory within its memory budget.
 */
export interface PersonCard {
  userid: string;
  name: string;
  englishName: string | null;
  title: string | null;
  email: string | null;
  orgEmail: string | null;
  avatar: string | null;
  deptIds: number[];
}

export function cardOf(person: DirectoryPerson): PersonCard {
  return {
    userid: person.userid,
    name: person.name,
    englishName: person.englishName,
    title: person.title,
    email: person.email,
    orgEmail: person.orgEmail,
    avatar: person.avatar,
    deptIds: person.deptIds,
  };
}

/**
 * DingTalk's own privacy settings: hidden mobile, or executive mode which hides it from everyone.
 * Executive mode (`senior`) comes only with a user's detail (`/topapi/v2/user/get`), never with list
 * items (dingtalk.md §3.2), so until the detail has been read (`withKnownSenior`) the mobile counts as
 * hidden: the directory fails closed, and DirectoryService.readMissingDetails() fills it in.
 */
export function isMobileHidden(person: DirectoryPerson): boolean {
  const detail = person.detail as { hide_mobile?: boolean; senior?: boolean };
  return detail.hide_mobile === true || detail.senior !== false;
}

/** Whether executive mode is known for this record (its detail has been read). */
export function isSeniorKnown(person: DirectoryPerson): boolean {
  return typeof (person.detail as { senior?: unknown }).senior === 'boolean';
}

/**
 * A user detail with `senior` as an explicit boolean. The docs do not say whether the detail omits it
 * when false; recording false explicitly is what lets isMobileHidden tell "not an executive" from "not
 * read yet".
 */
export function withKnownSenior<T extends DingTalkUser>(user: T): T {
  return { ...user, senior: (user as { senior?: boolean }).senior === true };
}

export interface DirectoryDepartment {
  deptId: number;
  parentId: number | null;
  name: string;
  order: number;
  detail: DingTalkDepartmentDetail;
  updatedAt: number;
}

/**
 * Maps DingTalk's user record to ours. DingTalk has no English-name field; organisations keep it in a
 * custom (extension) field whose name varies, hence `englishNameFields` from config.
 */
export function personFromDingTalk(user: DingTalkUser, englishNameFields: readonly string[], now: number): DirectoryPerson {
  return {
    userid: user.userid,
    unionid: user.unionid,
    name: user.name,
    englishName: englishNameOf(user, englishNameFields),
    title: emptyToNull(user.title),
    email: emptyToNull(user.email),
    orgEmail: emptyToNull(user.org_email),
    mobile: emptyToNull(user.mobile),
    telephone: emptyToNull(user.telephone),
    jobNumber: emptyToNull(user.job_number),
    avatar: emptyToNull(user.avatar),
    active: user.active !== false,
    deptIds: [...new Set(user.dept_id_list)],
    detail: user,
    updatedAt: now,
  };
}

export function departmentFromDingTalk(dept: DingTalkDepartmentDetail, now: number): DirectoryDepartment {
  return {
    deptId: dept.dept_id,
    parentId: dept.dept_id === 1 ? null : (dept.parent_id ?? null),
    name: dept.name,
    order: dept.order ?? 0,
    detail: dept,
    updatedAt: now,
  };
}

function englishNameOf(user: DingTalkUser, fields: readonly string[]): string | null {
  if (user.extension === undefined || user.extension === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(user.extension);
  } catch {
    return null; // a malformed extension must not stop the sync of this person
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  for (const field of fields) {
    const value = (parsed as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}
