import type { DingTalkUserDetail } from '../../../../server/connectors/dingtalk/types.js';
import { buildDingTalkSandbox, type DingTalkSandbox, type SandboxOptions } from '../../../../server/sandbox/dingtalk/app.js';
import type { OrgDocument } from '../../../../server/sandbox/dingtalk/org-document.js';

export const APP_KEY = 'dingtestappkey';
export const APP_SECRET = 'test-app-secret';
export const CORP_ID = 'dingtestcorp';

/** Department 7 holds BIG_DEPT_SIZE direct members; its child 8 holds one more, which user/list must not show. */
export const BIG_DEPT = 7;
export const BIG_DEPT_SIZE = 250;

/**
 * A small hand-made org: 1 root → 2 销售部, 3 研发部 → 4 后端组; 5 空部门 (no members); 6 董事会 (hidden);
 * 7 大部门 (250 members) → 8 小组.
 */
export function testOrg(): OrgDocument {
  const users: DingTalkUserDetail[] = [
    { userid: 'boss', unionid: 'union-boss', name: '周建国', dept_id_list: [1], title: '总经理', active: true, senior: true },
    { userid: 'zhangwei', unionid: 'union-zhangwei', name: '张伟', dept_id_list: [2], title: '销售经理', active: true, manager_userid: 'boss', leader_in_dept: [{ dept_id: 2, leader: true }] },
    { userid: 'lina', unionid: 'union-lina', name: '李娜', dept_id_list: [3, 4], title: '工程师', active: false, hired_date: 1_600_000_000_000 },
    { userid: 'sub', unionid: 'union-sub', name: '孙小组', dept_id_list: [8], title: '助理', active: true },
  ];
  for (let i = 0; i < BIG_DEPT_SIZE; i += 1) {
    users.push({ userid: `u${String(i).padStart(3, '0')}`, unionid: `union-${i}`, name: `员工${i}`, dept_id_list: [BIG_DEPT], active: true });
  }
  return {
    corpId: CORP_ID,
    departments: [
      { dept_id: 1, name: '测试公司' },
      { dept_id: 2, name: '销售部', parent_id: 1, dept_manager_userid_list: ['zhangwei'] },
      { dept_id: 3, name: '研发部', parent_id: 1, hide_dept: false, outer_dept: false },
      { dept_id: 4, name: '后端组', parent_id: 3 },
      { dept_id: 5, name: '空部门', parent_id: 1 },
      { dept_id: 6, name: '董事会', parent_id: 1, hide_dept: true, dept_permits: [2], user_permits: ['boss'] },
      { dept_id: BIG_DEPT, name: '大部门', parent_id: 1 },
      { dept_id: 8, name: '小组', parent_id: BIG_DEPT, outer_dept: true, outer_dept_only_self: true },
    ],
    users,
  };
}

/** A settable clock, so token expiry and QPS windows are tested without waiting. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

export async function sandbox(options: Partial<SandboxOptions> = {}): Promise<DingTalkSandbox> {
  return buildDingTalkSandbox({ appKey: APP_KEY, appSecret: APP_SECRET, corpId: CORP_ID, org: testOrg(), ...options });
}

export async function legacyToken(box: DingTalkSandbox): Promise<string> {
  const response = await box.app.inject({ method: 'GET', url: `/gettoken?appkey=${APP_KEY}&appsecret=${APP_SECRET}` });
  const token = response.json<{ access_token?: string }>().access_token;
  if (token === undefined) throw new Error(`no token: ${response.body}`);
  return token;
}

/** POSTs a topapi method with a JSON body and returns the parsed envelope (always HTTP 200). */
export async function topapi(box: DingTalkSandbox, path: string, token: string | null, body: unknown = {}): Promise<Record<string, unknown>> {
  const url = token === null ? path : `${path}?access_token=${token}`;
  const response = await box.app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (response.statusCode !== 200) throw new Error(`topapi answered HTTP ${response.statusCode}: ${response.body}`);
  return response.json();
}

export async function change(box: DingTalkSandbox, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await box.app.inject({ method: 'POST', url: '/_sandbox/changes', payload: body as object });
  return { status: response.statusCode, json: response.json() };
}
