import { readFile } from 'node:fs/promises';
import type { DingTalkDepartmentDetail, DingTalkUserDetail } from '../../connectors/dingtalk/types.js';
import { departmentIssues, isRecord, userIssues, type OrgLookup } from './org-fields.js';

/**
 * An organisation for the sandbox, in DingTalk's own field names (docs/org-format.md).
 *
 * Invariants once parsed: department 1 exists and is the only one without parent_id; every parent_id chain
 * reaches 1 without a cycle; dept_id, userid and unionid are unique; every reference (dept_id_list,
 * manager_userid, permits, managers) names something that exists. `member_count` and `owning_member_count`
 * are computed by the sandbox and dropped on load.
 */
export interface OrgDocument {
  corpId?: string;
  departments: DingTalkDepartmentDetail[];
  users: DingTalkUserDetail[];
}

/** Thrown when an org document is invalid; `issues` has one line per problem, naming entry and field. */
export class OrgDocumentError extends Error {
  override readonly name = 'OrgDocumentError';
  constructor(
    readonly issues: readonly string[],
    source = 'org document',
  ) {
    const shown = issues.slice(0, MAX_SHOWN).map((issue) => `  - ${issue}`);
    const more = issues.length > MAX_SHOWN ? [`  … and ${issues.length - MAX_SHOWN} more`] : [];
    super([`Invalid ${source} (${issues.length} problem${issues.length === 1 ? '' : 's'}):`, ...shown, ...more].join('\n'));
  }
}

const MAX_SHOWN = 20;
const COMPUTED_FIELDS = ['member_count', 'owning_member_count'] as const;

/** Validates `json` and returns a deep copy typed as an OrgDocument; throws OrgDocumentError listing every problem. */
export function parseOrgDocument(json: unknown, source?: string): OrgDocument {
  if (!isRecord(json)) throw new OrgDocumentError(['(document): must be a JSON object'], source);
  const issues: string[] = [];
  const { departments, users, corpId } = json;
  if (corpId !== undefined && (typeof corpId !== 'string' || corpId.length === 0)) {
    issues.push('corpId: must be a non-empty string');
  }
  if (!Array.isArray(departments)) issues.push('departments: must be an array');
  if (!Array.isArray(users)) issues.push('users: must be an array');
  if (!Array.isArray(departments) || !Array.isArray(users)) throw new OrgDocumentError(issues, source);

  const deptIndex = indexBy<number>(departments, 'departments', 'dept_id', issues);
  const userIndex = indexBy<string>(users, 'users', 'userid', issues);
  indexBy<string>(users, 'users', 'unionid', issues);
  const lookup: OrgLookup = {
    hasDepartment: (id) => deptIndex.has(id),
    hasUser: (userid) => userIndex.has(userid),
  };
  if (!deptIndex.has(1)) issues.push('departments: the root department (dept_id 1) is missing');

  departments.forEach((dept, index) => {
    if (isRecord(dept)) issues.push(...departmentIssues(dept, `departments[${index}]`, lookup));
    else issues.push(`departments[${index}]: must be an object`);
  });
  issues.push(...cycleIssues(departments, deptIndex));
  users.forEach((user, index) => {
    if (isRecord(user)) issues.push(...userIssues(user, `users[${index}]`, lookup));
    else issues.push(`users[${index}]: must be an object`);
  });
  if (issues.length > 0) throw new OrgDocumentError(issues, source);

  const copy = structuredClone({ departments, users }) as { departments: Array<Record<string, unknown>>; users: unknown[] };
  for (const dept of copy.departments) for (const field of COMPUTED_FIELDS) delete dept[field];
  return {
    ...(typeof corpId === 'string' ? { corpId } : {}),
    departments: copy.departments as unknown as DingTalkDepartmentDetail[],
    users: copy.users as DingTalkUserDetail[],
  };
}

/** Reads and validates an org JSON file; errors name the file, and JSON syntax errors keep the parser's position. */
export async function loadOrgFile(path: string): Promise<OrgDocument> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OrgDocumentError([`(document): not valid JSON: ${(error as Error).message}`], path);
  }
  return parseOrgDocument(json, path);
}

/** Maps id → first index, reporting duplicates as `departments[3].dept_id: duplicate 5 (also departments[1])`. */
function indexBy<K extends string | number>(
  items: unknown[],
  listName: string,
  field: string,
  issues: string[],
): Map<K, number> {
  const index = new Map<K, number>();
  items.forEach((item, position) => {
    if (!isRecord(item)) return;
    const key = item[field];
    if (typeof key !== 'string' && typeof key !== 'number') return;
    const first = index.get(key as K);
    if (first === undefined) index.set(key as K, position);
    else issues.push(`${listName}[${position}].${field}: duplicate ${JSON.stringify(key)} (also ${listName}[${first}])`);
  });
  return index;
}

/** Every department must reach the root by parent_id; reports each cycle once, from its first member in the file. */
function cycleIssues(departments: unknown[], deptIndex: Map<number, number>): string[] {
  const issues: string[] = [];
  const settled = new Set<number>([1]);
  departments.forEach((dept, position) => {
    if (!isRecord(dept) || typeof dept['dept_id'] !== 'number') return;
    const chain: number[] = [];
    let current: unknown = dept['dept_id'];
    while (typeof current === 'number' && !settled.has(current)) {
      if (chain.includes(current)) {
        issues.push(`departments[${position}].parent_id: cycle ${[...chain, current].join(' → ')} never reaches department 1`);
        break;
      }
      chain.push(current);
      const at = deptIndex.get(current);
      const parent = at === undefined ? undefined : (departments[at] as Record<string, unknown>)['parent_id'];
      current = parent;
    }
    // Chains that end at a missing parent are reported by departmentIssues; either way they are settled now.
    for (const id of chain) settled.add(id);
  });
  return issues;
}
