import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { decryptSecret, encryptSecret, rewrapSecret } from './envelope.js';
import type { Keyring } from './keyring.js';

/**
 * Row type of `secret` (migration 0004); kept here so this feature owns its table. A type alias, not an
 * interface, because Kysely's withTables() needs an implicit index signature.
 */
export type SecretTable = {
  /** e.g. `dingtalk:appSecret`, `user:<email>:refreshToken`, `graph:clientSecret` */
  id: string;
  kek_id: string;
  blob: string;
  updated_at: number;
};

export type SecretTables = {
  secret: SecretTable;
};

/**
 * Secrets at rest, envelope-encrypted (envelope.ts) with the AAD `secret:<id>:value`, so a blob moved
 * to another id does not decrypt. Plaintext exists only in memory, in the caller's hands.
 */
export class SecretStore {
  private readonly db: Kysely<Database & SecretTables>;

  constructor(
    db: Kysely<Database>,
    private keyring: Keyring,
    private readonly now: () => number = Date.now,
  ) {
    this.db = db.withTables<SecretTables>();
  }

  async put(id: string, plain: string): Promise<void> {
    const row = { id, kek_id: this.keyring.currentId, blob: encryptSecret(plain, aadOf(id), this.keyring), updated_at: this.now() };
    await this.db
      .insertInto('secret')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ kek_id: row.kek_id, blob: row.blob, updated_at: row.updated_at }))
      .execute();
  }

  /** null when no such secret is stored; throws SecretDecryptError when it cannot be opened. */
  async get(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('secret').select('blob').where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : decryptSecret(row.blob, aadOf(id), this.keyring);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('secret').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Re-wraps every data key not yet under `next.currentId` with that key (data is not re-encrypted), in
   * one transaction: either all rows move or none do. Old keys are looked up in `next` and then in the
   * current keyring. Returns how many rows were re-wrapped; afterwards only `next`'s current key is
   * needed, and the store uses `next` from then on.
   */
  async rotate(next: Keyring): Promise<number> {
    const from: Keyring = { currentId: next.currentId, keys: new Map([...this.keyring.keys, ...next.keys]) };
    const count = await this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('secret').select(['id', 'blob']).where('kek_id', '!=', next.currentId).execute();
      for (const row of rows) {
        const blob = rewrapSecret(row.blob, aadOf(row.id), from, next);
        await trx.updateTable('secret').set({ blob, kek_id: next.currentId, updated_at: this.now() }).where('id', '=', row.id).execute();
      }
      return rows.length;
    });
    this.keyring = next;
    return count;
  }

  /** Rows per key id, for the rotate command's report. */
  async countByKey(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('secret').select((eb) => ['kek_id', eb.fn.countAll<number>().as('n')]).groupBy('kek_id').execute();
    return Object.fromEntries(rows.map((r) => [r.kek_id, Number(r.n)]));
  }
}

function aadOf(id: string): string {
  return `secret:${id}:value`;
}
