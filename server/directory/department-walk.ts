import type { DirectoryProvider } from '../connectors/dingtalk/contract.js';
import type { DingTalkDepartmentDetail, DingTalkUser } from '../connectors/dingtalk/types.js';

export interface WalkResult {
  departments: Map<number, DingTalkDepartmentDetail>;
  users: Map<string, DingTalkUser>;
  calls: number;
}

export interface WalkOptions {
  onProgress?: (walked: { departments: number; known: number; users: number }) => void;
}

/**
 * Walks the whole department tree from the root (1), reading each department's details, children and
 * direct members. All three reads of a department are issued the moment it is discovered and the
 * provider's per-API lanes do the pacing: DingTalk limits each API separately, so discovery (listsub)
 * never waits behind the member lists and the walk takes about as long as the busiest API needs at its
 * limit. A user in several departments appears in each list; one copy is kept.
 */
export async function walkDepartments(provider: DirectoryProvider, options: WalkOptions = {}): Promise<WalkResult> {
  const departments = new Map<number, DingTalkDepartmentDetail>();
  const users = new Map<string, DingTalkUser>();
  const known = new Set<number>();
  const pending: Array<Promise<void>> = [];
  let calls = 0;
  let finished = 0;

  const report = (): void => options.onProgress?.({ departments: finished, known: known.size, users: users.size });

  const visit = (deptId: number): void => {
    if (known.has(deptId)) return;
    known.add(deptId);
    const children = provider.listSubDepartments(deptId).then((list) => {
      calls++;
      for (const child of list) visit(child.dept_id);
    });
    const detail = provider.getDepartment(deptId).then((d) => {
      calls++;
      if (d !== null) departments.set(deptId, d);
    });
    const members = (async () => {
      for await (const user of provider.listDepartmentUsers(deptId)) users.set(user.userid, user);
    })();
    pending.push(
      Promise.all([children, detail, members]).then(() => {
        finished++;
        report();
      }),
    );
  };

  visit(1);
  // `pending` grows while we wait (children are visited as listsub answers), so drain until stable.
  for (let settled = 0; settled < pending.length; ) {
    const batch = pending.slice(settled);
    settled = pending.length;
    await Promise.all(batch);
  }
  return { departments, users, calls };
}
