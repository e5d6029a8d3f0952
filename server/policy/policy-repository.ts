import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type {
  AddressBook,
  AddressBookInput,
  Audience,
  ExternalContact,
  FieldMask,
  FieldMaskInput,
  PersonField,
  PersonOverlay,
  PersonOverlayInput,
  Role,
  RoleAssignment,
  RoleAssignmentInput,
  ViewerMapping,
  VisibilityAudience,
  VisibilityRule,
  VisibilityRuleInput,
} from '../../shared/admin-api.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Database } from '../store/schema.js';
import type { PolicySnapshot } from './model.js';

/** Row types of migration 0005; kept here so this feature owns its tables (type aliases for withTables). */
export type PolicyTables = {
  visibility_rule: { dept_id: number; audience: string; allow_dept_ids: string; allow_userids: string; updated_at: number; updated_by: string };
  field_mask: {
    id: string;
    name: string;
    fields: string;
    target_dept_ids: string;
    viewers: string;
    exempt_userids: string;
    updated_at: number;
    updated_by: string;
  };
  address_book: { id: string; name: string; dept_ids: string; userids: string; external_contacts: string; viewers: string; updated_at: number; updated_by: string };
  role_assignment: { id: string; email: string; role: string; dept_ids: string; updated_at: number; updated_by: string };
  viewer_mapping: { email: string; userid: string; updated_at: number; updated_by: string };
  person_overlay: {
    userid: string;
    tags: string;
    note: string;
    show_mobile: number;
    show_telephone: number;
    updated_at: number;
    updated_by: string;
  };
  policy_version: { id: number; version: number };
};

type Db = Kysely<Database & PolicyTables>;
type Trx = Transaction<Database & PolicyTables>;

/** Who changed something and when; every write names its actor for the audit log. */
export interface Actor {
  email: string;
}

/**
 * Policy, roles, viewer mappings and overlays. Every write bumps `policy_version` and appends its audit
 * entry (with the object before and after) in the same transaction as the change.
 */
export class PolicyRepository {
  private readonly db: Db;

  constructor(
    db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {
    this.db = db.withTables<PolicyTables>();
  }

  async version(): Promise<number> {
    const row = await this.db.selectFrom('policy_version').select('version').where('id', '=', 1).executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  async snapshot(): Promise<PolicySnapshot> {
    return this.db.transaction().execute(async (trx) => {
      const [version, rules, masks, books, roles, overlays] = await Promise.all([
        trx.selectFrom('policy_version').select('version').where('id', '=', 1).executeTakeFirst(),
        trx.selectFrom('visibility_rule').selectAll().execute(),
        trx.selectFrom('field_mask').selectAll().orderBy('id').execute(),
        trx.selectFrom('address_book').selectAll().orderBy('name').execute(),
        trx.selectFrom('role_assignment').selectAll().orderBy('email').execute(),
        trx.selectFrom('person_overlay').selectAll().execute(),
      ]);
      return {
        version: Number(version?.version ?? 0),
        rules: new Map(rules.map((r) => [Number(r.dept_id), ruleOf(r)])),
        masks: masks.map(maskOf),
        books: books.map(bookOf),
        roles: roles.map((r) => roleOf(r, false)),
        overlays: new Map(overlays.map((o) => [o.userid, overlayOf(o)])),
      };
    });
  }

  // ---------------------------------------------------------------- visibility rules

  async putRule(actor: Actor, deptId: number, input: VisibilityRuleInput): Promise<VisibilityRule> {
    return this.#write(actor, 'visibility_rule.put', `dept:${deptId}`, async (trx) => {
      const before = await trx.selectFrom('visibility_rule').selectAll().where('dept_id', '=', deptId).executeTakeFirst();
      const row = {
        dept_id: deptId,
        audience: input.audience,
        allow_dept_ids: json(input.allowDeptIds),
        allow_userids: json(input.allowUserids),
        updated_at: this.now(),
        updated_by: actor.email,
      };
      await trx
        .insertInto('visibility_rule')
        .values(row)
        .onConflict((oc) => oc.column('dept_id').doUpdateSet({ ...row }))
        .execute();
      return { before: before === undefined ? null : ruleOf(before), after: ruleOf(row) };
    });
  }

  async deleteRule(actor: Actor, deptId: number): Promise<boolean> {
    return this.#deleteAudited(actor, 'visibility_rule.delete', `dept:${deptId}`, async (trx) => {
      const before = await trx.selectFrom('visibility_rule').selectAll().where('dept_id', '=', deptId).executeTakeFirst();
      if (before !== undefined) await trx.deleteFrom('visibility_rule').where('dept_id', '=', deptId).execute();
      return before === undefined ? null : ruleOf(before);
    });
  }

  // ---------------------------------------------------------------- field masks

  async saveMask(actor: Actor, id: string | null, input: FieldMaskInput): Promise<FieldMask | null> {
    const maskId = id ?? randomUUID();
    return this.#saveAudited(actor, id === null ? 'field_mask.create' : 'field_mask.update', `mask:${maskId}`, async (trx) => {
      const before = await trx.selectFrom('field_mask').selectAll().where('id', '=', maskId).executeTakeFirst();
      if (id !== null && before === undefined) return null;
      const row = {
        id: maskId,
        name: input.name,
        fields: json(input.fields),
        target_dept_ids: json(input.targetDeptIds),
        viewers: json(input.viewers),
        exempt_userids: json(input.exemptUserids),
        updated_at: this.now(),
        updated_by: actor.email,
      };
      if (before === undefined) await trx.insertInto('field_mask').values(row).execute();
      else await trx.updateTable('field_mask').set(row).where('id', '=', maskId).execute();
      return { before: before === undefined ? null : maskOf(before), after: maskOf(row) };
    });
  }

  async getMask(id: string): Promise<FieldMask | null> {
    const row = await this.db.selectFrom('field_mask').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : maskOf(row);
  }

  async deleteMask(actor: Actor, id: string): Promise<boolean> {
    return this.#deleteAudited(actor, 'field_mask.delete', `mask:${id}`, async (trx) => {
      const before = await trx.selectFrom('field_mask').selectAll().where('id', '=', id).executeTakeFirst();
      if (before !== undefined) await trx.deleteFrom('field_mask').where('id', '=', id).execute();
      return before === undefined ? null : maskOf(before);
    });
  }

  // ---------------------------------------------------------------- address books

  async saveBook(actor: Actor, id: string | null, input: AddressBookInput): Promise<AddressBook | null> {
    const bookId = id ?? randomUUID();
    return this.#saveAudited(actor, id === null ? 'address_book.create' : 'address_book.update', `book:${bookId}`, async (trx) => {
      const before = await trx.selectFrom('address_book').selectAll().where('id', '=', bookId).executeTakeFirst();
      if (id !== null && before === undefined) return null;
      const row = {
        id: bookId,
        name: input.name,
        dept_ids: json(input.deptIds),
        userids: json(input.userids),
        external_contacts: json(input.externalContacts),
        viewers: json(input.viewers),
        updated_at: this.now(),
        updated_by: actor.email,
      };
      if (before === undefined) await trx.insertInto('address_book').values(row).execute();
      else await trx.updateTable('address_book').set(row).where('id', '=', bookId).execute();
      return { before: before === undefined ? null : bookOf(before), after: bookOf(row) };
    });
  }

  async getBook(id: string): Promise<AddressBook | null> {
    const row = await this.db.selectFrom('address_book').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : bookOf(row);
  }

  async deleteBook(actor: Actor, id: string): Promise<boolean> {
    return this.#deleteAudited(actor, 'address_book.delete', `book:${id}`, async (trx) => {
      const before = await trx.selectFrom('address_book').selectAll().where('id', '=', id).executeTakeFirst();
      if (before !== undefined) await trx.deleteFrom('address_book').where('id', '=', id).execute();
      return before === undefined ? null : bookOf(before);
    });
  }

  // ---------------------------------------------------------------- roles

  async addRole(actor: Actor, input: RoleAssignmentInput): Promise<RoleAssignment> {
    const id = randomUUID();
    return this.#write(actor, 'role.assign', `role:${id}`, async (trx) => {
      const row = {
        id,
        email: input.email.toLowerCase(),
        role: input.role,
        dept_ids: json(input.deptIds),
        updated_at: this.now(),
        updated_by: actor.email,
      };
      await trx.insertInto('role_assignment').values(row).execute();
      return { before: null, after: roleOf(row, false) };
    });
  }

  async getRole(id: string): Promise<RoleAssignment | null> {
    const row = await this.db.selectFrom('role_assignment').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : roleOf(row, false);
  }

  async deleteRole(actor: Actor, id: string): Promise<boolean> {
    return this.#deleteAudited(actor, 'role.revoke', `role:${id}`, async (trx) => {
      const before = await trx.selectFrom('role_assignment').selectAll().where('id', '=', id).executeTakeFirst();
      if (before !== undefined) await trx.deleteFrom('role_assignment').where('id', '=', id).execute();
      return before === undefined ? null : roleOf(before, false);
    });
  }

  // ---------------------------------------------------------------- viewer mappings

  async mappings(): Promise<ViewerMapping[]> {
    const rows = await this.db.selectFrom('viewer_mapping').selectAll().orderBy('email').execute();
    return rows.map(mappingOf);
  }

  async mappingFor(email: string): Promise<string | null> {
    const row = await this.db.selectFrom('viewer_mapping').select('userid').where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row?.userid ?? null;
  }

  async putMapping(actor: Actor, email: string, userid: string): Promise<ViewerMapping> {
    const key = email.toLowerCase();
    return this.#write(actor, 'viewer_mapping.put', `viewer:${key}`, async (trx) => {
      const before = await trx.selectFrom('viewer_mapping').selectAll().where('email', '=', key).executeTakeFirst();
      const row = { email: key, userid, updated_at: this.now(), updated_by: actor.email };
      await trx
        .insertInto('viewer_mapping')
        .values(row)
        .onConflict((oc) => oc.column('email').doUpdateSet({ ...row }))
        .execute();
      return { before: before === undefined ? null : mappingOf(before), after: mappingOf(row) };
    });
  }

  async deleteMapping(actor: Actor, email: string): Promise<boolean> {
    const key = email.toLowerCase();
    return this.#deleteAudited(actor, 'viewer_mapping.delete', `viewer:${key}`, async (trx) => {
      const before = await trx.selectFrom('viewer_mapping').selectAll().where('email', '=', key).executeTakeFirst();
      if (before !== undefined) await trx.deleteFrom('viewer_mapping').where('email', '=', key).execute();
      return before === undefined ? null : mappingOf(before);
    });
  }

  // ---------------------------------------------------------------- HR overlay fields

  async overlay(userid: string): Promise<PersonOverlay | null> {
    const row = await this.db.selectFrom('person_overlay').selectAll().where('userid', '=', userid).executeTakeFirst();
    return row === undefined ? null : overlayOf(row);
  }

  async putOverlay(actor: Actor, userid: string, input: PersonOverlayInput): Promise<PersonOverlay> {
    return this.#write(actor, 'person_overlay.put', `person:${userid}`, async (trx) => {
      const before = await trx.selectFrom('person_overlay').selectAll().where('userid', '=', userid).executeTakeFirst();
      const row = {
        userid,
        tags: json(input.tags),
        note: input.note,
        show_mobile: input.showMobile ? 1 : 0,
        show_telephone: input.showTelephone ? 1 : 0,
        updated_at: this.now(),
        updated_by: actor.email,
      };
      await trx
        .insertInto('person_overlay')
        .values(row)
        .onConflict((oc) => oc.column('userid').doUpdateSet({ ...row }))
        .execute();
      return { before: before === undefined ? null : overlayOf(before), after: overlayOf(row) };
    });
  }

  // ---------------------------------------------------------------- writes

  /** A write with its audit entry and version bump, all in one transaction. */
  async #write<T>(actor: Actor, action: string, target: string, change: (trx: Trx) => Promise<{ before: unknown; after: T }>): Promise<T> {
    const saved = await this.#saveAudited(actor, action, target, change);
    // why: #saveAudited answers null only when its change does, and `change` here never does
    return saved as T;
  }

  /** Like #write, but the change may find nothing to update (null: nothing written, nothing audited). */
  async #saveAudited<T>(actor: Actor, action: string, target: string, change: (trx: Trx) => Promise<{ before: unknown; after: T } | null>): Promise<T | null> {
    return this.db.transaction().execute(async (trx) => {
      const result = await change(trx);
      if (result === null) return null;
      await this.#bump(trx);
      await this.audit.appendWithin(trx, { actor: actor.email, action, target, before: result.before, after: result.after });
      return result.after;
    });
  }

  /** A delete with its audit entry; false (and no entry) when there was nothing to delete. */
  async #deleteAudited(actor: Actor, action: string, target: string, remove: (trx: Trx) => Promise<unknown>): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const before = await remove(trx);
      if (before === null) return false;
      await this.#bump(trx);
      await this.audit.appendWithin(trx, { actor: actor.email, action, target, before, after: null });
      return true;
    });
  }

  async #bump(trx: Trx): Promise<void> {
    await trx
      .updateTable('policy_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  }
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

function ruleOf(row: PolicyTables['visibility_rule']): VisibilityRule {
  return {
    deptId: Number(row.dept_id),
    deptName: null,
    audience: row.audience as VisibilityAudience,
    allowDeptIds: parse<number[]>(row.allow_dept_ids),
    allowUserids: parse<string[]>(row.allow_userids),
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}

function maskOf(row: PolicyTables['field_mask']): FieldMask {
  return {
    id: row.id,
    name: row.name,
    fields: parse<PersonField[]>(row.fields),
    targetDeptIds: parse<number[]>(row.target_dept_ids),
    viewers: parse<Audience>(row.viewers),
    exemptUserids: parse<string[]>(row.exempt_userids),
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}

function bookOf(row: PolicyTables['address_book']): AddressBook {
  return {
    id: row.id,
    name: row.name,
    deptIds: parse<number[]>(row.dept_ids),
    userids: parse<string[]>(row.userids),
    externalContacts: parse<ExternalContact[]>(row.external_contacts),
    viewers: parse<Audience>(row.viewers),
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}

export function roleOf(row: PolicyTables['role_assignment'], fromConfig: boolean): RoleAssignment {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    deptIds: parse<number[]>(row.dept_ids),
    fromConfig,
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}

function mappingOf(row: PolicyTables['viewer_mapping']): ViewerMapping {
  return { email: row.email, userid: row.userid, updatedAt: Number(row.updated_at), updatedBy: row.updated_by };
}

function overlayOf(row: PolicyTables['person_overlay']): PersonOverlay {
  return {
    userid: row.userid,
    tags: parse<string[]>(row.tags),
    note: row.note,
    showMobile: Number(row.show_mobile) === 1,
    showTelephone: Number(row.show_telephone) === 1,
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}
