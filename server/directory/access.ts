import type { PersonField } from '../../shared/admin-api.js';
import type { PersonDetail, PersonSummary } from '../../shared/directory-api.js';
import type { HitField } from './search/types.js';

/**
 * What one viewer may see of the directory (server/policy/visibility.ts builds it per request). Every
 * read of DirectoryService takes one, so there is no unfiltered read path for a route to forget.
 */
export interface DirectoryAccess {
  canSeePerson(person: { userid: string; deptIds: readonly number[] }): boolean;
  canSeeDept(deptId: number): boolean;
  hiddenFields(person: { userid: string; deptIds: readonly number[] }, privacy: { mobileHidden: boolean }): ReadonlySet<PersonField>;
}

/** Sees everything: for the server's own work (sync, lookalike index maintenance), never for a viewer. */
export const UNRESTRICTED: DirectoryAccess = {
  canSeePerson: () => true,
  canSeeDept: () => true,
  hiddenFields: () => new Set(),
};

/**
 * The summary without the fields the viewer may not see, and without departments they may not see
 * (a visible person may also belong to a hidden department, whose name must not leak through them).
 */
export function redactSummary<T extends PersonSummary>(summary: T, hidden: ReadonlySet<PersonField>, canSeeDept: (deptId: number) => boolean): T {
  const out = { ...summary, departments: summary.departments.filter((d) => canSeeDept(d.deptId)) };
  if (hidden.has('title')) delete out.title;
  if (hidden.has('email')) delete out.email;
  if (hidden.has('englishName')) delete out.englishName;
  return out;
}

/** The contact card without the fields the viewer may not see. */
export function redactDetail(detail: PersonDetail, hidden: ReadonlySet<PersonField>, canSeeDept: (deptId: number) => boolean): PersonDetail {
  const out = redactSummary(detail, hidden, canSeeDept);
  out.departmentPaths = detail.departmentPaths.filter((path) => path.every((d) => canSeeDept(d.deptId)));
  if (hidden.has('email')) delete out.orgEmail;
  if (hidden.has('mobile')) delete out.mobile;
  if (hidden.has('telephone')) delete out.telephone;
  if (hidden.has('jobNumber')) delete out.jobNumber;
  if (hidden.has('workPlace')) delete out.workPlace;
  return out;
}

/**
 * Whether a search hit rests on a field the viewer may not see: such a hit is dropped, or searching by
 * a hidden title or phone number would reveal it. (The index reports the best-matching field; phone
 * digits may be the mobile or the telephone, so either being hidden drops a phone hit.)
 */
export function hitUsesHiddenField(field: HitField, hidden: ReadonlySet<PersonField>): boolean {
  switch (field) {
    case 'title':
      return hidden.has('title');
    case 'email':
      return hidden.has('email');
    case 'englishName':
      return hidden.has('englishName');
    case 'jobNumber':
      return hidden.has('jobNumber');
    case 'phone':
      return hidden.has('mobile') || hidden.has('telephone');
    default:
      return false;
  }
}
