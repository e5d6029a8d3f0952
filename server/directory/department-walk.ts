import type { DirectoryProvider } from '../connectors/dingtalk/contract.js';
import type { DingTalkDepartmentDetail, DingTalkUser } from '../connectors/dingtalk/types.js';

export interface WalkResult {
  departments: Map<number, DingTalkDepartmentDetail>;
  users: Map<string, DingTalkUser>;
  calls: number;
}

export interface WalkOptions {
  /** departments processed at once; the client's per-API lanes do the actual pacing */
  concurrency: number;
  onProgress?: (walked: { departments: number; known: number; users: number }) => void;
}

/**
 * Walks the whole department tree from the root (1), reading each department's details, children and
 * direct members. Departments are processed concurrently so each API's lane stays busy: DingTalk limits
 * per API, so three different APIs proceed side by side and the walk takes about as long as the
 * busiest API needs at its limit. A user in several departments appears in each list; one copy is kept.
 */
export async function walkDepartments(provider: DirectoryProvider, options: WalkOptions): Promise<WalkResult> {
  const departments = new Map<number, DingTalkDepartmentDetail>();
  const users = new Map<string, DingTalkUser>();
  const known = new Set<number>([1]);
  const queue: number[] = [1];
  let calls = 0;
  let active = 0;
  let failure: unknown = null;

  return new Promise<WalkResult>((resolve, reject) => {
    const report = (): void => options.onProgress?.({ departments: departments.size, known: known.size, users: users.size });
    const pump = (): void => {
      if (failure !== null) return;
      while (active < options.concurrency && queue.length > 0) {
        const deptId = queue.shift() as number;
        active++;
        void visit(deptId).then(
          () => {
            active--;
            report();
            if (queue.length === 0 && active === 0) resolve({ departments, users, calls });
            else pump();
          },
          (error: unknown) => {
            if (failure === null) {
              failure = error;
              reject(error);
            }
          },
        );
      }
    };

    const visit = async (deptId: number): Promise<void> => {
      const children = provider.listSubDepartments(deptId).then((list) => {
        calls++;
        for (const child of list) {
          if (!known.has(child.dept_id)) {
            known.add(child.dept_id);
            queue.push(child.dept_id);
          }
        }
        // Children are known: let other workers start on them while this one reads members.
        pump();
      });
      const detail = provider.getDepartment(deptId).then((d) => {
        calls++;
        if (d !== null) departments.set(deptId, d);
      });
      const members = (async () => {
        for await (const user of provider.listDepartmentUsers(deptId)) users.set(user.userid, user);
      })();
      await Promise.all([children, detail, members]);
    };

    pump();
  });
}
