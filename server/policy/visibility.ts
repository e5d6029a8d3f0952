import type { AddressBook, Audience, PersonField } from '../../shared/admin-api.js';
import type { OrgTree, PersonPlacement, PolicySnapshot, ViewerContext } from './model.js';
import { OrgPaths } from './org-paths.js';

/** What DingTalk itself says about one person's fields (hide_mobile, executive mode). */
export interface PersonPrivacy {
  mobileHidden: boolean;
}

/**
 * Who one viewer may see, for one request. Pure: built from the policy snapshot, the department tree
 * and the viewer, nothing else. Every read path asks it (search, browse, card, counts, lookalikes, the
 * change stream), so a hidden person or field never leaves the server.
 *
 * A person is visible when, in this order:
 * 1. they are the viewer (everyone sees themselves);
 * 2. the viewer is not in a DingTalk-restricted department (`outer_dept`) that excludes them;
 * 3. they are in the chosen address book (when one is chosen);
 * 4. at least one of their departments is visible: not hidden by DingTalk (`hide_dept`, unless the
 *    viewer is permitted) and allowed by the product rule nearest up the tree.
 */
export class ViewerVisibility {
  readonly #paths: OrgPaths;
  readonly #deptVisible = new Map<number, boolean>();
  /** null: the viewer is not restricted by DingTalk's outer_dept */
  readonly #restriction: { roots: Set<number>; users: Set<string> } | null;
  readonly #bookRoots: Set<number> | null;
  readonly #bookUsers: Set<string> | null;
  readonly #viewerDepts: readonly number[];

  constructor(
    private readonly policy: PolicySnapshot,
    private readonly tree: OrgTree,
    readonly viewer: ViewerContext,
    readonly book: AddressBook | null = null,
  ) {
    this.#paths = new OrgPaths(tree);
    this.#viewerDepts = viewer.deptIds;
    this.#restriction = this.#outerRestriction();
    this.#bookRoots = book === null ? null : new Set(book.deptIds);
    this.#bookUsers = book === null ? null : new Set(book.userids);
  }

  canSeePerson(person: PersonPlacement): boolean {
    if (this.viewer.userid !== null && person.userid === this.viewer.userid) return true;
    if (this.#restriction !== null && !this.#restriction.users.has(person.userid) && !this.#paths.anyWithinAny(person.deptIds, this.#restriction.roots)) {
      return false;
    }
    if (this.#bookRoots !== null && !this.#bookUsers!.has(person.userid) && !this.#paths.anyWithinAny(person.deptIds, this.#bookRoots)) return false;
    return person.deptIds.some((deptId) => this.#isDeptVisible(deptId));
  }

  /**
   * Whether the department may be shown when browsing. Departments above the ones the viewer may see
   * (or above the book's) stay navigable by name so the tree can be walked down to them; their member
   * lists are still filtered person by person.
   */
  canSeeDept(deptId: number): boolean {
    if (this.tree.department(deptId) === undefined || !this.#isDeptVisible(deptId)) return false;
    if (this.#restriction !== null && !this.#inOrAbove(deptId, this.#restriction.roots) && !this.#isViewerAncestorOrOwn(deptId)) return false;
    if (this.#bookRoots !== null && !this.#inOrAbove(deptId, this.#bookRoots)) return false;
    return true;
  }

  /** Fields of `person` this viewer must not receive. The viewer's own record is never masked. */
  hiddenFields(person: PersonPlacement, privacy: PersonPrivacy): ReadonlySet<PersonField> {
    const hidden = new Set<PersonField>();
    if (this.viewer.userid !== null && person.userid === this.viewer.userid) return hidden;
    if (privacy.mobileHidden) hidden.add('mobile');
    const overlay = this.policy.overlays.get(person.userid);
    if (overlay !== undefined) {
      if (!overlay.showMobile) hidden.add('mobile');
      if (!overlay.showTelephone) hidden.add('telephone');
    }
    for (const mask of this.policy.masks) {
      if (this.viewer.userid !== null && mask.exemptUserids.includes(this.viewer.userid)) continue;
      if (!this.#inAudience(mask.viewers)) continue;
      if (mask.targetDeptIds.length > 0 && !this.#paths.anyWithinAny(person.deptIds, mask.targetDeptIds)) continue;
      for (const field of mask.fields) hidden.add(field);
    }
    return hidden;
  }

  /** Is the viewer in this audience (everyone, listed department subtrees, or listed people)? */
  #inAudience(audience: Audience): boolean {
    if (audience.everyone) return true;
    if (this.viewer.userid !== null && audience.userids.includes(this.viewer.userid)) return true;
    return this.#paths.anyWithinAny(this.#viewerDepts, audience.deptIds);
  }

  #isDeptVisible(deptId: number): boolean {
    const known = this.#deptVisible.get(deptId);
    if (known !== undefined) return known;
    const visible = this.tree.department(deptId) !== undefined && !this.#hiddenByDingTalk(deptId) && this.#allowedByProductRule(deptId);
    this.#deptVisible.set(deptId, visible);
    return visible;
  }

  /**
   * `hide_dept` hides the department and everything below it, except from its own members and from the
   * departments and people it permits (`dept_permits`, `user_permits`). The docs do not say whether a
   * permitted department's sub-departments are permitted too; we read it as the subtree, as DingTalk's
   * admin console describes department scopes.
   */
  #hiddenByDingTalk(deptId: number): boolean {
    for (const id of this.#paths.chain(deptId)) {
      const facts = this.tree.department(id);
      if (facts === undefined || !facts.hideDept) continue;
      const permitted =
        this.#viewerInSubtree(id) ||
        (this.viewer.userid !== null && facts.userPermits.includes(this.viewer.userid)) ||
        this.#paths.anyWithinAny(this.#viewerDepts, facts.deptPermits);
      if (!permitted) return true;
    }
    return false;
  }

  /** The nearest product rule up the tree decides; no rule means everyone. */
  #allowedByProductRule(deptId: number): boolean {
    for (const id of this.#paths.chain(deptId)) {
      const rule = this.policy.rules.get(id);
      if (rule === undefined) continue;
      if (rule.audience === 'everyone') return true;
      if (this.#viewerInSubtree(id)) return true;
      if (rule.audience === 'own_department') return false;
      return (this.viewer.userid !== null && rule.allowUserids.includes(this.viewer.userid)) || this.#paths.anyWithinAny(this.#viewerDepts, rule.allowDeptIds);
    }
    return true;
  }

  /**
   * DingTalk's `outer_dept` ("限制本部门成员查看通讯录") restricts what the department's members see:
   * their own department (and below) when `outer_dept_only_self` is true or not reported, only
   * themselves when it is false, plus `outer_permit_depts` / `outer_permit_users`. The docs do not say
   * what a person in both a restricted and an open department sees; we apply the restriction (the
   * stricter reading), uniting the allowances of all their restricted departments.
   */
  #outerRestriction(): { roots: Set<number>; users: Set<string> } | null {
    let restriction: { roots: Set<number>; users: Set<string> } | null = null;
    for (const deptId of this.#viewerDepts) {
      const facts = this.tree.department(deptId);
      if (facts === undefined || !facts.outerDept) continue;
      restriction ??= { roots: new Set(), users: new Set(this.viewer.userid === null ? [] : [this.viewer.userid]) };
      if (facts.outerDeptOnlySelf !== false) restriction.roots.add(deptId);
      for (const id of facts.outerPermitDepts) restriction.roots.add(id);
      for (const user of facts.outerPermitUsers) restriction.users.add(user);
    }
    return restriction;
  }

  #viewerInSubtree(root: number): boolean {
    return this.#viewerDepts.some((id) => this.#paths.within(id, root));
  }

  #isViewerAncestorOrOwn(deptId: number): boolean {
    return this.#viewerDepts.some((id) => this.#paths.within(id, deptId));
  }

  /** Inside one of `roots`' subtrees, or an ancestor of one of them (navigable down to it). */
  #inOrAbove(deptId: number, roots: ReadonlySet<number>): boolean {
    if (this.#paths.withinAny(deptId, roots)) return true;
    for (const root of roots) if (this.#paths.within(root, deptId)) return true;
    return false;
  }
}

/** Books this viewer may switch to (the whole directory is always the default, not listed here). */
export function booksFor(policy: PolicySnapshot, tree: OrgTree, viewer: ViewerContext): AddressBook[] {
  const paths = new OrgPaths(tree);
  return policy.books.filter(
    (book) =>
      book.viewers.everyone ||
      (viewer.userid !== null && book.viewers.userids.includes(viewer.userid)) ||
      paths.anyWithinAny(viewer.deptIds, book.viewers.deptIds),
  );
}
