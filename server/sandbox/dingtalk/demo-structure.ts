import type { DingTalkDepartmentDetail } from '../../connectors/dingtalk/types.js';
import { PROJECT_GROUP_NAMES, type DeptKind } from './demo-names.js';

/** Which office a department belongs to: decides phone formats, job number prefixes and name style. */
export type Branch = 'bj' | 'sh' | 'sz' | 'hk';

/** A department of the demo organisation with how many people to put directly in it. */
export interface PlannedDept {
  dept: DingTalkDepartmentDetail;
  kind: DeptKind;
  branch: Branch;
  /** Direct members to generate (the first one leads the department). */
  headcount: number;
  /** A department directly under a branch or the root (its leader is a 总监) rather than a team. */
  top: boolean;
  /** Name used to pick specialised titles (teams created by scaling keep their pool's name). */
  titleKey: string;
  /** Stable handle for departments the generator refers to (e.g. where 张伟 works). */
  key?: string;
}

interface Node {
  name: string;
  kind: DeptKind;
  /** Share of the staff for departments that hold people; structural departments only get a leader. */
  weight?: number;
  branch?: Branch;
  key?: string;
  extras?: Partial<DingTalkDepartmentDetail>;
  children?: Node[];
}

const team = (name: string, kind: DeptKind, weight: number, key?: string): Node => ({ name, kind, weight, ...(key ? { key } : {}) });

/** The fixed shape; weights are relative shares of the staff (≈ percent). */
const SKELETON: Node = {
  name: '演示科技集团', kind: 'root', branch: 'bj', key: 'root', children: [
    { name: '北京总部', kind: 'branch', branch: 'bj', children: [
      team('总经理办公室', 'exec', 0.8, 'exec'),
      { name: '销售部', kind: 'sales', children: [
        team('华北销售一组', 'sales', 6, 'bj-sales-1'), team('华北销售二组', 'sales', 6), team('大客户部', 'sales', 5),
      ] },
      { name: '研发部', kind: 'rnd', children: [
        team('前端组', 'rnd', 6), team('后端组', 'rnd', 8, 'bj-backend'), team('测试组', 'rnd', 5),
        team('移动端组', 'rnd', 5), team('算法组', 'rnd', 4), team('运维组', 'rnd', 3),
      ] },
      team('产品部', 'product', 5), team('市场部', 'market', 4), team('财务部', 'finance', 3),
      team('人力资源部', 'hr', 3, 'hr'), team('法务部', 'legal', 1.5), team('行政部', 'admin', 2),
    ] },
    { name: '上海分公司', kind: 'branch', branch: 'sh', children: [team('销售部', 'sales', 7), team('研发部', 'rnd', 7), team('行政部', 'admin', 1.5)] },
    { name: '深圳分公司', kind: 'branch', branch: 'sz', key: 'sz', children: [
      team('销售部', 'sales', 6), team('研发部', 'rnd', 7), { ...team('客服部', 'service', 4, 'sz-service') },
    ] },
    { name: '香港分公司', kind: 'branch', branch: 'hk', children: [team('銷售部', 'sales', 3.5, 'hk-sales'), team('行政部', 'admin', 1.5)] },
    { name: '项目组', kind: 'project', key: 'projects', children: [] },
    team('董事会办公室', 'board', 0.2, 'board'),
    { ...team('外包团队', 'outsource', 2, 'outsource'), extras: { outer_dept: true, outer_dept_only_self: true } },
  ],
};

const TEAM_SIZE = 100;
const SPLIT_ABOVE = 150;

/**
 * Departments in creation order (every parent before its children), ids from 1, headcounts summing to
 * exactly `people`. Pools larger than 150 are split into teams of ~100, so large orgs keep ~100 people per
 * department. Visibility settings that need user ids (user_permits) are filled in by the people generator.
 */
export function planDepartments(people: number): PlannedDept[] {
  const planned: PlannedDept[] = [];
  const weights = new Map<PlannedDept, number>();
  const walk = (node: Node, parentId: number | undefined, branch: Branch, depth: number): void => {
    const id = planned.length + 1;
    const nodeBranch = node.branch ?? branch;
    const dept: DingTalkDepartmentDetail = {
      dept_id: id,
      name: node.name,
      ...(parentId === undefined ? {} : { parent_id: parentId }),
      order: planned.length,
      create_dept_group: node.kind !== 'project',
      auto_add_user: node.kind !== 'project',
      ...node.extras,
    };
    const plan: PlannedDept = { dept, kind: node.kind, branch: nodeBranch, headcount: 0, top: depth <= 2, titleKey: node.name };
    if (node.key !== undefined) plan.key = node.key;
    planned.push(plan);
    if (node.weight !== undefined) weights.set(plan, node.weight);
    for (const child of node.children ?? []) walk(child, id, nodeBranch, depth + 1);
  };
  walk(SKELETON, undefined, 'bj', 0);

  // Leaders of structural departments first (2 at the root: the CEO and an assistant), then the pools.
  let left = people;
  for (const plan of planned) {
    if (weights.has(plan) || plan.kind === 'project') continue;
    plan.headcount = Math.min(left, plan.key === 'root' ? 2 : 1);
    left -= plan.headcount;
  }
  distribute(left, [...weights.entries()]);

  const board = planned.find((p) => p.key === 'board');
  const exec = planned.find((p) => p.key === 'exec');
  if (board && exec) Object.assign(board.dept, { hide_dept: true, dept_permits: [exec.dept.dept_id] });
  const service = planned.find((p) => p.key === 'sz-service');
  const sz = planned.find((p) => p.key === 'sz');
  if (service && sz) Object.assign(service.dept, { outer_dept: true, outer_dept_only_self: false, outer_permit_depts: [sz.dept.dept_id] });

  for (const pool of [...weights.keys()]) if (pool.headcount > SPLIT_ABOVE) splitIntoTeams(pool, planned);
  addProjectGroups(planned, people);
  return planned;
}

/** Largest-remainder apportionment: headcounts proportional to weights, summing exactly to `total`. */
function distribute(total: number, pools: Array<[PlannedDept, number]>): void {
  const sum = pools.reduce((acc, [, weight]) => acc + weight, 0);
  const shares = pools.map(([plan, weight]) => ({ plan, exact: (total * weight) / sum }));
  let given = 0;
  for (const share of shares) {
    share.plan.headcount = Math.floor(share.exact);
    given += share.plan.headcount;
  }
  const byRemainder = [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)));
  for (let i = 0; given < total; i = (i + 1) % byRemainder.length, given += 1) {
    const share = byRemainder[i];
    if (share) share.plan.headcount += 1;
  }
}

/** Keeps the pool's leader in the pool and spreads everyone else over numbered teams under it. */
function splitIntoTeams(pool: PlannedDept, planned: PlannedDept[]): void {
  const staff = pool.headcount - 1;
  const teams = Math.ceil(staff / TEAM_SIZE);
  pool.headcount = 1;
  const name = pool.dept.name;
  for (let n = 1; n <= teams; n += 1) {
    const id = planned.length + 1;
    planned.push({
      dept: {
        dept_id: id,
        name: name.endsWith('部') ? `${name.slice(0, -1)}${n}组` : `${name}${n}队`,
        parent_id: pool.dept.dept_id,
        order: n,
        create_dept_group: true,
        auto_add_user: true,
      },
      kind: pool.kind,
      branch: pool.branch,
      headcount: Math.floor(staff / teams) + (n <= staff % teams ? 1 : 0),
      top: false,
      titleKey: pool.titleKey,
    });
  }
}

/** Project groups have no members of their own: the people generator adds people as a second department. */
function addProjectGroups(planned: PlannedDept[], people: number): void {
  const container = planned.find((p) => p.key === 'projects');
  if (container === undefined) return;
  const count = Math.max(3, Math.round(people / 700));
  for (let n = 0; n < count; n += 1) {
    planned.push({
      dept: {
        dept_id: planned.length + 1,
        name: PROJECT_GROUP_NAMES[n] ?? `创新项目${n + 1 - PROJECT_GROUP_NAMES.length}组`,
        parent_id: container.dept.dept_id,
        order: n,
        create_dept_group: true,
        auto_add_user: false,
      },
      kind: 'project',
      branch: 'bj',
      headcount: 0,
      top: false,
      titleKey: 'project',
      key: 'project-group',
    });
  }
}
