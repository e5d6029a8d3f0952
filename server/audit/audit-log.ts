import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DialectName } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { canonicalJson } from './canonical-json.js';

/**
 * Row type of `audit_log` (migration 0003); kept here so this feature owns its table. A type alias, not
 * an interface, because Kysely's withTables() needs an implicit index signature.
 */
export type AuditLogTable = {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  /** canonical JSON or null */
  before: string | null;
  /** canonical JSON or null */
  after: string | null;
  prev_hash: string;
  hash: string;
};

export type AuditTables = {
  audit_log: AuditLogTable;
};

/** What a caller records: who did what to which object, and the object before and after (JSON-able). */
export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  /** parsed JSON; null when nothing was recorded */
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  /** epoch ms, inclusive */
  from?: number;
  /** epoch ms, exclusive */
  to?: number;
  limit: number;
  /** paging: only entries with a smaller seq (results are newest first) */
  beforeSeq?: number;
}

export type AuditVerdict = { ok: true; entries: number } | { ok: false; brokenAt: number; reason: string };

/** prev_hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** Any fixed 64-bit number; names the one PostgreSQL advisory lock that orders appends. */
const APPEND_LOCK_KEY = 0x6175646974n; // "audit"

/** Rows read per round trip by verify(). */
const VERIFY_PAGE = 1000;

/**
 * Append-only, hash-chained audit log. Entry n stores sha256(canonical JSON of its own fields and the
 * hash of entry n-1), so changing, removing or reordering any stored entry breaks the chain at that
 * point, and verify() names the first broken entry. It cannot detect the newest entries being cut
 * off (nothing follows them): keep the head hash somewhere else if that matters.
 *
 * Invariant: seq runs 1, 2, 3… without gaps. append() reads the last entry and inserts the next in
 * one transaction, serialised by lockChain(); the seq primary key turns any writer that slipped past
 * the lock into a failed insert rather than a fork.
 */
export class AuditLog {
  private readonly db: Kysely<Database & AuditTables>;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly now: () => number = Date.now,
  ) {
    this.db = db.withTables<AuditTables>();
  }

  async append(input: AuditInput): Promise<AuditEntry> {
    return this.db.transaction().execute((trx) => this.appendWithin(trx, input));
  }

  /**
   * Appends inside the caller's transaction, so the change and its audit entry commit together or not
   * at all (admin writes use this; a change without its entry would defeat the log).
   */
  async appendWithin(outer: Transaction<Database>, input: AuditInput): Promise<AuditEntry> {
    const trx = outer.withTables<AuditTables>();
    await lockChain(trx, this.dialect);
    const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const row: Omit<AuditLogTable, 'hash'> = {
      seq: last === undefined ? 1 : Number(last.seq) + 1,
      at: this.now(),
      actor: input.actor,
      action: input.action,
      target: input.target,
      before: input.before === undefined || input.before === null ? null : canonicalJson(input.before),
      after: input.after === undefined || input.after === null ? null : canonicalJson(input.after),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const hash = entryHash(row);
    await trx.insertInto('audit_log').values({ ...row, hash }).execute();
    return toEntry({ ...row, hash });
  }

  /** Newest first. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.target !== undefined) query = query.where('target', '=', filter.target);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
    const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
    return rows.map(toEntry);
  }

  /**
   * Walks the whole log in seq order and reports the first entry that is missing ("gap in sequence"),
   * whose stored hash is not the hash of its fields ("hash mismatch"), or whose prev_hash is not the
   * previous entry's hash ("prev_hash does not match entry N-1").
   */
  async verify(): Promise<AuditVerdict> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>=', expectedSeq)
        .orderBy('seq', 'asc')
        .limit(VERIFY_PAGE)
        .execute();
      for (const raw of rows) {
        const row = normalise(raw);
        if (row.seq !== expectedSeq) {
          return { ok: false, brokenAt: expectedSeq, reason: `gap in sequence (entry ${expectedSeq} is missing, next is ${row.seq})` };
        }
        if (safeHash(row) !== row.hash) return { ok: false, brokenAt: row.seq, reason: 'hash mismatch' };
        if (row.prev_hash !== prevHash) {
          return { ok: false, brokenAt: row.seq, reason: `prev_hash does not match entry ${row.seq - 1}` };
        }
        prevHash = row.hash;
        expectedSeq += 1;
      }
      if (rows.length < VERIFY_PAGE) return { ok: true, entries: expectedSeq - 1 };
    }
  }
}

/**
 * The one dialect difference. PostgreSQL: several processes may append, so a transaction-level
 * advisory lock orders them (released at commit/rollback; SELECT … FOR UPDATE on the last row would
 * not cover the empty table). SQLite: the server holds the only writer connection and Kysely's
 * SqliteDriver runs one transaction at a time on it, so the transaction alone serialises appends.
 */
async function lockChain(trx: Transaction<Database & AuditTables>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(APPEND_LOCK_KEY.toString())}::bigint)`.execute(trx);
}

/** sha256 over the canonical JSON of everything but the hash itself; before/after as parsed JSON. */
function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const material = canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: parseJson(row.before),
    after: parseJson(row.after),
    prevHash: row.prev_hash,
  });
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

/** A row whose before/after is no longer JSON was edited after the fact: that is a mismatch, not a crash. */
function safeHash(row: AuditLogTable): string | null {
  try {
    return entryHash(row);
  } catch {
    return null;
  }
}

/** int8 columns may arrive as strings (pg without our type parser); the hash needs the numbers. */
function normalise(row: Selectable<AuditLogTable>): AuditLogTable {
  return { ...row, seq: Number(row.seq), at: Number(row.at) };
}

function toEntry(raw: Selectable<AuditLogTable>): AuditEntry {
  const row = normalise(raw);
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: parseJson(row.before),
    after: parseJson(row.after),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}
