import type { ExternalContact, PersonField, Role, VisibilityAudience } from '../../shared/admin-api.js';

/**
 * The strings of the Admin view and the HR form. A table of its own (not part of `Strings`) so they
 * load with the lazily loaded admin code instead of the pane's first bundle; same rules as `Strings`.
 */
export interface AdminStrings {
  heading: string;
  sectionLabel: string;
  sections: Record<'visibility' | 'masks' | 'books' | 'roles' | 'audit', string>;
  hrHint: string;

  add: string;
  editButton: string;
  edit: (name: string) => string;
  remove: (name: string) => string;
  confirmRemove: (name: string) => string;
  confirmRemoveButton: string;
  cancel: string;
  save: string;
  saving: string;
  saved: string;
  removed: string;
  changedBy: (who: string, when: string) => string;
  required: string;
  none: string;
  /** joins names for a one-line summary */
  list: (items: string[]) => string;

  forbiddenTitle: string;
  forbidden: string;
  inputKept: string;
  conflict: string;
  rejected: (detail: string) => string;

  departmentSearch: string;
  noDepartmentMatch: string;
  personSearch: string;
  noPersonMatch: string;
  everyone: string;
  departments: string;
  people: string;
  departmentList: (names: string) => string;
  peopleCount: (count: number) => string;

  visibilityDescription: string;
  addRule: string;
  noRules: string;
  ruleDepartment: string;
  ruleAudience: string;
  audience: Record<VisibilityAudience, string>;
  alsoVisibleTo: string;
  newRule: string;
  editRule: (department: string) => string;

  masksDescription: string;
  addMask: string;
  noMasks: string;
  maskName: string;
  maskFields: string;
  maskFieldsRequired: string;
  field: Record<PersonField, string>;
  maskTargets: string;
  maskTargetsHint: string;
  maskViewers: string;
  maskExempt: string;
  newMask: string;
  editMask: (name: string) => string;
  hiddenFields: (fields: string) => string;

  booksDescription: string;
  addBook: string;
  noBooks: string;
  bookName: string;
  bookDepartments: string;
  bookPeople: string;
  bookViewers: string;
  newBook: string;
  editBook: (name: string) => string;
  bookExternal: string;
  bookExternalHint: string;
  addExternal: string;
  /** the label of the n-th row (1-based) */
  externalRow: (position: number) => string;
  removeExternal: (name: string) => string;
  externalField: Record<keyof ExternalContact, string>;
  externalEmailInvalid: string;
  externalLimit: (max: number) => string;
  externalCount: (count: number) => string;

  rolesDescription: string;
  addRole: string;
  noRoles: string;
  roleEmail: string;
  roleEmailInvalid: string;
  role: string;
  roleName: Record<Role, string>;
  roleDepartments: string;
  roleDepartmentsHrHint: string;
  roleDepartmentsRequired: string;
  fromConfig: string;
  fromConfigHint: string;
  newRole: string;
  wholeOrganisation: string;

  auditDescription: string;
  auditFilters: string;
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
  dateOrder: string;
  search: string;
  time: string;
  auditEntries: string;
  noEntries: string;
  loadMore: string;
  exportCsv: string;
  exported: (fileName: string) => string;
  csvNote: string;

  overlayHeading: (name: string) => string;
  tags: string;
  tagsHint: string;
  tagTooLong: (max: number) => string;
  tooManyTags: (max: number) => string;
  note: string;
  showMobile: string;
  showTelephone: string;
  overlaySaved: (name: string) => string;
}
