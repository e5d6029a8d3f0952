import type { Kysely, Selectable } from 'kysely';
import type { DirectoryDepartment, DirectoryPerson } from '../directory/model.js';
import type { Database, DepartmentTable, PersonTable } from './schema.js';

/** Rows per multi-row INSERT: under SQLite's and PostgreSQL's bound-parameter limits for our widest table. */
const BATCH = 500;

/**
 * Persistence of the directory mirror. Every method is one transaction; queries are the same on
 * SQLite and PostgreSQL (tested on both by test/server/store/*.test.ts).
 */
export class DirectoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertPeople(people: readonly DirectoryPerson[]): Promise<void> {
    if (people.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < people.length; i += BATCH) {
        const chunk = people.slice(i, i + BATCH);
        await trx
          .insertInto('person')
          .values(chunk.map(personRow))
          .onConflict((oc) =>
            oc.column('userid').doUpdateSet((eb) => ({
              unionid: eb.ref('excluded.unionid'),
              name: eb.ref('excluded.name'),
              english_name: eb.ref('excluded.english_name'),
              title: eb.ref('excluded.title'),
              email: eb.ref('excluded.email'),
              org_email: eb.ref('excluded.org_email'),
              mobile: eb.ref('excluded.mobile'),
              telephone: eb.ref('excluded.telephone'),
              job_number: eb.ref('excluded.job_number'),
              avatar: eb.ref('excluded.avatar'),
              active: eb.ref('excluded.active'),
              detail: eb.ref('excluded.detail'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
        const ids = chunk.map((p) => p.userid);
        await trx.deleteFrom('person_department').where('userid', 'in', ids).execute();
        const links = chunk.flatMap((p) => p.deptIds.map((dept_id) => ({ userid: p.userid, dept_id })));
        for (let j = 0; j < links.length; j += BATCH) {
          await trx.insertInto('person_department').values(links.slice(j, j + BATCH)).execute();
        }
      }
    });
  }

  /** Removes people; returns the userids that existed. */
  async removePeople(userids: readonly string[]): Promise<string[]> {
    if (userids.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const removed: string[] = [];
      for (let i = 0; i < userids.length; i += BATCH) {
        const chunk = userids.slice(i, i + BATCH);
        await trx.deleteFrom('person_department').where('userid', 'in', chunk).execute();
        const rows = await trx.deleteFrom('person').where('userid', 'in', chunk).returning('userid').execute();
        removed.push(...rows.map((r) => r.userid));
      }
      return removed;
    });
  }

  async getPerson(userid: string): Promise<DirectoryPerson | null> {
    const row = await this.db.selectFrom('person').selectAll().where('userid', '=', userid).executeTakeFirst();
    if (row === undefined) return null;
    const depts = await this.db.selectFrom('person_department').select('dept_id').where('userid', '=', userid).execute();
    return personFromRow(row, depts.map((d) => d.dept_id));
  }

  /** Everyone, with departments (the full sync compares against it). */
  async allPeople(): Promise<DirectoryPerson[]> {
    const [rows, links] = await Promise.all([
      this.db.selectFrom('person').selectAll().execute(),
      this.db.selectFrom('person_department').selectAll().execute(),
    ]);
    return withDepartments(rows, links);
  }

  /**
   * People in userid order after `after`, with departments: the server loads its mirror page by page
   * so that start-up never holds every full record at once (a 100,000-person peak costs ~300 MB).
   */
  async peoplePage(after: string | null, limit: number): Promise<DirectoryPerson[]> {
    let query = this.db.selectFrom('person').selectAll().orderBy('userid').limit(limit);
    if (after !== null) query = query.where('userid', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const links = await this.db
      .selectFrom('person_department')
      .selectAll()
      .where('userid', 'in', rows.map((r) => r.userid))
      .execute();
    return withDepartments(rows, links);
  }

  async allUserIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('person').select('userid').execute();
    return rows.map((r) => r.userid);
  }

  async countPeople(): Promise<number> {
    const row = await this.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Direct members of a department, ordered by name then userid, with the total for paging. */
  /** Every direct member of a department, by name (visibility is applied by the caller). */
  async memberIdsOf(deptId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('person_department')
      .innerJoin('person', 'person.userid', 'person_department.userid')
      .select('person.userid')
      .where('person_department.dept_id', '=', deptId)
      .orderBy('person.name')
      .orderBy('person.userid')
      .execute();
    return rows.map((r) => r.userid);
  }

  /** The active person with this e-mail or org e-mail (case-insensitive), or null. */
  async useridByEmail(email: string): Promise<string | null> {
    const key = email.trim().toLowerCase();
    const row = await this.db
      .selectFrom('person')
      .select('userid')
      .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', key), eb(eb.fn('lower', ['org_email']), '=', key)]))
      .where('active', '=', 1)
      .orderBy('userid')
      .limit(1)
      .executeTakeFirst();
    return row?.userid ?? null;
  }

  async membersOf(deptId: number, page: { offset: number; limit: number }): Promise<{ total: number; userids: string[] }> {
    const base = this.db.selectFrom('person_department').where('dept_id', '=', deptId);
    const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .innerJoin('person', 'person.userid', 'person_department.userid')
      .select('person.userid')
      .orderBy('person.name')
      .orderBy('person.userid')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    return { total: Number(totalRow.n), userids: rows.map((r) => r.userid) };
  }

  async upsertDepartments(departments: readonly DirectoryDepartment[]): Promise<void> {
    if (departments.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < departments.length; i += BATCH) {
        await trx
          .insertInto('department')
          .values(departments.slice(i, i + BATCH).map(departmentRow))
          .onConflict((oc) =>
            oc.column('dept_id').doUpdateSet((eb) => ({
              parent_id: eb.ref('excluded.parent_id'),
              name: eb.ref('excluded.name'),
              sort_order: eb.ref('excluded.sort_order'),
              detail: eb.ref('excluded.detail'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    });
  }

  async removeDepartments(deptIds: readonly number[]): Promise<number[]> {
    if (deptIds.length === 0) return [];
    const rows = await this.db.deleteFrom('department').where('dept_id', 'in', [...deptIds]).returning('dept_id').execute();
    return rows.map((r) => r.dept_id);
  }

  async getDepartment(deptId: number): Promise<DirectoryDepartment | null> {
    const row = await this.db.selectFrom('department').selectAll().where('dept_id', '=', deptId).executeTakeFirst();
    return row === undefined ? null : departmentFromRow(row);
  }

  async allDepartments(): Promise<DirectoryDepartment[]> {
    const rows = await this.db.selectFrom('department').selectAll().orderBy('sort_order').orderBy('dept_id').execute();
    return rows.map(departmentFromRow);
  }

  async hasProcessedEvent(eventId: string): Promise<boolean> {
    const row = await this.db.selectFrom('processed_event').select('event_id').where('event_id', '=', eventId).executeTakeFirst();
    return row !== undefined;
  }

  /** Records an applied event; true the first time, false when it was already recorded. */
  async markEventProcessed(eventId: string, eventType: string, at: number): Promise<boolean> {
    const result = await this.db
      .insertInto('processed_event')
      .values({ event_id: eventId, event_type: eventType, received_at: at })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async pruneProcessedEvents(before: number): Promise<number> {
    const result = await this.db.deleteFrom('processed_event').where('received_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async recordContactUse(viewer: string, contact: string, at: number): Promise<void> {
    await this.db
      .insertInto('frequent_contact')
      .values({ viewer, contact_userid: contact, uses: 1, last_used_at: at })
      .onConflict((oc) =>
        oc.columns(['viewer', 'contact_userid']).doUpdateSet((eb) => ({
          uses: eb('frequent_contact.uses', '+', 1),
          last_used_at: eb.ref('excluded.last_used_at'),
        })),
      )
      .execute();
  }

  async frequentContacts(viewer: string, limit: number): Promise<Array<{ userid: string; uses: number; lastUsedAt: number }>> {
    const rows = await this.db
      .selectFrom('frequent_contact')
      .select(['contact_userid', 'uses', 'last_used_at'])
      .where('viewer', '=', viewer)
      .orderBy('uses', 'desc')
      .orderBy('last_used_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ userid: r.contact_userid, uses: Number(r.uses), lastUsedAt: Number(r.last_used_at) }));
  }

  async getState<T>(key: string): Promise<T | null> {
    const row = await this.db.selectFrom('app_state').select('value').where('key', '=', key).executeTakeFirst();
    return row === undefined ? null : (JSON.parse(row.value) as T);
  }

  async setState(key: string, value: unknown, at: number): Promise<void> {
    await this.db
      .insertInto('app_state')
      .values({ key, value: JSON.stringify(value), updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  }
}

function withDepartments(rows: Selectable<PersonTable>[], links: Array<{ userid: string; dept_id: number }>): DirectoryPerson[] {
  const deptsByUser = new Map<string, number[]>();
  for (const link of links) {
    const list = deptsByUser.get(link.userid);
    if (list === undefined) deptsByUser.set(link.userid, [link.dept_id]);
    else list.push(link.dept_id);
  }
  return rows.map((row) => personFromRow(row, deptsByUser.get(row.userid) ?? []));
}

function personRow(p: DirectoryPerson): PersonTable {
  return {
    userid: p.userid,
    unionid: p.unionid,
    name: p.name,
    english_name: p.englishName,
    title: p.title,
    email: p.email,
    org_email: p.orgEmail,
    mobile: p.mobile,
    telephone: p.telephone,
    job_number: p.jobNumber,
    avatar: p.avatar,
    active: p.active ? 1 : 0,
    detail: JSON.stringify(p.detail),
    updated_at: p.updatedAt,
  };
}

function personFromRow(row: Selectable<PersonTable>, deptIds: number[]): DirectoryPerson {
  return {
    userid: row.userid,
    unionid: row.unionid,
    name: row.name,
    englishName: row.english_name,
    title: row.title,
    email: row.email,
    orgEmail: row.org_email,
    mobile: row.mobile,
    telephone: row.telephone,
    jobNumber: row.job_number,
    avatar: row.avatar,
    active: Number(row.active) === 1,
    deptIds: deptIds.map(Number).sort((a, b) => a - b),
    detail: JSON.parse(row.detail) as DirectoryPerson['detail'],
    updatedAt: Number(row.updated_at),
  };
}

function departmentRow(d: DirectoryDepartment): DepartmentTable {
  return {
    dept_id: d.deptId,
    parent_id: d.parentId,
    name: d.name,
    sort_order: d.order,
    detail: JSON.stringify(d.detail),
    updated_at: d.updatedAt,
  };
}

function departmentFromRow(row: Selectable<DepartmentTable>): DirectoryDepartment {
  return {
    deptId: Number(row.dept_id),
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    name: row.name,
    order: Number(row.sort_order),
    detail: JSON.parse(row.detail) as DirectoryDepartment['detail'],
    updatedAt: Number(row.updated_at),
  };
}
