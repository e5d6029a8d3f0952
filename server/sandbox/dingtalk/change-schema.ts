import { Type, type Static, type TSchema } from 'typebox';
import { compileCheck, type SchemaCheck } from './schema-check.js';
import { invalidInput } from './errors.js';
import { isRecord } from './org-fields.js';
import type { SandboxState } from './sandbox-state.js';
import type { DepartmentInput, DepartmentPatch, HireInput, UserPatch } from './org-changes.js';

/**
 * JSON Schemas (TypeBox) of `POST /_sandbox/changes`. Over HTTP only DingTalk's documented fields are
 * accepted (unknown fields are rejected, catching typos such as `titel`); the org file is more lenient.
 * In patches, `null` removes an optional field.
 */
const str = Type.String();
const int = Type.Integer();
const bool = Type.Boolean();
const deptIds = Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 });

const USER_FIELDS = {
  name: Type.String({ minLength: 1 }),
  dept_id_list: deptIds,
  avatar: str,
  state_code: str,
  mobile: str,
  hide_mobile: bool,
  telephone: str,
  job_number: str,
  title: str,
  email: str,
  org_email: str,
  work_place: str,
  remark: str,
  dept_order: int,
  extension: str,
  hired_date: int,
  active: bool,
  admin: bool,
  boss: bool,
  leader: bool,
  exclusive_account: bool,
  exclusive_account_type: Type.Union([Type.Literal('sso'), Type.Literal('dingtalk')]),
  login_id: str,
  leader_in_dept: Type.Array(Type.Object({ dept_id: int, leader: bool }, { additionalProperties: false })),
  dept_order_list: Type.Array(Type.Object({ dept_id: int, order: int }, { additionalProperties: false })),
  manager_userid: str,
  senior: bool,
  real_authed: bool,
  org_email_type: Type.Union([Type.Literal('profession'), Type.Literal('base')]),
};

const DEPT_FIELDS = {
  name: Type.String({ minLength: 1 }),
  parent_id: Type.Integer({ minimum: 1 }),
  order: int,
  create_dept_group: bool,
  auto_add_user: bool,
  from_union_org: bool,
  tags: str,
  ext: str,
  source_identifier: str,
  brief: str,
  telephone: str,
  dept_manager_userid_list: Type.Array(str),
  hide_dept: bool,
  dept_permits: Type.Array(int),
  user_permits: Type.Array(str),
  outer_dept: bool,
  outer_dept_only_self: bool,
  outer_permit_depts: Type.Array(int),
  outer_permit_users: Type.Array(str),
};

function optionalAll<T extends Record<string, TSchema>>(fields: T, nullable: boolean): Record<string, TSchema> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [key, Type.Optional(nullable ? Type.Union([schema, Type.Null()]) : schema)]),
  );
}

const closed = { additionalProperties: false } as const;
const userid = Type.String({ minLength: 1, maxLength: 64 });
const deptId = Type.Integer({ minimum: 1 });

const HireUser = Type.Object(
  {
    ...optionalAll(USER_FIELDS, false),
    userid: Type.Optional(userid),
    unionid: Type.Optional(Type.String({ minLength: 1 })),
    name: USER_FIELDS.name,
    dept_id_list: deptIds,
  },
  closed,
);
const NewDepartment = Type.Object(
  { ...optionalAll(DEPT_FIELDS, false), dept_id: Type.Optional(deptId), name: DEPT_FIELDS.name, parent_id: DEPT_FIELDS.parent_id },
  closed,
);

/** One schema per action; the body is `{action, …}`. */
export const CHANGE_SCHEMAS = {
  hire: Type.Object({ action: Type.Literal('hire'), user: HireUser }, closed),
  leave: Type.Object(
    {
      action: Type.Literal('leave'),
      userid,
      reason: Type.Optional(Type.Union(['oapi', 'cancel', 'leave', 'unknown', 'delete'].map((r) => Type.Literal(r)))),
    },
    closed,
  ),
  modify: Type.Object({ action: Type.Literal('modify'), userid, patch: Type.Object(optionalAll(USER_FIELDS, true), closed) }, closed),
  move: Type.Object({ action: Type.Literal('move'), userid, dept_id_list: deptIds }, closed),
  activate: Type.Object({ action: Type.Literal('activate'), userid }, closed),
  dept_create: Type.Object({ action: Type.Literal('dept_create'), dept: NewDepartment }, closed),
  dept_rename: Type.Object({ action: Type.Literal('dept_rename'), dept_id: deptId, name: DEPT_FIELDS.name }, closed),
  dept_update: Type.Object(
    { action: Type.Literal('dept_update'), dept_id: deptId, patch: Type.Object(optionalAll(DEPT_FIELDS, true), closed) },
    closed,
  ),
  dept_remove: Type.Object({ action: Type.Literal('dept_remove'), dept_id: deptId }, closed),
};

export type ChangeAction = keyof typeof CHANGE_SCHEMAS;
export type ChangeRequest = { [A in ChangeAction]: Static<(typeof CHANGE_SCHEMAS)[A]> }[ChangeAction];
export const CHANGE_ACTIONS = Object.keys(CHANGE_SCHEMAS) as ChangeAction[];

const checks = Object.fromEntries(
  Object.entries(CHANGE_SCHEMAS).map(([action, schema]) => [action, compileCheck(schema)]),
) as Record<ChangeAction, SchemaCheck<TSchema>>;

/** Validates a change body; throws invalid_input naming the action or the offending fields. */
export function parseChange(body: unknown): ChangeRequest {
  const action = isRecord(body) ? body['action'] : undefined;
  if (typeof action !== 'string' || !(CHANGE_ACTIONS as string[]).includes(action)) {
    throw invalidInput('invalid change', [`action: must be one of ${CHANGE_ACTIONS.join(', ')}`]);
  }
  return checks[action as ChangeAction].assert(body, `invalid ${action}`) as ChangeRequest;
}

/** Applies a validated change to the state; returns the affected user, department or leave record. */
export function applyChange(state: SandboxState, change: ChangeRequest): object {
  switch (change.action) {
    case 'hire':
      return state.hire(change.user as HireInput);
    case 'leave':
      return state.leave(change.userid, change.reason as Parameters<SandboxState['leave']>[1]);
    case 'modify':
      return state.modifyUser(change.userid, change.patch as UserPatch);
    case 'move':
      return state.moveUser(change.userid, change.dept_id_list);
    case 'activate':
      return state.activateUser(change.userid);
    case 'dept_create':
      return state.createDepartment(change.dept as DepartmentInput);
    case 'dept_rename':
      return state.renameDepartment(change.dept_id, change.name);
    case 'dept_update':
      return state.updateDepartment(change.dept_id, change.patch as DepartmentPatch);
    case 'dept_remove':
      return state.removeDepartment(change.dept_id);
  }
}
