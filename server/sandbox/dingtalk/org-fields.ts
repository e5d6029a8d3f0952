/**
 * Field-level checks for departments and users in DingTalk's own field names (types.ts). Shared by the org
 * document loader and by every sandbox change, so a hand-written org file and a `hire` over HTTP are held to
 * the same rules. Each issue is one line `path.field: what is wrong`, e.g.
 * `users[12].dept_id_list: department 99 does not exist`.
 *
 * Unknown fields are allowed and kept (real exports carry more, e.g. role_list); known fields must have the
 * documented type.
 */

/** What the checks need to know about the rest of the org to validate references. */
export interface OrgLookup {
  hasDepartment(deptId: number): boolean;
  hasUser(userid: string): boolean;
}

type Kind = 'string' | 'text' | 'boolean' | 'integer' | 'integers' | 'strings';

const DEPARTMENT_FIELDS: Record<string, Kind> = {
  dept_id: 'integer',
  name: 'text',
  parent_id: 'integer',
  order: 'integer',
  create_dept_group: 'boolean',
  auto_add_user: 'boolean',
  from_union_org: 'boolean',
  tags: 'string',
  ext: 'string',
  source_identifier: 'string',
  brief: 'string',
  telephone: 'string',
  dept_manager_userid_list: 'strings',
  hide_dept: 'boolean',
  dept_permits: 'integers',
  user_permits: 'strings',
  outer_dept: 'boolean',
  outer_dept_only_self: 'boolean',
  outer_permit_depts: 'integers',
  outer_permit_users: 'strings',
};

const USER_FIELDS: Record<string, Kind> = {
  userid: 'text',
  unionid: 'text',
  name: 'text',
  avatar: 'string',
  state_code: 'string',
  mobile: 'string',
  hide_mobile: 'boolean',
  telephone: 'string',
  job_number: 'string',
  title: 'string',
  email: 'string',
  org_email: 'string',
  work_place: 'string',
  remark: 'string',
  dept_id_list: 'integers',
  dept_order: 'integer',
  extension: 'string',
  hired_date: 'integer',
  active: 'boolean',
  admin: 'boolean',
  boss: 'boolean',
  leader: 'boolean',
  exclusive_account: 'boolean',
  login_id: 'string',
  manager_userid: 'string',
  senior: 'boolean',
  real_authed: 'boolean',
};

const ENUMS: Record<string, readonly string[]> = {
  exclusive_account_type: ['sso', 'dingtalk'],
  org_email_type: ['profession', 'base'],
};

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Issues with one department's fields and references (parent existence, permits, managers). */
export function departmentIssues(dept: Json, path: string, lookup: OrgLookup): string[] {
  const issues = typeIssues(dept, path, DEPARTMENT_FIELDS);
  const id = dept['dept_id'];
  if (id === undefined) issues.push(`${path}.dept_id: is required`);
  if (dept['name'] === undefined) issues.push(`${path}.name: is required`);
  if (typeof id === 'number' && id < 1) issues.push(`${path}.dept_id: must be a positive integer`);
  const parent = dept['parent_id'];
  if (id === 1) {
    if (parent !== undefined) issues.push(`${path}.parent_id: the root department 1 has no parent`);
  } else if (parent === undefined) {
    issues.push(`${path}.parent_id: is required (the root is department 1)`);
  } else if (typeof parent === 'number') {
    if (parent === id) issues.push(`${path}.parent_id: a department cannot be its own parent`);
    else if (!lookup.hasDepartment(parent)) issues.push(`${path}.parent_id: department ${parent} does not exist`);
  }
  issues.push(...missingDepartments(dept, path, 'dept_permits', lookup));
  issues.push(...missingDepartments(dept, path, 'outer_permit_depts', lookup));
  issues.push(...missingUsers(dept, path, 'dept_manager_userid_list', lookup));
  issues.push(...missingUsers(dept, path, 'user_permits', lookup));
  issues.push(...missingUsers(dept, path, 'outer_permit_users', lookup));
  return issues;
}

/** Issues with one user's fields and references (departments, manager, per-department lists, extension). */
export function userIssues(user: Json, path: string, lookup: OrgLookup): string[] {
  const issues = typeIssues(user, path, USER_FIELDS);
  for (const field of ['userid', 'unionid', 'name', 'dept_id_list']) {
    if (user[field] === undefined) issues.push(`${path}.${field}: is required`);
  }
  const userid = user['userid'];
  if (typeof userid === 'string' && userid.length > 64) issues.push(`${path}.userid: must be at most 64 characters`);
  const depts = user['dept_id_list'];
  if (Array.isArray(depts)) {
    if (depts.length === 0) issues.push(`${path}.dept_id_list: must name at least one department`);
    if (new Set(depts).size !== depts.length) issues.push(`${path}.dept_id_list: lists a department twice`);
    issues.push(...missingDepartments(user, path, 'dept_id_list', lookup));
  }
  const manager = user['manager_userid'];
  if (typeof manager === 'string') {
    if (manager === userid) issues.push(`${path}.manager_userid: a user cannot be their own manager`);
    else if (!lookup.hasUser(manager)) issues.push(`${path}.manager_userid: user ${JSON.stringify(manager)} does not exist`);
  }
  const extension = user['extension'];
  if (typeof extension === 'string' && !isJsonObjectText(extension)) {
    issues.push(`${path}.extension: must be a JSON object encoded as a string, e.g. "{\\"英文名\\":\\"Peter Chan\\"}"`);
  }
  const inDepts = new Set(Array.isArray(depts) ? depts : []);
  issues.push(...perDepartmentIssues(user, path, 'leader_in_dept', 'leader', 'boolean', inDepts));
  issues.push(...perDepartmentIssues(user, path, 'dept_order_list', 'order', 'number', inDepts));
  return issues;
}

function typeIssues(entity: Json, path: string, fields: Record<string, Kind>): string[] {
  const issues: string[] = [];
  for (const [field, kind] of Object.entries(fields)) {
    const value = entity[field];
    if (value === undefined) continue;
    const problem = kindProblem(value, kind);
    if (problem !== null) issues.push(`${path}.${field}: ${problem}`);
  }
  for (const [field, allowed] of Object.entries(ENUMS)) {
    const value = entity[field];
    if (value !== undefined && !allowed.includes(value as string)) {
      issues.push(`${path}.${field}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    }
  }
  return issues;
}

function kindProblem(value: unknown, kind: Kind): string | null {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'text':
      return typeof value === 'string' && value.trim().length > 0 ? null : 'must be a non-empty string';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'integer':
      return Number.isSafeInteger(value) ? null : 'must be an integer';
    case 'integers':
      return Array.isArray(value) && value.every((item) => Number.isSafeInteger(item))
        ? null
        : 'must be an array of integers';
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? null
        : 'must be an array of strings';
  }
}

function missingDepartments(entity: Json, path: string, field: string, lookup: OrgLookup): string[] {
  const list = entity[field];
  if (!Array.isArray(list)) return [];
  return list
    .filter((id): id is number => Number.isSafeInteger(id) && !lookup.hasDepartment(id as number))
    .map((id) => `${path}.${field}: department ${id} does not exist`);
}

function missingUsers(entity: Json, path: string, field: string, lookup: OrgLookup): string[] {
  const list = entity[field];
  if (!Array.isArray(list)) return [];
  return list
    .filter((id): id is string => typeof id === 'string' && !lookup.hasUser(id))
    .map((id) => `${path}.${field}: user ${JSON.stringify(id)} does not exist`);
}

function perDepartmentIssues(
  user: Json,
  path: string,
  field: string,
  valueField: string,
  valueType: 'boolean' | 'number',
  inDepts: ReadonlySet<unknown>,
): string[] {
  const list = user[field];
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [`${path}.${field}: must be an array`];
  const issues: string[] = [];
  list.forEach((entry, index) => {
    const at = `${path}.${field}[${index}]`;
    if (!isRecord(entry) || !Number.isSafeInteger(entry['dept_id']) || typeof entry[valueField] !== valueType) {
      issues.push(`${at}: must be {"dept_id": integer, "${valueField}": ${valueType}}`);
    } else if (!inDepts.has(entry['dept_id'])) {
      issues.push(`${at}.dept_id: ${String(entry['dept_id'])} is not in dept_id_list`);
    }
  });
  return issues;
}

function isJsonObjectText(text: string): boolean {
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
}
