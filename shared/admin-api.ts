import { Type, type Static } from 'typebox';

/**
 * Contracts of the admin API (`/api/admin/*`) and of the viewer's own permissions (`/api/me`). Shared
 * by the server (route schemas, OpenAPI) and the task pane's Admin view (`import type` only).
 * Times are epoch milliseconds.
 */

const DeptIds = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 });
const Userids = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 });

/** Fields an admin can hide from a group of viewers (DingTalk's own hide_mobile/senior apply regardless). */
export const PersonField = Type.Union([
  Type.Literal('mobile'),
  Type.Literal('telephone'),
  Type.Literal('title'),
  Type.Literal('email'),
  Type.Literal('jobNumber'),
  Type.Literal('workPlace'),
  Type.Literal('englishName'),
]);
export const PERSON_FIELDS = ['mobile', 'telephone', 'title', 'email', 'jobNumber', 'workPlace', 'englishName'] as const;

/** Who a rule is about: everyone, or the members of department subtrees and listed people. */
export const Audience = Type.Object({
  everyone: Type.Boolean(),
  deptIds: DeptIds,
  userids: Userids,
});

// ---------------------------------------------------------------- visibility rules

/**
 * Who may see a department subtree (the nearest rule up the tree wins):
 * `everyone`; `own_department` = members of the subtree only; `listed` = members plus `allow`.
 */
export const VisibilityAudience = Type.Union([Type.Literal('everyone'), Type.Literal('own_department'), Type.Literal('listed')]);

export const VisibilityRuleInput = Type.Object({
  audience: VisibilityAudience,
  allowDeptIds: DeptIds,
  allowUserids: Userids,
});

export const VisibilityRule = Type.Intersect([
  Type.Object({ deptId: Type.Integer({ minimum: 1 }), deptName: Type.Union([Type.String(), Type.Null()]), updatedAt: Type.Integer(), updatedBy: Type.String() }),
  VisibilityRuleInput,
]);

// ---------------------------------------------------------------- field masks

export const FieldMaskInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  fields: Type.Array(PersonField, { minItems: 1, maxItems: 7 }),
  /** whose fields are hidden: people in these subtrees; empty = everyone's */
  targetDeptIds: DeptIds,
  /** from whom */
  viewers: Audience,
  /** viewers who still see the fields (e.g. HR) */
  exemptUserids: Userids,
});

export const FieldMask = Type.Intersect([
  Type.Object({ id: Type.String(), updatedAt: Type.Integer(), updatedBy: Type.String() }),
  FieldMaskInput,
]);

// ---------------------------------------------------------------- address books

/** Someone outside the organisation kept in an address book (a customer's buyer, a customs broker). */
export const ExternalContact = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.Optional(Type.String({ minLength: 3, maxLength: 254, format: 'email' })),
  company: Type.Optional(Type.String({ maxLength: 100 })),
  title: Type.Optional(Type.String({ maxLength: 100 })),
  mobile: Type.Optional(Type.String({ maxLength: 40 })),
});

export const AddressBookInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** department subtrees in the book */
  deptIds: DeptIds,
  /** single people in the book (e.g. a partner's contact person) */
  userids: Userids,
  /** people outside the organisation, found by search while the book is chosen */
  externalContacts: Type.Array(ExternalContact, { maxItems: 500, default: [] }),
  /** who may switch to this book */
  viewers: Audience,
});

export const AddressBook = Type.Intersect([
  Type.Object({ id: Type.String(), updatedAt: Type.Integer(), updatedBy: Type.String() }),
  AddressBookInput,
]);

/** What a viewer sees in the address-book switcher. */
export const AddressBookChoice = Type.Object({ id: Type.String(), name: Type.String() });
export const AddressBookChoices = Type.Object({ books: Type.Array(AddressBookChoice) });

// ---------------------------------------------------------------- roles

export const Role = Type.Union([Type.Literal('super_admin'), Type.Literal('sub_admin'), Type.Literal('hr_editor'), Type.Literal('auditor')]);
export const ROLES = ['super_admin', 'sub_admin', 'hr_editor', 'auditor'] as const;

export const RoleAssignmentInput = Type.Object({
  /** the signed-in e-mail the role is for */
  email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }),
  role: Role,
  /** department subtrees the role covers (sub_admin and hr_editor); empty = the whole organisation for hr_editor */
  deptIds: DeptIds,
});

export const RoleAssignment = Type.Intersect([
  Type.Object({
    id: Type.String(),
    /** from configuration (BRIDGE_SUPER_ADMINS): shown, not editable */
    fromConfig: Type.Boolean(),
    updatedAt: Type.Integer(),
    updatedBy: Type.String(),
  }),
  RoleAssignmentInput,
]);

// ---------------------------------------------------------------- viewer mapping overrides

export const ViewerMappingInput = Type.Object({ userid: Type.String({ minLength: 1, maxLength: 64 }) });
export const ViewerMapping = Type.Object({
  email: Type.String(),
  userid: Type.String(),
  updatedAt: Type.Integer(),
  updatedBy: Type.String(),
});

// ---------------------------------------------------------------- HR overlay fields

export const PersonOverlayInput = Type.Object({
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 20 }),
  note: Type.String({ maxLength: 500 }),
  showMobile: Type.Boolean(),
  showTelephone: Type.Boolean(),
});
export const PersonOverlay = Type.Intersect([
  Type.Object({ userid: Type.String(), updatedAt: Type.Integer(), updatedBy: Type.String() }),
  PersonOverlayInput,
]);

// ---------------------------------------------------------------- audit log

export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  target: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.Integer({ minimum: 0 })),
  to: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const AuditEntryView = Type.Object({
  seq: Type.Integer(),
  at: Type.Integer(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  hash: Type.String(),
});
export const AuditPage = Type.Object({ entries: Type.Array(AuditEntryView), nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]) });

// ---------------------------------------------------------------- the viewer's own permissions

export const MyPermissions = Type.Object({
  email: Type.String(),
  /** the DingTalk person the viewer is mapped to, when any */
  userid: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.Object({ role: Role, deptIds: Type.Array(Type.Integer()) })),
  canAdminister: Type.Boolean(),
  canEditPeople: Type.Boolean(),
  canReadAudit: Type.Boolean(),
  canManageRoles: Type.Boolean(),
});

export type PersonField = Static<typeof PersonField>;
export type Audience = Static<typeof Audience>;
export type VisibilityAudience = Static<typeof VisibilityAudience>;
export type VisibilityRuleInput = Static<typeof VisibilityRuleInput>;
export type VisibilityRule = Static<typeof VisibilityRule>;
export type FieldMaskInput = Static<typeof FieldMaskInput>;
export type FieldMask = Static<typeof FieldMask>;
export type ExternalContact = Static<typeof ExternalContact>;
export type AddressBookInput = Static<typeof AddressBookInput>;
export type AddressBook = Static<typeof AddressBook>;
export type AddressBookChoice = Static<typeof AddressBookChoice>;
export type AddressBookChoices = Static<typeof AddressBookChoices>;
export type Role = Static<typeof Role>;
export type RoleAssignmentInput = Static<typeof RoleAssignmentInput>;
export type RoleAssignment = Static<typeof RoleAssignment>;
export type ViewerMappingInput = Static<typeof ViewerMappingInput>;
export type ViewerMapping = Static<typeof ViewerMapping>;
export type PersonOverlayInput = Static<typeof PersonOverlayInput>;
export type PersonOverlay = Static<typeof PersonOverlay>;
export type AuditQuery = Static<typeof AuditQuery>;
export type AuditEntryView = Static<typeof AuditEntryView>;
export type AuditPage = Static<typeof AuditPage>;
export type MyPermissions = Static<typeof MyPermissions>;
