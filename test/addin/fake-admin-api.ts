import type {
  AddressBook,
  AddressBookInput,
  AuditEntryView,
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
import type { AdminApi, AdminDepartment, AuditFilter, AuditPageRequest } from '../../addin/api/admin-api.js';
import { ApiError } from '../../addin/api/api-error.js';
import type { RequestOptions } from '../../addin/api/bridge-api.js';

/** What the fake stamps on everything it saves. */
export const FAKE_UPDATED_AT = Date.UTC(2026, 10, 20, 9, 30);
export const FAKE_ADMIN = 'admin@dingdemo.example.com';

export const DEPARTMENTS: AdminDepartment[] = [
  { deptId: 1, name: '演示科技集团', parentId: null },
  { deptId: 3, name: '销售部', parentId: 1 },
  { deptId: 5, name: '华北销售一组', parentId: 3 },
  { deptId: 7, name: '人力资源部', parentId: 1 },
];

/** The answer the server gives when the viewer lacks the role or the target is outside their scope. */
export function forbidden(): ApiError {
  return new ApiError('unauthorized', 403, 'APP_ERR_FORBIDDEN', 'outside your scope');
}

export function conflict(): ApiError {
  return new ApiError('rejected', 409, 'APP_ERR_CONFLICT', 'changed meanwhile');
}

export type AdminMethod = keyof AdminApi;

export interface AdminCall {
  method: AdminMethod;
  args: unknown[];
}

const stamp = { updatedAt: FAKE_UPDATED_AT, updatedBy: FAKE_ADMIN };

/**
 * An in-memory `AdminApi`: it keeps what is saved (so lists show it), records every call with its
 * arguments, and fails a chosen call once (`failOnce`) the way the server would.
 */
export class FakeAdminApi implements AdminApi {
  departmentList: AdminDepartment[] = [...DEPARTMENTS];
  rules: VisibilityRule[] = [];
  masks: FieldMask[] = [];
  books: AddressBook[] = [];
  roles: RoleAssignment[] = [];
  overlays = new Map<string, PersonOverlay>();
  audit: AuditEntryView[] = [];
  csv = 'seq,at,actor,action,target\n';
  readonly calls: AdminCall[] = [];
  readonly #failures = new Map<AdminMethod, unknown>();
  #nextId = 1;

  failOnce(method: AdminMethod, error: unknown): void {
    this.#failures.set(method, error);
  }

  /** the calls of one method, by their arguments */
  callsOf(method: AdminMethod): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  #record(method: AdminMethod, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.#failures.get(method);
    if (failure !== undefined) {
      this.#failures.delete(method);
      throw failure;
    }
  }

  async departments(_options?: RequestOptions): Promise<AdminDepartment[]> {
    this.#record('departments');
    return this.departmentList;
  }

  async visibilityRules(_options?: RequestOptions): Promise<VisibilityRule[]> {
    this.#record('visibilityRules');
    return this.rules;
  }

  async putVisibilityRule(deptId: number, input: VisibilityRuleInput): Promise<VisibilityRule> {
    this.#record('putVisibilityRule', deptId, input);
    const rule: VisibilityRule = { deptId, deptName: this.departmentList.find((d) => d.deptId === deptId)?.name ?? null, ...stamp, ...input };
    this.rules = [...this.rules.filter((r) => r.deptId !== deptId), rule];
    return rule;
  }

  async deleteVisibilityRule(deptId: number): Promise<void> {
    this.#record('deleteVisibilityRule', deptId);
    this.rules = this.rules.filter((r) => r.deptId !== deptId);
  }

  async fieldMasks(_options?: RequestOptions): Promise<FieldMask[]> {
    this.#record('fieldMasks');
    return this.masks;
  }

  async createFieldMask(input: FieldMaskInput): Promise<FieldMask> {
    this.#record('createFieldMask', input);
    const mask: FieldMask = { id: `mask-${this.#nextId++}`, ...stamp, ...input };
    this.masks = [...this.masks, mask];
    return mask;
  }

  async updateFieldMask(id: string, input: FieldMaskInput): Promise<FieldMask> {
    this.#record('updateFieldMask', id, input);
    const mask: FieldMask = { id, ...stamp, ...input };
    this.masks = this.masks.map((m) => (m.id === id ? mask : m));
    return mask;
  }

  async deleteFieldMask(id: string): Promise<void> {
    this.#record('deleteFieldMask', id);
    this.masks = this.masks.filter((m) => m.id !== id);
  }

  async addressBooks(_options?: RequestOptions): Promise<AddressBook[]> {
    this.#record('addressBooks');
    return this.books;
  }

  async createAddressBook(input: AddressBookInput): Promise<AddressBook> {
    this.#record('createAddressBook', input);
    const book: AddressBook = { id: `book-${this.#nextId++}`, ...stamp, ...input };
    this.books = [...this.books, book];
    return book;
  }

  async updateAddressBook(id: string, input: AddressBookInput): Promise<AddressBook> {
    this.#record('updateAddressBook', id, input);
    const book: AddressBook = { id, ...stamp, ...input };
    this.books = this.books.map((b) => (b.id === id ? book : b));
    return book;
  }

  async deleteAddressBook(id: string): Promise<void> {
    this.#record('deleteAddressBook', id);
    this.books = this.books.filter((b) => b.id !== id);
  }

  async roleAssignments(_options?: RequestOptions): Promise<RoleAssignment[]> {
    this.#record('roleAssignments');
    return this.roles;
  }

  async createRoleAssignment(input: RoleAssignmentInput): Promise<RoleAssignment> {
    this.#record('createRoleAssignment', input);
    const assignment: RoleAssignment = { id: `role-${this.#nextId++}`, fromConfig: false, ...stamp, ...input };
    this.roles = [...this.roles, assignment];
    return assignment;
  }

  async deleteRoleAssignment(id: string): Promise<void> {
    this.#record('deleteRoleAssignment', id);
    this.roles = this.roles.filter((r) => r.id !== id);
  }

  async personOverlay(userid: string, _options?: RequestOptions): Promise<PersonOverlay> {
    this.#record('personOverlay', userid);
    return this.overlays.get(userid) ?? { userid, tags: [], note: '', showMobile: true, showTelephone: true, ...stamp };
  }

  async putPersonOverlay(userid: string, input: PersonOverlayInput): Promise<PersonOverlay> {
    this.#record('putPersonOverlay', userid, input);
    const overlay: PersonOverlay = { userid, ...stamp, ...input };
    this.overlays.set(userid, overlay);
    return overlay;
  }

  async auditLog(request: AuditPageRequest, _options?: RequestOptions): Promise<AuditPage> {
    this.#record('auditLog', request);
    const limit = request.limit ?? 100;
    const older = this.audit.filter((e) => request.beforeSeq === undefined || e.seq < request.beforeSeq).sort((a, b) => b.seq - a.seq);
    const entries = older.slice(0, limit);
    const last = entries.at(-1);
    return { entries, nextBeforeSeq: older.length > limit && last !== undefined ? last.seq : null };
  }

  async auditCsv(filter: AuditFilter, _options?: RequestOptions): Promise<string> {
    this.#record('auditCsv', filter);
    return this.csv;
  }
}
