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
import type { AdminApi, AdminDepartment, AuditFilter, AuditPageRequest } from './admin-api.js';
import type { RequestOptions } from './bridge-api.js';
import type { BridgeHttp, Query } from './http-client.js';

const ADMIN = '/api/admin';

const id = (value: string | number): string => encodeURIComponent(String(value));

function auditQuery(filter: AuditPageRequest): Query {
  return { actor: filter.actor, action: filter.action, target: filter.target, from: filter.from, to: filter.to, limit: filter.limit, beforeSeq: filter.beforeSeq };
}

/** `AdminApi` over the pane's one HTTP path (bearer token, 401 retry, `ApiError`). */
export class HttpAdminApi implements AdminApi {
  readonly #http: BridgeHttp;

  constructor(http: BridgeHttp) {
    this.#http = http;
  }

  async departments(options: RequestOptions = {}): Promise<AdminDepartment[]> {
    return (await this.#http.json<{ departments: AdminDepartment[] }>('GET', `${ADMIN}/departments`, { signal: options.signal })).departments;
  }

  async visibilityRules(options: RequestOptions = {}): Promise<VisibilityRule[]> {
    return (await this.#http.json<{ rules: VisibilityRule[] }>('GET', `${ADMIN}/visibility-rules`, { signal: options.signal })).rules;
  }

  putVisibilityRule(deptId: number, input: VisibilityRuleInput): Promise<VisibilityRule> {
    return this.#http.json('PUT', `${ADMIN}/visibility-rules/${id(deptId)}`, { body: input });
  }

  deleteVisibilityRule(deptId: number): Promise<void> {
    return this.#http.json('DELETE', `${ADMIN}/visibility-rules/${id(deptId)}`);
  }

  async fieldMasks(options: RequestOptions = {}): Promise<FieldMask[]> {
    return (await this.#http.json<{ masks: FieldMask[] }>('GET', `${ADMIN}/field-masks`, { signal: options.signal })).masks;
  }

  createFieldMask(input: FieldMaskInput): Promise<FieldMask> {
    return this.#http.json('POST', `${ADMIN}/field-masks`, { body: input });
  }

  updateFieldMask(maskId: string, input: FieldMaskInput): Promise<FieldMask> {
    return this.#http.json('PUT', `${ADMIN}/field-masks/${id(maskId)}`, { body: input });
  }

  deleteFieldMask(maskId: string): Promise<void> {
    return this.#http.json('DELETE', `${ADMIN}/field-masks/${id(maskId)}`);
  }

  async addressBooks(options: RequestOptions = {}): Promise<AddressBook[]> {
    return (await this.#http.json<{ books: AddressBook[] }>('GET', `${ADMIN}/address-books`, { signal: options.signal })).books;
  }

  createAddressBook(input: AddressBookInput): Promise<AddressBook> {
    return this.#http.json('POST', `${ADMIN}/address-books`, { body: input });
  }

  updateAddressBook(bookId: string, input: AddressBookInput): Promise<AddressBook> {
    return this.#http.json('PUT', `${ADMIN}/address-books/${id(bookId)}`, { body: input });
  }

  deleteAddressBook(bookId: string): Promise<void> {
    return this.#http.json('DELETE', `${ADMIN}/address-books/${id(bookId)}`);
  }

  async roleAssignments(options: RequestOptions = {}): Promise<RoleAssignment[]> {
    return (await this.#http.json<{ assignments: RoleAssignment[] }>('GET', `${ADMIN}/roles`, { signal: options.signal })).assignments;
  }

  createRoleAssignment(input: RoleAssignmentInput): Promise<RoleAssignment> {
    return this.#http.json('POST', `${ADMIN}/roles`, { body: input });
  }

  deleteRoleAssignment(assignmentId: string): Promise<void> {
    return this.#http.json('DELETE', `${ADMIN}/roles/${id(assignmentId)}`);
  }

  personOverlay(userid: string, options: RequestOptions = {}): Promise<PersonOverlay> {
    return this.#http.json('GET', `${ADMIN}/people/${id(userid)}/overlay`, { signal: options.signal });
  }

  putPersonOverlay(userid: string, input: PersonOverlayInput): Promise<PersonOverlay> {
    return this.#http.json('PUT', `${ADMIN}/people/${id(userid)}/overlay`, { body: input });
  }

  auditLog(request: AuditPageRequest, options: RequestOptions = {}): Promise<AuditPage> {
    return this.#http.json('GET', `${ADMIN}/audit`, { query: auditQuery(request), signal: options.signal });
  }

  /**
   * why: fetched with the bearer token and handed to the caller as text, because a plain link to
   * audit.csv would be opened without the Authorization header (the pane signs in with tokens, not cookies).
   */
  auditCsv(filter: AuditFilter, options: RequestOptions = {}): Promise<string> {
    return this.#http.text(`${ADMIN}/audit.csv`, { query: auditQuery(filter), signal: options.signal }, 'text/csv');
  }
}
