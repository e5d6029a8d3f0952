/**
 * Wire shapes of the DingTalk contacts API (legacy topapi, snake_case), as documented in
 * shared/reference/dingtalk.md §3. Fields DingTalk omits when false/absent are optional here.
 */

/** Item of `/topapi/v2/department/listsub` (one level of children). */
export interface DingTalkDepartment {
  dept_id: number;
  name: string;
  parent_id?: number;
  create_dept_group?: boolean;
  auto_add_user?: boolean;
  from_union_org?: boolean;
  tags?: string;
  ext?: string;
  source_identifier?: string;
}

/** Result of `/topapi/v2/department/get`: the list item plus layout, people and visibility fields. */
export interface DingTalkDepartmentDetail extends DingTalkDepartment {
  order?: number;
  brief?: string;
  telephone?: string;
  dept_manager_userid_list?: string[];
  member_count?: number;
  owning_member_count?: number;
  /** Present (true) only when the department is hidden from the directory. */
  hide_dept?: boolean;
  dept_permits?: number[];
  user_permits?: string[];
  /** Present (true) only when members may see a restricted directory. */
  outer_dept?: boolean;
  outer_dept_only_self?: boolean;
  outer_permit_depts?: number[];
  outer_permit_users?: string[];
}

/** Item of `/topapi/v2/user/list` (and the core of `/topapi/v2/user/get`). */
export interface DingTalkUser {
  userid: string;
  unionid: string;
  name: string;
  avatar?: string;
  state_code?: string;
  /** Omitted when the app lacks the employee-mobile permission. */
  mobile?: string;
  hide_mobile?: boolean;
  telephone?: string;
  job_number?: string;
  title?: string;
  email?: string;
  org_email?: string;
  work_place?: string;
  remark?: string;
  dept_id_list: number[];
  dept_order?: number;
  /** JSON string of the org's custom fields, e.g. {"英文名":"Peter Chan"}. */
  extension?: string;
  hired_date?: number;
  active?: boolean;
  admin?: boolean;
  boss?: boolean;
  leader?: boolean;
  exclusive_account?: boolean;
  exclusive_account_type?: 'sso' | 'dingtalk';
  login_id?: string;
}

/** Result of `/topapi/v2/user/get`. */
export interface DingTalkUserDetail extends DingTalkUser {
  leader_in_dept?: Array<{ dept_id: number; leader: boolean }>;
  dept_order_list?: Array<{ dept_id: number; order: number }>;
  manager_userid?: string;
  /** Executive mode: the mobile is hidden from everyone. */
  senior?: boolean;
  real_authed?: boolean;
  org_email_type?: 'profession' | 'base';
}

/** Legacy success envelope `{errcode:0, errmsg:"ok", result, request_id}`. */
export interface LegacyEnvelope<T> {
  errcode: number;
  errmsg: string;
  result?: T;
  request_id?: string;
  sub_code?: string;
  sub_msg?: string;
}

export interface UserListPage {
  has_more: boolean;
  next_cursor?: number;
  list: DingTalkUser[];
}
