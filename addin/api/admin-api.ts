import type {
  AddressBook,
  AddressBookInput,
  AuditPage,
  FieldMask,
  FieldMaskInput,
  PersonOverlay,
  PersonOverlayInput,
  RoleAssignment,
  RoleAssignmentInput,
  VisibilityRule,
  VisibilityRuleInput,
} from '../../shared/admin-api.js';
import type { RequestOptions } from './bridge-api.js';

/** A department the admin may manage, for pickers (`GET /api/admin/departments`). */
export interface AdminDepartment {
  deptId: number;
  name: string;
  parentId: number | null;
}

/** The audit log's filters; every one is optional. Times are epoch milliseconds. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: number;
  to?: number;
}

/** One page of the audit log: `limit` entries (newest first) older than `beforeSeq`. */
export interface AuditPageRequest extends AuditFilter {
  limit?: number;
  beforeSeq?: number;
}

/**
 * The admin routes (`/api/admin/*`). Each rejects with `ApiError`; a 403 (`isForbidden`) means the
 * viewer lacks the role or the target is outside their scope, a 409 (`isConflict`) a concurrent change.
 */
export interface AdminApi {
  departments(options?: RequestOptions): Promise<AdminDepartment[]>;

  visibilityRules(options?: RequestOptions): Promise<VisibilityRule[]>;
  /** creates or replaces the rule of one department subtree */
  putVisibilityRule(deptId: number, input: VisibilityRuleInput): Promise<VisibilityRule>;
  deleteVisibilityRule(deptId: number): Promise<void>;

  fieldMasks(options?: RequestOptions): Promise<FieldMask[]>;
  createFieldMask(input: FieldMaskInput): Promise<FieldMask>;
  updateFieldMask(id: string, input: FieldMaskInput): Promise<FieldMask>;
  deleteFieldMask(id: string): Promise<void>;

  addressBooks(options?: RequestOptions): Promise<AddressBook[]>;
  createAddressBook(input: AddressBookInput): Promise<AddressBook>;
  updateAddressBook(id: string, input: AddressBookInput): Promise<AddressBook>;
  deleteAddressBook(id: string): Promise<void>;

  /** super admins only; assignments with `fromConfig` cannot be deleted */
  roleAssignments(options?: RequestOptions): Promise<RoleAssignment[]>;
  createRoleAssignment(input: RoleAssignmentInput): Promise<RoleAssignment>;
  deleteRoleAssignment(id: string): Promise<void>;

  personOverlay(userid: string, options?: RequestOptions): Promise<PersonOverlay>;
  putPersonOverlay(userid: string, input: PersonOverlayInput): Promise<PersonOverlay>;

  /** newest first; `nextBeforeSeq` (null on the last page) asks for the next page */
  auditLog(request: AuditPageRequest, options?: RequestOptions): Promise<AuditPage>;
  /** the audit log under the same filters as CSV text (the caller saves it as a file) */
  auditCsv(filter: AuditFilter, options?: RequestOptions): Promise<string>;
}
