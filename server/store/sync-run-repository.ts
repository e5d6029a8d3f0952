import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped';

export interface SyncRun {
  id: string;
  kind: string;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  detail: Record<string, unknown>;
}

/** History of long runs; a run left `running` by a crash is reported as such until the next one ends. */
export class SyncRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(kind: string, at: number): Promise<string> {
    const id = randomUUID();
    await this.db.insertInto('sync_run').values({ id, kind, started_at: at, finished_at: null, status: 'running', detail: '{}' }).execute();
    return id;
  }

  async finish(id: string, status: Exclude<RunStatus, 'running'>, at: number, detail: Record<string, unknown>): Promise<void> {
    await this.db
      .updateTable('sync_run')
      .set({ status, finished_at: at, detail: JSON.stringify(detail) })
      .where('id', '=', id)
      .execute();
  }

  async recent(kind: string, limit: number): Promise<SyncRun[]> {
    const rows = await this.db
      .selectFrom('sync_run')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      startedAt: Number(r.started_at),
      finishedAt: r.finished_at === null ? null : Number(r.finished_at),
      status: r.status as RunStatus,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
