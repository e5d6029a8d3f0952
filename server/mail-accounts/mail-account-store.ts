import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Database } from '../store/schema.js';

export type MailAccountTables = {
  mail_account: {
    mailbox: string;
    dingtalk_address: string;
    imap_host: string;
    imap_port: number;
    smtp_host: string;
    smtp_port: number;
    enabled: number;
    updated_at: number;
    updated_by: string;
  };
};

/** A synced mailbox pair: the Exchange mailbox (the signed-in e-mail) and its DingTalk Mail address. */
export interface MailAccount {
  mailbox: string;
  dingtalkAddress: string;
  imapHost: string;
  imapPort: number;
  smtpHost: string;
  smtpPort: number;
  enabled: boolean;
  updatedAt: number;
  updatedBy: string;
}

export type MailAccountInput = Omit<MailAccount, 'mailbox' | 'updatedAt' | 'updatedBy'> & {
  /** DingTalk Mail client (app) password; never the main password. Omit to keep the stored one. */
  appPassword?: string;
};

/**
 * DingTalk Mail's documented client settings (dingtalk.md §"Mail fallback"; the hosts come from client
 * configuration lists, not an official page, so they are defaults an admin can change).
 */
export const DINGTALK_MAIL_DEFAULTS = { imapHost: 'imap.dingtalk.com', imapPort: 993, smtpHost: 'smtp.dingtalk.com', smtpPort: 465 } as const;

const passwordId = (mailbox: string): string => `mail:${mailbox.toLowerCase()}:appPassword`;

/**
 * Mailbox pairs and their client passwords. The password goes only into the SecretStore (encrypted under
 * the master key); the audit log records that it changed, never its value.
 */
export class MailAccountStore {
  private readonly db: Kysely<Database & MailAccountTables>;

  constructor(
    db: Kysely<Database>,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {
    this.db = db.withTables<MailAccountTables>();
  }

  async list(): Promise<MailAccount[]> {
    const rows = await this.db.selectFrom('mail_account').selectAll().orderBy('mailbox').execute();
    return rows.map(accountOf);
  }

  async get(mailbox: string): Promise<MailAccount | null> {
    const row = await this.db.selectFrom('mail_account').selectAll().where('mailbox', '=', mailbox.toLowerCase()).executeTakeFirst();
    return row === undefined ? null : accountOf(row);
  }

  async password(mailbox: string): Promise<string | null> {
    return this.secrets.get(passwordId(mailbox));
  }

  async put(actor: string, mailbox: string, input: MailAccountInput): Promise<MailAccount> {
    const key = mailbox.toLowerCase();
    const before = await this.get(key);
    if (before === null && input.appPassword === undefined) throw new Error('a new mail account needs its DingTalk Mail client password');
    const row = {
      mailbox: key,
      dingtalk_address: input.dingtalkAddress.toLowerCase(),
      imap_host: input.imapHost,
      imap_port: input.imapPort,
      smtp_host: input.smtpHost,
      smtp_port: input.smtpPort,
      enabled: input.enabled ? 1 : 0,
      updated_at: this.now(),
      updated_by: actor,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('mail_account')
        .values(row)
        .onConflict((oc) => oc.column('mailbox').doUpdateSet({ ...row }))
        .execute();
      await this.audit.appendWithin(trx, {
        actor,
        action: 'mail_account.put',
        target: `mailbox:${key}`,
        before,
        after: { ...accountOf(row), passwordChanged: input.appPassword !== undefined },
      });
    });
    if (input.appPassword !== undefined) await this.secrets.put(passwordId(key), input.appPassword);
    return accountOf(row);
  }

  async remove(actor: string, mailbox: string): Promise<boolean> {
    const key = mailbox.toLowerCase();
    const before = await this.get(key);
    if (before === null) return false;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('mail_account').where('mailbox', '=', key).execute();
      await this.audit.appendWithin(trx, { actor, action: 'mail_account.delete', target: `mailbox:${key}`, before, after: null });
    });
    await this.secrets.delete(passwordId(key));
    return true;
  }
}

function accountOf(row: MailAccountTables['mail_account']): MailAccount {
  return {
    mailbox: row.mailbox,
    dingtalkAddress: row.dingtalk_address,
    imapHost: row.imap_host,
    imapPort: Number(row.imap_port),
    smtpHost: row.smtp_host,
    smtpPort: Number(row.smtp_port),
    enabled: Number(row.enabled) === 1,
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}
