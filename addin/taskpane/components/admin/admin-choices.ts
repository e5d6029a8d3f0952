import type { PersonField, Role } from '../../../../shared/admin-api.js';

// why: shared/admin-api.ts builds TypeBox schemas when imported, so the pane takes only its types and
// repeats these two lists; the checks below fail the type-check when the contract gains a value

/** The maskable fields, in the order the form lists them. */
export const PERSON_FIELDS = ['mobile', 'telephone', 'email', 'title', 'jobNumber', 'workPlace', 'englishName'] as const satisfies readonly PersonField[];

/** The roles, in the order the form offers them. */
export const ROLES = ['sub_admin', 'hr_editor', 'auditor', 'super_admin'] as const satisfies readonly Role[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const fieldsComplete: Exhaustive<PersonField, (typeof PERSON_FIELDS)[number]> = true;
const rolesComplete: Exhaustive<Role, (typeof ROLES)[number]> = true;
void fieldsComplete;
void rolesComplete;
