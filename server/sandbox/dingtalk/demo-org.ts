import { pinyin } from 'pinyin-pro';
import type { DingTalkUserDetail } from '../../connectors/dingtalk/types.js';
import {
  COMMON_SURNAMES, ENGLISH_GIVEN_NAMES, GIVEN_CHARS, HK_GIVEN_NAMES, HK_LEADER_TITLES, HK_STAFF_TITLES, HK_SURNAMES,
  LEADER_TITLES, SPECIAL_SURNAMES, STAFF_TITLES, TEAM_TITLES,
} from './demo-names.js';
import { planDepartments, type Branch, type PlannedDept } from './demo-structure.js';
import { unionid } from './org-changes.js';
import type { OrgDocument } from './org-document.js';
import { createPrng, pick, randomInt, type Random } from './prng.js';

export interface DemoOrganisationOptions {
  /** Exact number of people. Default 2000. */
  people?: number;
  /** Same seed, same organisation. Default 2024. */
  seed?: number;
  /** Domain of work emails. Default dingdemo.example.com. */
  emailDomain?: string;
}

/** Someone the demo must contain, pinned to a department (by plan key) and a position in it (0 = leader). */
interface Pinned {
  key: string;
  slot: number;
  name: string;
  title?: string;
  english?: string;
  extra?: Partial<DingTalkUserDetail>;
}

const PINNED: readonly Pinned[] = [
  { key: 'root', slot: 0, name: '周建国', title: '总经理', extra: { boss: true, senior: true, admin: true } },
  { key: 'root', slot: 1, name: '李婷', title: '助理' },
  { key: 'bj-sales-1', slot: 0, name: '张伟', title: '销售经理' },
  { key: 'bj-backend', slot: 1, name: '张伟', title: '工程师' },
  { key: 'hk-sales', slot: 0, name: '陳大文', title: '銷售經理', english: 'Peter Chan' },
  { key: 'hk-sales', slot: 1, name: '黃志明', english: 'Raymond Wong' },
  { key: 'hr', slot: 0, name: '郑秀英', extra: { admin: true } },
];

const PLACES: Record<Branch, { code: string; phone: string; workPlace: string }> = {
  bj: { code: 'BJ', phone: '010-', workPlace: '北京市朝阳区望京街10号' },
  sh: { code: 'SH', phone: '021-', workPlace: '上海市浦东新区世纪大道100号' },
  sz: { code: 'SZ', phone: '0755-', workPlace: '深圳市南山区科技园南区' },
  hk: { code: 'HK', phone: '+852-', workPlace: '香港中環皇后大道中99號' },
};
const MOBILE_PREFIXES = ['138', '139', '135', '136', '186', '150', '158', '188'] as const;
const DAY = 86_400_000;
const HIRED_FROM = Date.UTC(2010, 0, 1);
const HIRED_TO = Date.UTC(2025, 5, 30);
const PROJECT_GROUP_SIZE = 12;

/**
 * A deterministic demo organisation (docs/org-format.md): 演示科技集团 with 北京总部 (销售部, 研发部 and its
 * teams, 产品部, 市场部, 财务部, 人力资源部, 法务部 …), 上海/深圳/香港分公司 (香港: traditional-character
 * names and English names), project groups whose members also belong to a home department, a hidden board
 * office and restricted (outer_dept) departments. Contains 张伟 (销售经理), colliding names with numbered
 * emails (zhangwei, zhangwei2), and each special-reading surname (曾 单 区 朴 解 仇 尉迟 欧阳 司马 诸葛)
 * several times. Large sizes keep ~100 people per department; 100,000 people take a few seconds.
 */
export function generateDemoOrganisation(options: DemoOrganisationOptions = {}): OrgDocument {
  const people = options.people ?? 2000;
  if (!Number.isSafeInteger(people) || people < 1) throw new RangeError('people must be a positive integer');
  const random = createPrng(options.seed ?? 2024);
  const plan = planDepartments(people);
  const names = new NameMaker(random, people);
  const emails = new EmailBook(options.emailDomain ?? 'dingdemo.example.com');
  const leaders = new Map<number, string>();
  const parents = new Map(plan.map((p) => [p.dept.dept_id, p.dept.parent_id]));
  const users: DingTalkUserDetail[] = [];
  const seq: Record<Branch, number> = { bj: 0, sh: 0, sz: 0, hk: 0 };

  for (const dept of plan) {
    for (let slot = 0; slot < dept.headcount; slot += 1) {
      const pinned = PINNED.find((p) => p.key === dept.key && p.slot === slot);
      const isLeader = slot === 0;
      const person = pinned ? names.pinned(pinned, dept.branch) : names.next(dept.branch, isLeader);
      const index = users.length;
      seq[dept.branch] += 1;
      const user: DingTalkUserDetail = {
        userid: String(1e14 + index * 104_729 + randomInt(random, 0, 104_728)),
        unionid: unionid(random),
        name: person.name,
        dept_id_list: [dept.dept.dept_id],
        title: pinned?.title ?? titleFor(random, dept, isLeader),
        job_number: `${PLACES[dept.branch].code}${String(seq[dept.branch]).padStart(5, '0')}`,
        ...contact(random, dept.branch, index),
        email: emails.take(person.emailBase),
        hired_date: HIRED_FROM + Math.floor((random() * (HIRED_TO - HIRED_FROM)) / DAY) * DAY,
        active: isLeader || random() > 0.03,
        work_place: PLACES[dept.branch].workPlace,
        ...pinned?.extra,
      };
      if (person.english !== undefined) user.extension = JSON.stringify({ 英文名: person.english });
      if (random() < 0.3) {
        Object.assign(user, { org_email: user.email?.replace(/@.*/, '@mail.dingdemo.example.com'), org_email_type: 'profession' });
      }
      if (random() < 0.04 && user.senior !== true) user.hide_mobile = true;
      const manager = isLeader ? nearestLeader(leaders, parents, dept.dept.parent_id) : leaders.get(dept.dept.dept_id);
      if (manager !== undefined) user.manager_userid = manager;
      if (isLeader) {
        user.leader_in_dept = [{ dept_id: dept.dept.dept_id, leader: true }];
        dept.dept.dept_manager_userid_list = [user.userid];
        leaders.set(dept.dept.dept_id, user.userid);
      }
      users.push(user);
    }
  }
  assignProjectGroups(plan, users, leaders);
  const board = plan.find((p) => p.key === 'board');
  const ceo = users[0];
  if (board?.dept.hide_dept === true && ceo !== undefined) board.dept.user_permits = [ceo.userid];
  return { corpId: 'dingdemocorp0000', departments: plan.map((p) => p.dept), users };
}

interface Person {
  name: string;
  emailBase: string;
  english?: string;
}


/** Draws names: mainland names in simplified characters, Hong Kong names in traditional ones with English names. */
class NameMaker {
  readonly #specials: string[];
  readonly #every: number;
  readonly #pinyin = new Map<string, string[]>();
  #mainland = 0;

  constructor(
    private readonly random: Random,
    people: number,
  ) {
    // Four of each special surname, spread over the first ~60% of mainland staff.
    this.#specials = [1, 2, 3, 4].flatMap(() => [...SPECIAL_SURNAMES]);
    this.#every = Math.max(1, Math.floor((people * 0.5) / this.#specials.length));
  }

  pinned(pinned: Pinned, branch: Branch): Person {
    const english = pinned.english;
    const emailBase = branch === 'hk' && english ? english.toLowerCase().replace(' ', '.') : this.#syllables(pinned.name).join('');
    return { name: pinned.name, emailBase, ...(english ? { english } : {}) };
  }

  next(branch: Branch, isLeader: boolean): Person {
    return branch === 'hk' ? this.#hongKong() : this.#mainlandPerson(isLeader);
  }

  #mainlandPerson(isLeader: boolean): Person {
    const random = this.random;
    let surname: string = COMMON_SURNAMES[Math.floor(COMMON_SURNAMES.length * random() ** 2)] ?? '王';
    if (!isLeader) {
      this.#mainland += 1;
      const special = this.#mainland % this.#every === 0 ? this.#specials.shift() : undefined;
      if (special !== undefined) surname = special;
      else if (random() < 0.01) surname = pick(random, SPECIAL_SURNAMES);
    }
    const given = random() < 0.35 ? pick(random, GIVEN_CHARS) : pick(random, GIVEN_CHARS) + pick(random, GIVEN_CHARS);
    const name = surname + given;
    const syllables = this.#syllables(name);
    const person: Person = { name, emailBase: syllables.join('') };
    if (random() < 0.1) {
      const family = syllables.slice(0, surname.length).join('');
      person.english = `${pick(random, ENGLISH_GIVEN_NAMES)} ${family.charAt(0).toUpperCase()}${family.slice(1)}`;
    }
    return person;
  }

  /** Toneless pinyin syllables, reading the first character(s) as a surname (单 → shan, 尉迟 → yu chi). */
  #syllables(name: string): string[] {
    let syllables = this.#pinyin.get(name);
    if (syllables === undefined) {
      syllables = pinyin(name, { surname: 'head', toneType: 'none', type: 'array', v: true }).map((s) => s.replace(/[^a-z]/g, ''));
      this.#pinyin.set(name, syllables);
    }
    return syllables;
  }

  #hongKong(): Person {
    const random = this.random;
    const [surname, romanised] = HK_SURNAMES[Math.floor(HK_SURNAMES.length * random() ** 1.5)] ?? HK_SURNAMES[0];
    const english = `${pick(random, ENGLISH_GIVEN_NAMES)} ${romanised}`;
    return { name: surname + pick(random, HK_GIVEN_NAMES), english, emailBase: english.toLowerCase().replace(' ', '.') };
  }
}


/** Work emails: `local@domain`, where a repeated local part gets 2, 3, … appended (zhangwei, zhangwei2). */
class EmailBook {
  readonly #seen = new Map<string, number>();
  constructor(private readonly domain: string) {}

  take(base: string): string {
    const count = (this.#seen.get(base) ?? 0) + 1;
    this.#seen.set(base, count);
    return `${count === 1 ? base : `${base}${count}`}@${this.domain}`;
  }
}

/** Unique mobiles derived from the person's index (7919 is coprime with 10^7 and 10^8). */
function contact(random: Random, branch: Branch, index: number): Partial<DingTalkUserDetail> {
  const place = PLACES[branch];
  const digits = (n: number, width: number): string => String((index * 7919 + n) % 10 ** width).padStart(width, '0');
  const hk = branch === 'hk';
  const out: Partial<DingTalkUserDetail> = {
    state_code: hk ? '852' : '86',
    mobile: hk
      ? `+852-${pick(random, ['5', '6', '9'])}${digits(1_234_567, 7)}`
      : `+86-${pick(random, MOBILE_PREFIXES)}${digits(12_345_678, 8)}`,
  };
  if (random() < 0.25) out.telephone = `${place.phone}${hk ? '2' : '6'}${String(randomInt(random, 0, 9_999_999)).padStart(7, '0')}`;
  return out;
}

function titleFor(random: Random, dept: PlannedDept, isLeader: boolean): string {
  if (dept.branch === 'hk') {
    const hk = isLeader ? HK_LEADER_TITLES[dept.kind] : HK_STAFF_TITLES[dept.kind];
    if (hk !== undefined) return typeof hk === 'string' ? hk : pick(random, hk);
  }
  if (isLeader) return LEADER_TITLES[dept.kind][dept.top ? 0 : 1];
  const special = TEAM_TITLES[dept.titleKey];
  return special !== undefined && random() < 0.5 ? pick(random, special) : pick(random, STAFF_TITLES[dept.kind]);
}

function nearestLeader(
  leaders: Map<number, string>,
  parents: Map<number, number | undefined>,
  from: number | undefined,
): string | undefined {
  for (let id = from; id !== undefined; id = parents.get(id)) {
    const leader = leaders.get(id);
    if (leader !== undefined) return leader;
  }
  return undefined;
}

/** Puts ~12 R&D and product people in each project group as a second department; the first one leads it. */
function assignProjectGroups(plan: PlannedDept[], users: DingTalkUserDetail[], leaders: Map<number, string>): void {
  const groups = plan.filter((p) => p.key === 'project-group');
  const homes = new Set(plan.filter((p) => (p.kind === 'rnd' || p.kind === 'product') && p.branch !== 'hk').map((p) => p.dept.dept_id));
  const candidates = users.filter((u) => homes.has(u.dept_id_list[0] ?? 0) && u.leader_in_dept === undefined);
  if (groups.length === 0 || candidates.length === 0) return;
  const step = Math.max(1, Math.floor(candidates.length / (groups.length * PROJECT_GROUP_SIZE)));
  for (let i = 0, n = 0; i < candidates.length && n < groups.length * PROJECT_GROUP_SIZE; i += step, n += 1) {
    const user = candidates[i];
    const group = groups[n % groups.length];
    if (user === undefined || group === undefined) continue;
    const groupId = group.dept.dept_id;
    user.dept_id_list = [...user.dept_id_list, groupId];
    if (!leaders.has(groupId)) {
      leaders.set(groupId, user.userid);
      user.leader_in_dept = [{ dept_id: groupId, leader: true }];
      group.dept.dept_manager_userid_list = [user.userid];
    }
  }
}
