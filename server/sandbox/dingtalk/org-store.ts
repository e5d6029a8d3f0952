import type { DingTalkDepartmentDetail, DingTalkUserDetail } from '../../connectors/dingtalk/types.js';
import type { OrgDocument } from './org-document.js';
import type { OrgLookup } from './org-fields.js';

/**
 * The sandbox's mutable organisation with the indexes the API needs (children per department, direct members
 * per department in DingTalk order, unionid → userid). It stores; it does not validate: callers
 * (org-changes.ts, parseOrgDocument) guarantee the OrgDocument invariants before writing.
 *
 * Member order is insertion order (the order of the org file, then hires), which is what `user/list` pages over.
 * Objects handed out are the stored ones: read-only by convention; views (org-views.ts) copy before exposing.
 */
export class OrgStore implements OrgLookup {
  readonly #departments = new Map<number, DingTalkDepartmentDetail>();
  readonly #users = new Map<string, DingTalkUserDetail>();
  readonly #byUnionid = new Map<string, string>();
  readonly #children = new Map<number, Set<number>>();
  readonly #members = new Map<number, Set<string>>();

  /** `doc` must already satisfy the OrgDocument invariants (use parseOrgDocument). It is copied. */
  constructor(doc: OrgDocument) {
    for (const dept of structuredClone(doc.departments)) this.putDepartment(dept);
    for (const user of structuredClone(doc.users)) this.putUser(user);
  }

  get departmentCount(): number {
    return this.#departments.size;
  }

  get userCount(): number {
    return this.#users.size;
  }

  hasDepartment(deptId: number): boolean {
    return this.#departments.has(deptId);
  }

  hasUser(userid: string): boolean {
    return this.#users.has(userid);
  }

  department(deptId: number): Readonly<DingTalkDepartmentDetail> | undefined {
    return this.#departments.get(deptId);
  }

  user(userid: string): Readonly<DingTalkUserDetail> | undefined {
    return this.#users.get(userid);
  }

  useridByUnionid(unionid: string): string | undefined {
    return this.#byUnionid.get(unionid);
  }

  /** Direct children, in insertion order. Empty for unknown ids. */
  childIds(deptId: number): number[] {
    return [...(this.#children.get(deptId) ?? [])];
  }

  /** Direct members (no sub-departments), in DingTalk order. Empty for unknown ids. */
  memberIds(deptId: number): string[] {
    return [...(this.#members.get(deptId) ?? [])];
  }

  memberCount(deptId: number): number {
    return this.#members.get(deptId)?.size ?? 0;
  }

  /** Distinct users in the department and all its descendants (DingTalk's member_count). */
  subtreeMemberCount(deptId: number): number {
    const seen = new Set<string>();
    const stack = [deptId];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      for (const userid of this.#members.get(id) ?? []) seen.add(userid);
      stack.push(...(this.#children.get(id) ?? []));
    }
    return seen.size;
  }

  /** True when `ancestorId` is `deptId` itself or one of its ancestors. */
  isSelfOrAncestor(ancestorId: number, deptId: number): boolean {
    for (let id: number | undefined = deptId; id !== undefined; id = this.#departments.get(id)?.parent_id) {
      if (id === ancestorId) return true;
    }
    return false;
  }

  departments(): IterableIterator<Readonly<DingTalkDepartmentDetail>> {
    return this.#departments.values();
  }

  users(): IterableIterator<Readonly<DingTalkUserDetail>> {
    return this.#users.values();
  }

  /** Inserts or replaces a department, keeping the children index in step with parent_id. */
  putDepartment(dept: DingTalkDepartmentDetail): void {
    const previous = this.#departments.get(dept.dept_id);
    if (previous?.parent_id !== undefined && previous.parent_id !== dept.parent_id) {
      this.#children.get(previous.parent_id)?.delete(dept.dept_id);
    }
    this.#departments.set(dept.dept_id, dept);
    if (dept.parent_id !== undefined) setFor(this.#children, dept.parent_id).add(dept.dept_id);
  }

  deleteDepartment(deptId: number): void {
    const dept = this.#departments.get(deptId);
    if (dept === undefined) return;
    if (dept.parent_id !== undefined) this.#children.get(dept.parent_id)?.delete(deptId);
    this.#departments.delete(deptId);
    this.#children.delete(deptId);
    this.#members.delete(deptId);
  }

  /** Inserts or replaces a user; a user keeps its position in departments it stays in. */
  putUser(user: DingTalkUserDetail): void {
    const previous = this.#users.get(user.userid);
    if (previous !== undefined) {
      for (const deptId of previous.dept_id_list) {
        if (!user.dept_id_list.includes(deptId)) this.#members.get(deptId)?.delete(user.userid);
      }
      this.#byUnionid.delete(previous.unionid);
    }
    this.#users.set(user.userid, user);
    this.#byUnionid.set(user.unionid, user.userid);
    for (const deptId of user.dept_id_list) setFor(this.#members, deptId).add(user.userid);
  }

  deleteUser(userid: string): void {
    const user = this.#users.get(userid);
    if (user === undefined) return;
    for (const deptId of user.dept_id_list) this.#members.get(deptId)?.delete(userid);
    this.#byUnionid.delete(user.unionid);
    this.#users.delete(userid);
  }

  /** The current org as a document (deep copy), e.g. to save a demo org after scripted changes. */
  toDocument(corpId?: string): OrgDocument {
    return structuredClone({
      ...(corpId === undefined ? {} : { corpId }),
      departments: [...this.#departments.values()],
      users: [...this.#users.values()],
    });
  }
}

function setFor<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
