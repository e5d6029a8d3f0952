import assert from 'node:assert/strict';
import type { AddressBook, FieldMask, VisibilityRule } from '../../../shared/admin-api.js';
import { EMPTY_POLICY, type DepartmentFacts, type OrgTree, type PolicySnapshot, type ViewerContext } from '../../../server/policy/model.js';
import { booksFor, ViewerVisibility } from '../../../server/policy/visibility.js';

/** 1 → 2 sales, 3 rnd → 4 backend, 5 finance, 6 board (hidden), 7 outsource (restricted) */
function tree(overrides: Record<number, Partial<DepartmentFacts>> = {}): OrgTree {
  const base: Record<number, DepartmentFacts> = {};
  const plain = (parentId: number | null): DepartmentFacts => ({
    parentId,
    hideDept: false,
    deptPermits: [],
    userPermits: [],
    outerDept: false,
    outerDeptOnlySelf: null,
    outerPermitDepts: [],
    outerPermitUsers: [],
  });
  for (const [id, parent] of [[1, null], [2, 1], [3, 1], [4, 3], [5, 1], [6, 1], [7, 1]] as const) base[id] = { ...plain(parent), ...overrides[id] };
  return { department: (id) => base[id] };
}

const viewer = (userid: string | null, deptIds: number[]): ViewerContext => ({ email: `${userid ?? 'nobody'}@x.example`, userid, deptIds });
const person = (userid: string, deptIds: number[]) => ({ userid, deptIds });
const audience = (a: Partial<{ everyone: boolean; deptIds: number[]; userids: string[] }> = {}) => ({ everyone: false, deptIds: [], userids: [], ...a });

function rule(deptId: number, r: Partial<VisibilityRule>): VisibilityRule {
  return { deptId, deptName: null, audience: 'everyone', allowDeptIds: [], allowUserids: [], updatedAt: 0, updatedBy: 't', ...r };
}

function policy(p: Partial<PolicySnapshot>): PolicySnapshot {
  return { ...EMPTY_POLICY, ...p };
}

describe('server/policy/visibility', () => {
  it('sees everyone when there is no policy at all', () => {
    const v = new ViewerVisibility(EMPTY_POLICY, tree(), viewer('a', [2]));
    for (const dept of [1, 2, 3, 4, 5, 6, 7]) assert.ok(v.canSeePerson(person('x', [dept])), `dept ${dept}`);
  });

  describe('DingTalk hide_dept', () => {
    const hidden = tree({ 6: { hideDept: true, deptPermits: [2], userPermits: ['boss'] } });
    it('hides the department and its people from others', () => {
      const v = new ViewerVisibility(EMPTY_POLICY, hidden, viewer('a', [3]));
      assert.equal(v.canSeePerson(person('x', [6])), false);
      assert.equal(v.canSeeDept(6), false);
    });
    it('shows it to its own members, permitted departments (and below) and permitted people', () => {
      assert.ok(new ViewerVisibility(EMPTY_POLICY, hidden, viewer('m', [6])).canSeePerson(person('x', [6])));
      assert.ok(new ViewerVisibility(EMPTY_POLICY, hidden, viewer('s', [2])).canSeePerson(person('x', [6])));
      assert.ok(new ViewerVisibility(EMPTY_POLICY, hidden, viewer('boss', [1])).canSeePerson(person('x', [6])));
    });
    it('hides sub-departments of a hidden department too', () => {
      const t = tree({ 3: { hideDept: true } });
      assert.equal(new ViewerVisibility(EMPTY_POLICY, t, viewer('a', [2])).canSeePerson(person('x', [4])), false);
    });
    it('keeps a person visible through another, visible department (and only that one is listed)', () => {
      const v = new ViewerVisibility(EMPTY_POLICY, hidden, viewer('a', [3]));
      assert.ok(v.canSeePerson(person('x', [6, 2])));
      assert.ok(v.canSeeDept(2));
      assert.equal(v.canSeeDept(6), false);
    });
  });

  describe('DingTalk outer_dept (restricted members)', () => {
    it('limits members to their own department when only_self is true or unreported', () => {
      for (const onlySelf of [true, null]) {
        const v = new ViewerVisibility(EMPTY_POLICY, tree({ 7: { outerDept: true, outerDeptOnlySelf: onlySelf } }), viewer('o', [7]));
        assert.ok(v.canSeePerson(person('peer', [7])));
        assert.equal(v.canSeePerson(person('x', [2])), false);
        assert.ok(v.canSeeDept(1), 'the root stays navigable');
        assert.equal(v.canSeeDept(2), false);
      }
    });
    it('limits members to themselves when only_self is false, plus the permitted departments and people', () => {
      const t = tree({ 7: { outerDept: true, outerDeptOnlySelf: false, outerPermitDepts: [3], outerPermitUsers: ['boss'] } });
      const v = new ViewerVisibility(EMPTY_POLICY, t, viewer('o', [7]));
      assert.ok(v.canSeePerson(person('o', [7])), 'self');
      assert.equal(v.canSeePerson(person('peer', [7])), false);
      assert.ok(v.canSeePerson(person('dev', [4])), 'permitted department subtree');
      assert.ok(v.canSeePerson(person('boss', [1])), 'permitted person');
      assert.equal(v.canSeePerson(person('x', [2])), false);
    });
    it('applies the restriction to someone who is also in an open department (the stricter reading)', () => {
      const v = new ViewerVisibility(EMPTY_POLICY, tree({ 7: { outerDept: true } }), viewer('o', [7, 2]));
      assert.equal(v.canSeePerson(person('x', [2])), false);
    });
    it('does not restrict anyone else from seeing the restricted department', () => {
      const v = new ViewerVisibility(EMPTY_POLICY, tree({ 7: { outerDept: true } }), viewer('a', [2]));
      assert.ok(v.canSeePerson(person('o', [7])));
    });
  });

  describe('product visibility rules', () => {
    it('own_department: only members of the subtree', () => {
      const p = policy({ rules: new Map([[5, rule(5, { audience: 'own_department' })]]) });
      assert.equal(new ViewerVisibility(p, tree(), viewer('a', [2])).canSeePerson(person('f', [5])), false);
      assert.ok(new ViewerVisibility(p, tree(), viewer('b', [5])).canSeePerson(person('f', [5])));
    });
    it('listed: members plus the listed departments (and below) and people', () => {
      const p = policy({ rules: new Map([[3, rule(3, { audience: 'listed', allowDeptIds: [5], allowUserids: ['boss'] })]]) });
      assert.ok(new ViewerVisibility(p, tree(), viewer('f', [5])).canSeePerson(person('d', [4])));
      assert.ok(new ViewerVisibility(p, tree(), viewer('boss', [1])).canSeePerson(person('d', [4])));
      assert.equal(new ViewerVisibility(p, tree(), viewer('s', [2])).canSeePerson(person('d', [4])), false);
    });
    it('the nearest rule up the tree wins', () => {
      const p = policy({ rules: new Map([[3, rule(3, { audience: 'own_department' })], [4, rule(4, { audience: 'everyone' })]]) });
      const v = new ViewerVisibility(p, tree(), viewer('s', [2]));
      assert.ok(v.canSeePerson(person('b', [4])));
      assert.equal(v.canSeePerson(person('r', [3])), false);
    });
    it('an unmapped viewer (no DingTalk person) sees only what everyone may see', () => {
      const p = policy({ rules: new Map([[5, rule(5, { audience: 'own_department' })]]) });
      const v = new ViewerVisibility(p, tree(), viewer(null, []));
      assert.equal(v.canSeePerson(person('f', [5])), false);
      assert.ok(v.canSeePerson(person('s', [2])));
    });
    it('everyone always sees themselves', () => {
      const p = policy({ rules: new Map([[5, rule(5, { audience: 'listed' })]]) });
      assert.ok(new ViewerVisibility(p, tree({ 5: { hideDept: true } }), viewer('f', [5])).canSeePerson(person('f', [5])));
    });
  });

  describe('field masks', () => {
    const mask = (m: Partial<FieldMask>): FieldMask => ({ id: 'm', name: 'm', fields: ['mobile'], targetDeptIds: [], viewers: audience({ everyone: true }), exemptUserids: [], updatedAt: 0, updatedBy: 't', ...m });
    it('hides the fields of the target subtree from the viewer group, except exempt viewers and the person themselves', () => {
      const p = policy({ masks: [mask({ fields: ['mobile', 'title'], targetDeptIds: [3], exemptUserids: ['hr'] })] });
      const hidden = new ViewerVisibility(p, tree(), viewer('s', [2])).hiddenFields(person('d', [4]), { mobileHidden: false });
      assert.deepEqual([...hidden].sort(), ['mobile', 'title']);
      assert.equal(new ViewerVisibility(p, tree(), viewer('hr', [5])).hiddenFields(person('d', [4]), { mobileHidden: false }).size, 0);
      assert.equal(new ViewerVisibility(p, tree(), viewer('d', [4])).hiddenFields(person('d', [4]), { mobileHidden: false }).size, 0);
      assert.equal(new ViewerVisibility(p, tree(), viewer('s', [2])).hiddenFields(person('x', [2]), { mobileHidden: false }).size, 0);
    });
    it('applies only to the listed viewer departments', () => {
      const p = policy({ masks: [mask({ viewers: audience({ deptIds: [7] }) })] });
      assert.ok(new ViewerVisibility(p, tree(), viewer('o', [7])).hiddenFields(person('x', [2]), { mobileHidden: false }).has('mobile'));
      assert.equal(new ViewerVisibility(p, tree(), viewer('s', [2])).hiddenFields(person('x', [2]), { mobileHidden: false }).size, 0);
    });
    it("always hides a mobile DingTalk hides (hide_mobile, executive mode) and HR's overlay choices", () => {
      const overlays = new Map([['x', { userid: 'x', tags: [], note: '', showMobile: true, showTelephone: false, updatedAt: 0, updatedBy: 'hr' }]]);
      const v = new ViewerVisibility(policy({ overlays }), tree(), viewer('s', [2]));
      assert.ok(v.hiddenFields(person('y', [2]), { mobileHidden: true }).has('mobile'));
      assert.deepEqual([...v.hiddenFields(person('x', [2]), { mobileHidden: false })], ['telephone']);
    });
  });

  describe('address books', () => {
    const book = (b: Partial<AddressBook>): AddressBook => ({ id: 'b', name: 'B', deptIds: [3], userids: ['boss'], externalContacts: [], viewers: audience({ everyone: true }), updatedAt: 0, updatedBy: 't', ...b });
    it('narrows people and departments to the book (ancestors stay navigable)', () => {
      const v = new ViewerVisibility(EMPTY_POLICY, tree(), viewer('s', [2]), book({}));
      assert.ok(v.canSeePerson(person('d', [4])));
      assert.ok(v.canSeePerson(person('boss', [1])), 'listed person');
      assert.equal(v.canSeePerson(person('x', [2])), false);
      assert.ok(v.canSeeDept(1));
      assert.ok(v.canSeeDept(4));
      assert.equal(v.canSeeDept(2), false);
    });
    it('never shows what visibility hides, even inside the book', () => {
      const v = new ViewerVisibility(EMPTY_POLICY, tree({ 4: { hideDept: true } }), viewer('s', [2]), book({}));
      assert.equal(v.canSeePerson(person('d', [4])), false);
    });
    it('offers a viewer only the books whose audience includes them', () => {
      const p = policy({ books: [book({ id: 'all' }), book({ id: 'rnd-only', viewers: audience({ deptIds: [3] }) }), book({ id: 'named', viewers: audience({ userids: ['s'] }) })] });
      assert.deepEqual(booksFor(p, tree(), viewer('s', [2])).map((b) => b.id), ['all', 'named']);
      assert.deepEqual(booksFor(p, tree(), viewer('d', [4])).map((b) => b.id), ['all', 'rnd-only']);
    });
  });
});
