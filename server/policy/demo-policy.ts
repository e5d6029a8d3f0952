import type { Logger } from 'pino';
import { UNRESTRICTED } from '../directory/access.js';
import type { DirectoryService } from '../directory/directory-service.js';
import type { PolicyRepository } from './policy-repository.js';

const SEED_ACTOR = { email: 'demo-seed' };

/**
 * Policies that show the features on the demo organisation, written once into a fresh sandbox database
 * (through the repository, so they are in the audit log like any admin action):
 * - 财务部 (北京总部) is seen only by its own members: a restricted department;
 * - the mobiles of 研发部 (北京总部) are hidden from everyone but HR's 郑秀英;
 * - two address books: 香港分公司 (a branch, with two external contacts) and 项目组 (project groups);
 * - roles: 郑秀英 edits people (HR), the first member of 上海分公司 is its sub-admin, the first member
 *   of 法务部 audits. The dev host's default user is super admin by configuration (BRIDGE_SUPER_ADMINS).
 * DingTalk's own settings come with the demo org itself: the hidden 董事会办公室, the restricted
 * 外包团队 and 客服部, and people with hide_mobile.
 */
export async function seedDemoPolicy(repo: PolicyRepository, directory: DirectoryService, logger: Logger): Promise<boolean> {
  const current = await repo.snapshot();
  if (current.rules.size + current.masks.length + current.books.length + current.roles.length > 0) return false;
  const departments = directory.allDepartments();
  const hq = departments.find((d) => d.name === '北京总部');
  const under = (parent: number | undefined, name: string) => departments.find((d) => d.name === name && (parent === undefined || d.parentId === parent));
  const finance = under(hq?.deptId, '财务部');
  const rnd = under(hq?.deptId, '研发部');
  const hr = under(hq?.deptId, '人力资源部');
  const legal = under(hq?.deptId, '法务部');
  const hk = under(undefined, '香港分公司');
  const sh = under(undefined, '上海分公司');
  const projects = under(undefined, '项目组');
  const firstMember = async (deptId: number | undefined) => {
    if (deptId === undefined) return null;
    const page = await directory.members(deptId, { offset: 0, limit: 1 }, UNRESTRICTED);
    const summary = page.members[0];
    return summary === undefined ? null : summary;
  };
  const hrPerson = await firstMember(hr?.deptId);
  const everyone = { everyone: true, deptIds: [], userids: [] };

  if (finance !== undefined) await repo.putRule(SEED_ACTOR, finance.deptId, { audience: 'own_department', allowDeptIds: [], allowUserids: [] });
  if (rnd !== undefined) {
    await repo.saveMask(SEED_ACTOR, null, {
      name: '研发部手机号仅人力资源可见',
      fields: ['mobile'],
      targetDeptIds: [rnd.deptId],
      viewers: everyone,
      exemptUserids: hrPerson === null ? [] : [hrPerson.userid],
    });
  }
  if (hk !== undefined) {
    await repo.saveBook(SEED_ACTOR, null, {
      name: '香港分公司通讯录',
      deptIds: [hk.deptId],
      userids: [],
      externalContacts: [
        { name: 'Tom Lee', email: 'buyer@acme.example.com', company: 'Acme Procurement', title: 'Buyer' },
        { name: '陈小姐', email: 'booking@hkfreight.example.com', company: 'Hong Kong Freight Ltd', title: '订舱' },
      ],
      viewers: everyone,
    });
  }
  if (projects !== undefined) await repo.saveBook(SEED_ACTOR, null, { name: '项目组通讯录', deptIds: [projects.deptId], userids: [], externalContacts: [], viewers: everyone });
  if (hrPerson?.email !== undefined) await repo.addRole(SEED_ACTOR, { email: hrPerson.email, role: 'hr_editor', deptIds: [] });
  const shAdmin = await firstMember(sh === undefined ? undefined : departments.find((d) => d.parentId === sh.deptId)?.deptId);
  if (sh !== undefined && shAdmin?.email !== undefined) await repo.addRole(SEED_ACTOR, { email: shAdmin.email, role: 'sub_admin', deptIds: [sh.deptId] });
  const auditor = await firstMember(legal?.deptId);
  if (auditor?.email !== undefined) await repo.addRole(SEED_ACTOR, { email: auditor.email, role: 'auditor', deptIds: [] });
  logger.info({ hr: hrPerson?.email, subAdmin: shAdmin?.email, auditor: auditor?.email }, 'demo policies seeded');
  return true;
}
