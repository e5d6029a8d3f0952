import { ImapFlow } from 'imapflow';
import type { MailFlags } from '../../../../server/connectors/mailbox/contract.js';
import { openImapMailbox } from '../../../../server/connectors/mailbox/imap-mailbox.js';
import type { DovecotServer, DovecotUser } from '../../../helpers/dovecot.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';
import type { MailboxPeer, MailboxUnderTest } from './contract.suite.js';

/**
 * "Someone else" on Dovecot: a second, independent IMAP session of the same user (imapflow directly,
 * not our provider), plus doveadm for what no IMAP client can do (a new UIDVALIDITY).
 */
export class ImapPeer implements MailboxPeer {
  readonly #client: ImapFlow;
  #connected: Promise<void> | null = null;

  constructor(
    private readonly server: DovecotServer,
    private readonly account: DovecotUser,
  ) {
    this.#client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      auth: { user: account.user, pass: account.password },
      logger: false,
      disableAutoIdle: true,
    });
  }

  async deliver(path: string, raw: Buffer, flags: Partial<MailFlags> = {}): Promise<number> {
    const client = await this.#ready();
    const response = await client.append(path, raw, imapFlags(flags));
    if (response === false || response.uid === undefined) throw new Error('peer APPEND gave no UID');
    return response.uid;
  }

  async setFlags(path: string, uid: number, flags: Partial<MailFlags>): Promise<void> {
    await this.#inFolder(path, async (client) => {
      const add = imapFlags(flags);
      const remove = imapFlags({ seen: flags.seen === false, flagged: flags.flagged === false });
      if (add.length > 0) await client.messageFlagsAdd(String(uid), add, { uid: true });
      if (remove.length > 0) await client.messageFlagsRemove(String(uid), remove, { uid: true });
    });
  }

  async remove(path: string, uid: number): Promise<void> {
    await this.#inFolder(path, async (client) => {
      if (!(await client.messageDelete(String(uid), { uid: true }))) throw new Error('peer delete failed');
    });
  }

  async resetUidValidity(path: string): Promise<void> {
    const client = await this.#ready();
    const status = await client.status(path, { uidValidity: true });
    if (status === false || status.uidValidity === undefined) throw new Error('no UIDVALIDITY');
    await this.server.setUidValidity(this.account.user, path, Number(status.uidValidity) + 1);
  }

  async close(): Promise<void> {
    if (this.#connected !== null) await this.#client.logout().catch(() => this.#client.close());
  }

  async #ready(): Promise<ImapFlow> {
    this.#connected ??= this.#client.connect();
    await this.#connected;
    return this.#client;
  }

  async #inFolder(path: string, fn: (client: ImapFlow) => Promise<void>): Promise<void> {
    const client = await this.#ready();
    const lock = await client.getMailboxLock(path);
    try {
      await fn(client);
    } finally {
      lock.release();
    }
  }
}

function imapFlags(flags: Partial<MailFlags>): string[] {
  return [...(flags.seen === true ? ['\\Seen'] : []), ...(flags.flagged === true ? ['\\Flagged'] : [])];
}

/** A fresh Dovecot user per call, our provider logged in as it, and a peer session of the same user. */
export function dovecotMailbox(
  server: () => DovecotServer,
  options: { disableExtensions?: string[] } = {},
): () => Promise<MailboxUnderTest> {
  return async () => {
    const dovecot = server();
    const account = await dovecot.createUser();
    const provider = openImapMailbox({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      user: account.user,
      password: account.password,
      logger: memoryLogger().logger,
      pollIntervalMs: 100,
      ...(options.disableExtensions !== undefined ? { disableExtensions: options.disableExtensions } : {}),
    });
    const peer = new ImapPeer(dovecot, account);
    return {
      provider,
      peer,
      async close() {
        await Promise.all([provider.close(), peer.close()]);
      },
    };
  };
}
