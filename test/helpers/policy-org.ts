import type { DingTalkUserDetail } from '../../server/connectors/dingtalk/types.js';
import type { OrgDocument } from '../../server/sandbox/dingtalk/org-document.js';
import type { PolicyRepository } from '../../server/policy/policy-repository.js';

export const DOMAIN = 'corp.example';
export const emailOf = (userid: string): string => `${userid}@${DOMAIN}`;

/** Department ids of policyOrg(). */
export const D = { root: 1, sales: 2, rnd: 3, backend: 4, finance: 5, board: 6, outsource: 7, hk: 8, hr: 9, sh: 10, shSales: 11 } as const;

/**
 * A small organisation that exercises every visibility mechanism. Hidden people have names and numbers
 * found nowhere else, so a leak shows up as a plain substring of any response.
 * - 董事会 (board) is hidden by DingTalk (hide_dept), permitted to the CEO;
 * - 外包 (outsource) is restricted by DingTalk (outer_dept, own department only);
 * - the CEO is in executive mode (senior: mobile hidden from everyone), 黄海 has hide_mobile;
 * - product policy (seedPolicy): 财务部 own department only; 研发部 mobiles and titles masked except
 *   for HR's 赵人事; address book 香港分公司; roles.
 */
export function policyOrg(): OrgDocument {
  const user = (userid: string, name: string, deptIds: number[], extra: Partial<DingTalkUserDetail> = {}): DingTalkUserDetail => ({
    userid,
    unionid: `union-${userid}`,
    name,
    dept_id_list: deptIds,
    email: emailOf(userid),
    active: true,
    ...extra,
  });
  return {
    corpId: 'dingpolicycorp',
    departments: [
      { dept_id: D.root, name: '策略公司' },
      { dept_id: D.sales, name: '销售部', parent_id: D.root },
      { dept_id: D.rnd, name: '研发部', parent_id: D.root },
      { dept_id: D.backend, name: '后端组', parent_id: D.rnd },
      { dept_id: D.finance, name: '财务部', parent_id: D.root },
      { dept_id: D.board, name: '董事会密室', parent_id: D.root, hide_dept: true, dept_permits: [], user_permits: ['ceo'] },
      { dept_id: D.outsource, name: '外包团队', parent_id: D.root, outer_dept: true, outer_dept_only_self: true },
      { dept_id: D.hk, name: '香港分公司', parent_id: D.root },
      { dept_id: D.hr, name: '人力资源部', parent_id: D.root },
      { dept_id: D.sh, name: '上海分公司', parent_id: D.root },
      { dept_id: D.shSales, name: '上海销售部', parent_id: D.sh },
    ],
    users: [
      user('ceo', '周总裁', [D.root], { title: '总经理', senior: true, mobile: '13911110000' }),
      user('sales1', '王销售', [D.sales], { title: '销售经理', mobile: '13800000001' }),
      user('sales2', '黄海', [D.sales], { title: '销售', mobile: '13822220000', hide_mobile: true }),
      user('dev1', '程序甲', [D.backend], { title: '密码学工程师', mobile: '13933330000', telephone: '010-5555' }),
      user('dev2', '研发乙', [D.rnd], { title: '研发主管', mobile: '13944440000' }),
      user('fin1', '钱财务', [D.finance], { title: '会计', mobile: '13955550000' }),
      user('board1', '董秘密', [D.board], { title: '董事', mobile: '13966660000' }),
      user('out1', '外包丙', [D.outsource], { title: '外包工程师', mobile: '13977770000' }),
      user('hk1', '陳香港', [D.hk], { title: '銷售', mobile: '85290000000' }),
      user('hr1', '赵人事', [D.hr], { title: 'HRBP', mobile: '13988880000' }),
      user('sh1', '沪上甲', [D.shSales], { title: '上海销售', mobile: '13999990000' }),
    ],
  };
}

/** What each viewer must never receive, as substrings of any response body or event. */
export const SECRETS = {
  financePerson: ['钱财务', 'fin1', '13955550000'],
  boardPerson: ['董秘密', 'board1', '13966660000', '董事会密室'],
  ceoMobile: ['13911110000'],
  hiddenMobile: ['13822220000'],
  rndMobiles: ['13933330000', '13944440000'],
  rndTitles: ['密码学工程师', '研发主管'],
  /** the external contact of an address book only 财务部 may use */
  financeBookContact: ['审计师', 'audit@auditor.example.com'],
} as const;

/** The product side of the policy (see policyOrg). */
export async function seedPolicy(repo: PolicyRepository): Promise<{ hkBook: string }> {
  const actor = { email: 'seed@corp.example' };
  const everyone = { everyone: true, deptIds: [], userids: [] };
  await repo.putRule(actor, D.finance, { audience: 'own_department', allowDeptIds: [], allowUserids: [] });
  await repo.saveMask(actor, null, { name: 'rnd', fields: ['mobile', 'title'], targetDeptIds: [D.rnd], viewers: everyone, exemptUserids: ['hr1'] });
  const book = await repo.saveBook(actor, null, {
    name: '香港分公司',
    deptIds: [D.hk],
    userids: [],
    externalContacts: [{ name: '李外部', email: 'li@partner.example.com', company: 'Partner Ltd', mobile: '85261234567' }],
    viewers: everyone,
  });
  await repo.saveBook(actor, null, {
    name: '财务外部',
    deptIds: [D.finance],
    userids: [],
    externalContacts: [{ name: '审计师', email: 'audit@auditor.example.com' }],
    viewers: { everyone: false, deptIds: [D.finance], userids: [] },
  });
  await repo.addRole(actor, { email: emailOf('hr1'), role: 'hr_editor', deptIds: [] });
  await repo.addRole(actor, { email: emailOf('dev2'), role: 'sub_admin', deptIds: [D.rnd] });
  await repo.addRole(actor, { email: 'auditor@corp.example', role: 'auditor', deptIds: [] });
  if (book === null) throw new Error('book not created');
  return { hkBook: book.id };
}
