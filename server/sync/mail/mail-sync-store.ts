import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { ActionKind } from './decide.js';
import type { FolderKey, LinkRecord, LinkSide, Side } from './model.js';
import type { BreakerTrip } from './plan.js';

/**
 * Row types of migration 0006; kept here so this feature owns its tables. Type aliases, not
 * interfaces, because Kysely's withTables() needs an implicit index signature.
 */
export type MailLinkTable = {
  mailbox: string;
  link_id: string;
  message_id: string | null;
  state: string;
  folder: string;
  seen: number;
  flagged: number;
  dt_id: string | null;
  dt_folder: string | null;
  dt_hash: string | null;
  dt_version: string | null;
  dt_seen: number;
  dt_flagged: number;
  dt_stamp: string | null;
  ex_id: string | null;
  ex_folder: string | null;
  ex_hash: string | null;
  ex_version: string | null;
  ex_seen: number;
  ex_flagged: number;
  ex_stamp: string | null;
  created_at: number;
  updated_at: number;
};

export type MailCursorTable = { mailbox: string; side: string; folder: string; cursor: string; updated_at: number };

export type MailJournalTable = {
  id: string;
  mailbox: string;
  link_id: string;
  token: string | null;
  folder: string;
  kinds: string;
  payload: string;
  state: string;
  error: string | null;
  run_id: string;
  created_at: number;
  updated_at: number;
};

export type MailQuarantineTable = {
  mailbox: string;
  item_key: string;
  folder: string;
  link_id: string | null;
  journal_id: string | null;
  reason: string;
  code: string | null;
  attempts: number;
  next_attempt_at: number | null;
  first_failed_at: number;
  last_failed_at: number;
  step: string;
};

export type MailBreakerTable = {
  id: string;
  mailbox: string;
  folder: string;
  side: string | null;
  reason: string;
  deletes: number;
  linked: number;
  state: string;
  created_at: number;
  released_at: number | null;
  released_by: string | null;
};

export type MailBackfillTable = {
  mailbox: string;
  folder: string;
  state: string;
  done: number;
  total: number | null;
  started_at: number;
  updated_at: number;
  finished_at: number | null;
};

export type MailFolderStateTable = {
  mailbox: string;
  folder: string;
  last_success_at: number | null;
  last_attempt_at: number | null;
  errors: string;
  conflicts: string;
  conflict_count: number;
};

export type MailSyncTables = {
  mail_link: MailLinkTable;
  mail_cursor: MailCursorTable;
  mail_journal: MailJournalTable;
  mail_quarantine: MailQuarantineTable;
  mail_breaker: MailBreakerTable;
  mail_backfill: MailBackfillTable;
  mail_folder_state: MailFolderStateTable;
};

type Db = Kysely<Database & MailSyncTables>;

/** open: written before the remote write. The rest close it: done, adopted after a crash, quarantined, abandoned (source gone). */
export type JournalState = 'open' | 'done' | 'adopted' | 'quarantined' | 'abandoned';

export interface JournalIntent {
  id: string;
  linkId: string;
  /** the correlation token stamped on the item this intent creates; null when it creates nothing */
  token: string | null;
  folder: FolderKey;
  kinds: ActionKind[];
  /** the planned step (JSON-able), replayed by recover() */
  payload: unknown;
  runId: string;
}

export interface JournalEntry extends JournalIntent {
  state: JournalState;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface QuarantineInput {
  key: string;
  folder: FolderKey;
  linkId: string | null;
  journalId: string | null;
  reason: string;
  code: string | null;
  /** the planned step (JSON-able) */
  step: unknown;
}

export interface QuarantineEntry extends QuarantineInput {
  attempts: number;
  /** null: retries used up, waiting for an admin */
  nextAttemptAt: number | null;
  firstFailedAt: number;
  lastFailedAt: number;
}

export type BreakerState = 'open' | 'released' | 'closed';

export interface BreakerStop {
  id: string;
  folder: FolderKey;
  side: Side | null;
  reason: BreakerTrip['reason'];
  deletes: number;
  linked: number;
  state: BreakerState;
  createdAt: number;
  releasedAt: number | null;
  releasedBy: string | null;
}

export interface BackfillRow {
  folder: FolderKey;
  state: 'running' | 'done';
  done: number;
  total: number | null;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface FolderEvent {
  at: number;
  reason: string;
}

export interface ConflictEvent {
  at: number;
  key: string;
  kind: string;
  resolution: string;
}

export interface FolderStateRow {
  folder: FolderKey;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** most recent first */
  errors: FolderEvent[];
  /** most recent first */
  conflicts: ConflictEvent[];
  conflictCount: number;
}

/** What one step's final transaction writes: the link row (or its removal), the journal close, the quarantine clear. */
export interface StepCommit {
  save?: LinkRecord;
  drop?: string;
  journal?: { id: string; state: Exclude<JournalState, 'open'>; error?: string };
  clearQuarantine?: string;
}

/** How many recent errors/conflicts a folder keeps for the status API. */
const TAIL = 20;
/** Ids per IN (…) list; stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/**
 * The mail engine's status store (migration 0006) on SQLite or PostgreSQL through one set of Kysely
 * queries. Everything is scoped by `mailbox`. Writes that must land together (a link row plus the
 * journal close; a quarantine entry plus the observed state) run in one transaction.
 */
export class MailSyncStore {
  private readonly db: Db;

  constructor(
    db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {
    this.db = db.withTables<MailSyncTables>();
  }

  // ------------------------------------------------------------------ links

  async getLink(mailbox: string, linkId: string): Promise<LinkRecord | null> {
    const row = await this.db.selectFrom('mail_link').selectAll().where('mailbox', '=', mailbox).where('link_id', '=', linkId).executeTakeFirst();
    return row === undefined ? null : linkFromRow(row);
  }

  async linksBySideIds(mailbox: string, side: Side, sideIds: readonly string[]): Promise<LinkRecord[]> {
    const column = side === 'dingtalk' ? 'dt_id' : 'ex_id';
    return this.inChunks(sideIds, (ids) => this.db.selectFrom('mail_link').selectAll().where('mailbox', '=', mailbox).where(column, 'in', ids).execute());
  }

  async linksByMessageIds(mailbox: string, messageIds: readonly string[]): Promise<LinkRecord[]> {
    return this.inChunks(messageIds, (ids) => this.db.selectFrom('mail_link').selectAll().where('mailbox', '=', mailbox).where('message_id', 'in', ids).execute());
  }

  /** links whose id or either side's stamp is one of `stamps` */
  async linksByStamps(mailbox: string, stamps: readonly string[]): Promise<LinkRecord[]> {
    return this.inChunks(stamps, (ids) =>
      this.db
        .selectFrom('mail_link')
        .selectAll()
        .where('mailbox', '=', mailbox)
        .where((eb) => eb.or([eb('link_id', 'in', ids), eb('dt_stamp', 'in', ids), eb('ex_stamp', 'in', ids)]))
        .execute(),
    );
  }

  /** links agreed in this folder or with a copy last seen there */
  async linksInFolder(mailbox: string, folder: FolderKey): Promise<LinkRecord[]> {
    const rows = await this.db
      .selectFrom('mail_link')
      .selectAll()
      .where('mailbox', '=', mailbox)
      .where((eb) => eb.or([eb('folder', '=', folder), eb('dt_folder', '=', folder), eb('ex_folder', '=', folder)]))
      .execute();
    return rows.map(linkFromRow);
  }

  /** Active links agreed in this folder, and per side those whose copy was last seen there (breaker denominators). */
  async folderCounts(mailbox: string, folder: FolderKey): Promise<{ agreed: number; dingtalk: number; exchange: number }> {
    const count = async (column: 'folder' | 'dt_folder' | 'ex_folder'): Promise<number> => {
      const row = await this.db
        .selectFrom('mail_link')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('mailbox', '=', mailbox)
        .where('state', '=', 'active')
        .where(column, '=', folder)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    };
    return { agreed: await count('folder'), dingtalk: await count('dt_folder'), exchange: await count('ex_folder') };
  }

  async allLinks(mailbox: string): Promise<LinkRecord[]> {
    const rows = await this.db.selectFrom('mail_link').selectAll().where('mailbox', '=', mailbox).orderBy('link_id').execute();
    return rows.map(linkFromRow);
  }

  async countLinks(mailbox: string): Promise<number> {
    const row = await this.db.selectFrom('mail_link').select((eb) => eb.fn.countAll<number>().as('n')).where('mailbox', '=', mailbox).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async saveLink(mailbox: string, link: LinkRecord): Promise<void> {
    await saveLinkIn(this.db, mailbox, link);
  }

  async deleteLink(mailbox: string, linkId: string): Promise<void> {
    await this.db.deleteFrom('mail_link').where('mailbox', '=', mailbox).where('link_id', '=', linkId).execute();
  }

  // ------------------------------------------------------------------ cursors

  async getCursor(mailbox: string, side: Side, folder: FolderKey): Promise<string | null> {
    const row = await this.db
      .selectFrom('mail_cursor')
      .select('cursor')
      .where('mailbox', '=', mailbox)
      .where('side', '=', side)
      .where('folder', '=', folder)
      .executeTakeFirst();
    return row?.cursor ?? null;
  }

  async setCursor(mailbox: string, side: Side, folder: FolderKey, cursor: string | null): Promise<void> {
    if (cursor === null) {
      await this.db.deleteFrom('mail_cursor').where('mailbox', '=', mailbox).where('side', '=', side).where('folder', '=', folder).execute();
      return;
    }
    const updated_at = this.now();
    await this.db
      .insertInto('mail_cursor')
      .values({ mailbox, side, folder, cursor, updated_at })
      .onConflict((oc) => oc.columns(['mailbox', 'side', 'folder']).doUpdateSet({ cursor, updated_at }))
      .execute();
  }

  // ------------------------------------------------------------------ journal

  async openIntent(mailbox: string, intent: JournalIntent): Promise<void> {
    const at = this.now();
    await this.db
      .insertInto('mail_journal')
      .values({
        id: intent.id,
        mailbox,
        link_id: intent.linkId,
        token: intent.token,
        folder: intent.folder,
        kinds: intent.kinds.join(','),
        payload: JSON.stringify(intent.payload),
        state: 'open',
        error: null,
        run_id: intent.runId,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  async getIntent(mailbox: string, id: string): Promise<JournalEntry | null> {
    const row = await this.db.selectFrom('mail_journal').selectAll().where('mailbox', '=', mailbox).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : journalFromRow(row);
  }

  async intents(mailbox: string, state: JournalState): Promise<JournalEntry[]> {
    const rows = await this.db.selectFrom('mail_journal').selectAll().where('mailbox', '=', mailbox).where('state', '=', state).orderBy('created_at').orderBy('id').execute();
    return rows.map(journalFromRow);
  }

  async closeIntent(mailbox: string, id: string, state: Exclude<JournalState, 'open'>, error: string | null = null): Promise<void> {
    await this.db.updateTable('mail_journal').set({ state, error, updated_at: this.now() }).where('mailbox', '=', mailbox).where('id', '=', id).execute();
  }

  /** Removes closed journal rows older than `before`; open and quarantined intents stay. */
  async pruneJournal(mailbox: string, before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('mail_journal')
      .where('mailbox', '=', mailbox)
      .where('state', 'in', ['done', 'adopted', 'abandoned'])
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The last write of a step, atomically: link row saved or dropped, journal closed, quarantine cleared. */
  async commitStep(mailbox: string, commit: StepCommit): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (commit.save !== undefined) await saveLinkIn(trx, mailbox, commit.save);
      if (commit.drop !== undefined) await trx.deleteFrom('mail_link').where('mailbox', '=', mailbox).where('link_id', '=', commit.drop).execute();
      if (commit.journal !== undefined) {
        await trx
          .updateTable('mail_journal')
          .set({ state: commit.journal.state, error: commit.journal.error ?? null, updated_at: this.now() })
          .where('mailbox', '=', mailbox)
          .where('id', '=', commit.journal.id)
          .execute();
      }
      if (commit.clearQuarantine !== undefined) {
        await trx.deleteFrom('mail_quarantine').where('mailbox', '=', mailbox).where('item_key', '=', commit.clearQuarantine).execute();
      }
    });
  }

  // ------------------------------------------------------------------ quarantine

  /**
   * Records a failed item: attempts + 1 and the next retry after `backoff(attempts)` ms (null: give up
   * and wait for an admin), the journal intent marked quarantined, and `observed` saved so the next
   * decision sees what the sides hold although the cursor moves on.
   */
  async quarantine(mailbox: string, input: QuarantineInput, backoff: (attempts: number) => number | null, observed?: LinkRecord): Promise<QuarantineEntry> {
    const at = this.now();
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('mail_quarantine').selectAll().where('mailbox', '=', mailbox).where('item_key', '=', input.key).executeTakeFirst();
      const attempts = (before?.attempts ?? 0) + 1;
      const delay = backoff(attempts);
      const row: MailQuarantineTable = {
        mailbox,
        item_key: input.key,
        folder: input.folder,
        link_id: input.linkId,
        journal_id: input.journalId,
        reason: input.reason,
        code: input.code,
        attempts,
        next_attempt_at: delay === null ? null : at + delay,
        first_failed_at: before?.first_failed_at ?? at,
        last_failed_at: at,
        step: JSON.stringify(input.step),
      };
      await trx.deleteFrom('mail_quarantine').where('mailbox', '=', mailbox).where('item_key', '=', input.key).execute();
      await trx.insertInto('mail_quarantine').values(row).execute();
      if (input.journalId !== null) {
        await trx
          .updateTable('mail_journal')
          .set({ state: 'quarantined', error: input.reason, updated_at: at })
          .where('mailbox', '=', mailbox)
          .where('id', '=', input.journalId)
          .execute();
      }
      if (observed !== undefined) await saveLinkIn(trx, mailbox, observed);
      return quarantineFromRow(row);
    });
  }

  async listQuarantine(mailbox: string): Promise<QuarantineEntry[]> {
    const rows = await this.db.selectFrom('mail_quarantine').selectAll().where('mailbox', '=', mailbox).orderBy('first_failed_at').orderBy('item_key').execute();
    return rows.map(quarantineFromRow);
  }

  async dueQuarantine(mailbox: string, now: number): Promise<QuarantineEntry[]> {
    const rows = await this.db
      .selectFrom('mail_quarantine')
      .selectAll()
      .where('mailbox', '=', mailbox)
      .where('next_attempt_at', 'is not', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('item_key')
      .execute();
    return rows.map(quarantineFromRow);
  }

  async clearQuarantine(mailbox: string, key: string): Promise<void> {
    await this.db.deleteFrom('mail_quarantine').where('mailbox', '=', mailbox).where('item_key', '=', key).execute();
  }

  /** Makes every quarantined item (including given-up ones) due at `at`; returns how many. */
  async retryQuarantineNow(mailbox: string, at: number): Promise<number> {
    const result = await this.db.updateTable('mail_quarantine').set({ next_attempt_at: at, attempts: 0 }).where('mailbox', '=', mailbox).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  // ------------------------------------------------------------------ breaker

  /** Records a stop; a folder keeps one open stop (a repeated trip refreshes its counts). */
  async recordBreaker(mailbox: string, folder: FolderKey, trip: BreakerTrip, id: string): Promise<BreakerStop> {
    const at = this.now();
    const existing = await this.db
      .selectFrom('mail_breaker')
      .selectAll()
      .where('mailbox', '=', mailbox)
      .where('folder', '=', folder)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (existing !== undefined) {
      await this.db
        .updateTable('mail_breaker')
        .set({ side: trip.side, reason: trip.reason, deletes: trip.deletes, linked: trip.linked })
        .where('id', '=', existing.id)
        .execute();
      return breakerFromRow({ ...existing, side: trip.side, reason: trip.reason, deletes: trip.deletes, linked: trip.linked });
    }
    const row: MailBreakerTable = {
      id,
      mailbox,
      folder,
      side: trip.side,
      reason: trip.reason,
      deletes: trip.deletes,
      linked: trip.linked,
      state: 'open',
      created_at: at,
      released_at: null,
      released_by: null,
    };
    await this.db.insertInto('mail_breaker').values(row).execute();
    return breakerFromRow(row);
  }

  async breakers(mailbox: string, states: readonly BreakerState[] = ['open', 'released']): Promise<BreakerStop[]> {
    const rows = await this.db.selectFrom('mail_breaker').selectAll().where('mailbox', '=', mailbox).where('state', 'in', [...states]).orderBy('created_at').execute();
    return rows.map(breakerFromRow);
  }

  /** open → released by an admin; returns the stops released. */
  async releaseBreakers(mailbox: string, folder: FolderKey, adminId: string): Promise<BreakerStop[]> {
    const open = (await this.breakers(mailbox, ['open'])).filter((b) => b.folder === folder);
    const at = this.now();
    if (open.length === 0) return [];
    await this.db
      .updateTable('mail_breaker')
      .set({ state: 'released', released_at: at, released_by: adminId })
      .where('mailbox', '=', mailbox)
      .where('folder', '=', folder)
      .where('state', '=', 'open')
      .execute();
    return open.map((b) => ({ ...b, state: 'released' as const, releasedAt: at, releasedBy: adminId }));
  }

  /** → closed: a run used the release, or a clean run of both sides found the condition gone. */
  async closeBreakers(mailbox: string, folder: FolderKey, states: readonly BreakerState[]): Promise<number> {
    const result = await this.db
      .updateTable('mail_breaker')
      .set({ state: 'closed' })
      .where('mailbox', '=', mailbox)
      .where('folder', '=', folder)
      .where('state', 'in', [...states])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  // ------------------------------------------------------------------ backfill

  async backfill(mailbox: string): Promise<BackfillRow[]> {
    const rows = await this.db.selectFrom('mail_backfill').selectAll().where('mailbox', '=', mailbox).orderBy('started_at').execute();
    return rows.map((r) => ({
      folder: r.folder,
      state: r.state as BackfillRow['state'],
      done: Number(r.done),
      total: r.total === null ? null : Number(r.total),
      startedAt: Number(r.started_at),
      updatedAt: Number(r.updated_at),
      finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    }));
  }

  async saveBackfill(mailbox: string, row: BackfillRow): Promise<void> {
    const values: MailBackfillTable = {
      mailbox,
      folder: row.folder,
      state: row.state,
      done: row.done,
      total: row.total,
      started_at: row.startedAt,
      updated_at: row.updatedAt,
      finished_at: row.finishedAt,
    };
    await this.db
      .insertInto('mail_backfill')
      .values(values)
      .onConflict((oc) => oc.columns(['mailbox', 'folder']).doUpdateSet({ state: row.state, done: row.done, total: row.total, updated_at: row.updatedAt, finished_at: row.finishedAt }))
      .execute();
  }

  // ------------------------------------------------------------------ folder state

  async folderStates(mailbox: string): Promise<FolderStateRow[]> {
    const rows = await this.db.selectFrom('mail_folder_state').selectAll().where('mailbox', '=', mailbox).orderBy('folder').execute();
    return rows.map(folderStateFromRow);
  }

  /** Records one run of a folder: attempt time, success time when it succeeded, an error or conflicts to keep. */
  async noteFolderRun(mailbox: string, folder: FolderKey, run: { at: number; ok: boolean; error?: string; conflicts?: readonly ConflictEvent[] }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('mail_folder_state').selectAll().where('mailbox', '=', mailbox).where('folder', '=', folder).executeTakeFirst();
      const before = row === undefined ? null : folderStateFromRow(row);
      const errors = run.error === undefined ? (before?.errors ?? []) : [{ at: run.at, reason: run.error }, ...(before?.errors ?? [])].slice(0, TAIL);
      const conflicts = [...[...(run.conflicts ?? [])].reverse(), ...(before?.conflicts ?? [])].slice(0, TAIL);
      const values: MailFolderStateTable = {
        mailbox,
        folder,
        last_success_at: run.ok ? run.at : (before?.lastSuccessAt ?? null),
        last_attempt_at: run.at,
        errors: JSON.stringify(errors),
        conflicts: JSON.stringify(conflicts),
        conflict_count: (before?.conflictCount ?? 0) + (run.conflicts?.length ?? 0),
      };
      await trx.deleteFrom('mail_folder_state').where('mailbox', '=', mailbox).where('folder', '=', folder).execute();
      await trx.insertInto('mail_folder_state').values(values).execute();
    });
  }

  private async inChunks(values: readonly string[], query: (chunk: string[]) => Promise<Array<Selectable<MailLinkTable>>>): Promise<LinkRecord[]> {
    const unique = [...new Set(values)];
    const out: LinkRecord[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      for (const row of await query(unique.slice(i, i + CHUNK))) {
        if (seen.has(row.link_id)) continue;
        seen.add(row.link_id);
        out.push(linkFromRow(row));
      }
    }
    return out;
  }
}

async function saveLinkIn(db: Db | Transaction<Database & MailSyncTables>, mailbox: string, link: LinkRecord): Promise<void> {
  const row = linkToRow(mailbox, link);
  const { mailbox: _m, link_id: _l, created_at: _c, ...update } = row;
  await db
    .insertInto('mail_link')
    .values(row)
    .onConflict((oc) => oc.columns(['mailbox', 'link_id']).doUpdateSet(update))
    .execute();
}

function linkToRow(mailbox: string, link: LinkRecord): MailLinkTable {
  const side = (s: LinkSide | null) => ({
    id: s?.sideId ?? null,
    folder: s?.folder ?? null,
    hash: s?.contentHash ?? null,
    version: s?.version ?? null,
    seen: s?.seen === true ? 1 : 0,
    flagged: s?.flagged === true ? 1 : 0,
    stamp: s?.stamp ?? null,
  });
  const dt = side(link.dingtalk);
  const ex = side(link.exchange);
  return {
    mailbox,
    link_id: link.linkId,
    message_id: link.messageId,
    state: link.state,
    folder: link.folder,
    seen: link.seen ? 1 : 0,
    flagged: link.flagged ? 1 : 0,
    dt_id: dt.id,
    dt_folder: dt.folder,
    dt_hash: dt.hash,
    dt_version: dt.version,
    dt_seen: dt.seen,
    dt_flagged: dt.flagged,
    dt_stamp: dt.stamp,
    ex_id: ex.id,
    ex_folder: ex.folder,
    ex_hash: ex.hash,
    ex_version: ex.version,
    ex_seen: ex.seen,
    ex_flagged: ex.flagged,
    ex_stamp: ex.stamp,
    created_at: link.createdAt,
    updated_at: link.updatedAt,
  };
}

function linkFromRow(r: Selectable<MailLinkTable>): LinkRecord {
  const side = (id: string | null, folder: string | null, hash: string | null, version: string | null, seen: number, flagged: number, stamp: string | null): LinkSide | null =>
    id === null ? null : { sideId: id, folder, contentHash: hash, version, seen: Number(seen) === 1, flagged: Number(flagged) === 1, stamp };
  return {
    linkId: r.link_id,
    messageId: r.message_id,
    state: r.state === 'detached' ? 'detached' : 'active',
    folder: r.folder,
    seen: Number(r.seen) === 1,
    flagged: Number(r.flagged) === 1,
    dingtalk: side(r.dt_id, r.dt_folder, r.dt_hash, r.dt_version, r.dt_seen, r.dt_flagged, r.dt_stamp),
    exchange: side(r.ex_id, r.ex_folder, r.ex_hash, r.ex_version, r.ex_seen, r.ex_flagged, r.ex_stamp),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function journalFromRow(r: Selectable<MailJournalTable>): JournalEntry {
  return {
    id: r.id,
    linkId: r.link_id,
    token: r.token,
    folder: r.folder,
    kinds: r.kinds === '' ? [] : (r.kinds.split(',') as ActionKind[]),
    payload: JSON.parse(r.payload) as unknown,
    runId: r.run_id,
    state: r.state as JournalState,
    error: r.error,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function quarantineFromRow(r: Selectable<MailQuarantineTable>): QuarantineEntry {
  return {
    key: r.item_key,
    folder: r.folder,
    linkId: r.link_id,
    journalId: r.journal_id,
    reason: r.reason,
    code: r.code,
    step: JSON.parse(r.step) as unknown,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
    firstFailedAt: Number(r.first_failed_at),
    lastFailedAt: Number(r.last_failed_at),
  };
}

function breakerFromRow(r: Selectable<MailBreakerTable>): BreakerStop {
  return {
    id: r.id,
    folder: r.folder,
    side: r.side === null ? null : (r.side as Side),
    reason: r.reason as BreakerTrip['reason'],
    deletes: Number(r.deletes),
    linked: Number(r.linked),
    state: r.state as BreakerState,
    createdAt: Number(r.created_at),
    releasedAt: r.released_at === null ? null : Number(r.released_at),
    releasedBy: r.released_by,
  };
}

function folderStateFromRow(r: Selectable<MailFolderStateTable>): FolderStateRow {
  return {
    folder: r.folder,
    lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
    lastAttemptAt: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
    errors: JSON.parse(r.errors) as FolderEvent[],
    conflicts: JSON.parse(r.conflicts) as ConflictEvent[],
    conflictCount: Number(r.conflict_count),
  };
}
