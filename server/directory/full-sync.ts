import type { Logger } from 'pino';
import { computeProgress, type Progress } from '../../shared/progress.js';
import type { DirectoryProvider } from '../connectors/dingtalk/contract.js';
import type { DingTalkUser } from '../connectors/dingtalk/types.js';
import type { Store } from '../store/store.js';
import { walkDepartments } from './department-walk.js';
import { departmentFromDingTalk, personFromDingTalk, type DirectoryDepartment, type DirectoryPerson } from './model.js';

export interface FullSyncOptions {
  englishNameFields: readonly string[];
  /** share of known people a single run may remove before it stops and asks an admin */
  massRemovalThreshold: number;
  clock: () => number;
  logger: Logger;
  /** admin override after reviewing a stopped run */
  allowMassRemoval?: boolean;
  onProgress?: (progress: Progress) => void;
}

export interface FullSyncOutcome {
  status: 'succeeded' | 'stopped';
  reason?: string;
  departments: number;
  people: number;
  upsertedPeople: DirectoryPerson[];
  removedUserids: string[];
  upsertedDepartments: DirectoryDepartment[];
  removedDeptIds: number[];
  elapsedMs: number;
}

/**
 * Reads the whole organisation and makes the store match it. Only people whose record changed are
 * written and reported, so a reconcile of an unchanged org is quiet. Removals are guarded: a run that
 * would remove more than `massRemovalThreshold` of the people (or finds nobody at all) removes nothing,
 * keeps the rest of its changes and is recorded as `stopped` for an admin — one empty or truncated read
 * must never empty the directory.
 */
export async function runFullSync(provider: DirectoryProvider, store: Store, options: FullSyncOptions): Promise<FullSyncOutcome> {
  const started = options.clock();
  const runId = await store.runs.start('directory.full', started);
  try {
    let expectedTotal: number | null = null;
    const walk = await walkDepartments(provider, {
      onProgress: ({ departments, known }) => {
        expectedTotal = known;
        options.onProgress?.(computeProgress(departments, expectedTotal, started, options.clock()));
      },
    });
    const now = options.clock();
    const existing = new Map((await store.directory.allPeople()).map((p) => [p.userid, p]));
    const existingDepts = new Map((await store.directory.allDepartments()).map((d) => [d.deptId, d]));

    const upsertedPeople: DirectoryPerson[] = [];
    for (const listed of walk.users.values()) {
      const before = existing.get(listed.userid);
      const user = before === undefined ? listed : keepDetailOnlyFields(listed, before.detail);
      if (before === undefined || JSON.stringify(before.detail) !== JSON.stringify(user)) {
        upsertedPeople.push(personFromDingTalk(user, options.englishNameFields, now));
      }
    }
    const upsertedDepartments: DirectoryDepartment[] = [];
    for (const dept of walk.departments.values()) {
      const before = existingDepts.get(dept.dept_id);
      if (before === undefined || JSON.stringify(before.detail) !== JSON.stringify(dept)) {
        upsertedDepartments.push(departmentFromDingTalk(dept, now));
      }
    }
    const goneUsers = [...existing.keys()].filter((id) => !walk.users.has(id));
    const goneDepts = [...existingDepts.keys()].filter((id) => !walk.departments.has(id));

    const stopReason = massRemovalReason(existing.size, walk.users.size, goneUsers.length, options);
    await store.directory.upsertDepartments(upsertedDepartments);
    await store.directory.upsertPeople(upsertedPeople);
    const removedUserids = stopReason === null ? await store.directory.removePeople(goneUsers) : [];
    const removedDeptIds = stopReason === null ? await store.directory.removeDepartments(goneDepts) : [];

    const outcome: FullSyncOutcome = {
      status: stopReason === null ? 'succeeded' : 'stopped',
      ...(stopReason !== null ? { reason: stopReason } : {}),
      departments: walk.departments.size,
      people: walk.users.size,
      upsertedPeople,
      removedUserids,
      upsertedDepartments,
      removedDeptIds,
      elapsedMs: options.clock() - started,
    };
    const summary = {
      departments: outcome.departments,
      people: outcome.people,
      upserted: upsertedPeople.length,
      removed: removedUserids.length,
      wouldRemove: goneUsers.length,
      calls: walk.calls,
      elapsedMs: outcome.elapsedMs,
      ...(stopReason !== null ? { reason: stopReason } : {}),
    };
    await store.runs.finish(runId, outcome.status, options.clock(), summary);
    if (stopReason !== null) options.logger.warn(summary, 'directory sync stopped before removing people; an admin must confirm');
    else options.logger.info(summary, 'directory full sync finished');
    return outcome;
  } catch (error) {
    await store.runs.finish(runId, 'failed', options.clock(), { error: (error as Error).message });
    throw error;
  }
}

/**
 * `/topapi/v2/user/list` items lack what only `/topapi/v2/user/get` returns (dingtalk.md §3.2: executive
 * mode, manager, leader-per-department, roles). Those arrive with events, which read the detail; a list
 * item must not wipe them, or a reconcile would, for example, show an executive's hidden mobile again.
 */
const DETAIL_ONLY_FIELDS = ['senior', 'manager_userid', 'leader_in_dept', 'dept_order_list', 'role_list', 'real_authed', 'org_email_type'] as const;

function keepDetailOnlyFields(listed: DingTalkUser, known: DingTalkUser): DingTalkUser {
  const merged: Record<string, unknown> = { ...listed };
  for (const field of DETAIL_ONLY_FIELDS) {
    const value = (known as unknown as Record<string, unknown>)[field];
    if (!(field in merged) && value !== undefined) merged[field] = value;
  }
  return merged as unknown as DingTalkUser;
}

function massRemovalReason(known: number, seen: number, removing: number, options: FullSyncOptions): string | null {
  if (options.allowMassRemoval === true || removing === 0) return null;
  if (seen === 0 && known > 0) return `DingTalk returned nobody while ${known} people are known`;
  // why: tiny directories (tests, new tenants) would trip any ratio; a handful of removals is never "mass"
  const minimum = 10;
  if (removing >= minimum && removing / known > options.massRemovalThreshold) {
    return `would remove ${removing} of ${known} people (more than ${Math.round(options.massRemovalThreshold * 100)}%)`;
  }
  return null;
}
