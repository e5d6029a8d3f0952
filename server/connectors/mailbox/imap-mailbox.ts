import type { CopyResponseObject, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { ErrorCodes } from '../../../shared/errors.js';
import {
  LINK_HEADER,
  type FolderChanges,
  type FolderCursor,
  type MailboxCapabilities,
  type MailboxFolder,
  type MailboxMessage,
  type MailboxProvider,
  type MailFlags,
} from './contract.js';
import { FlagSnapshots } from './flag-snapshots.js';
import { cursorOf, readChanges, type ChangeContext } from './imap-changes.js';
import { capabilitiesOf, type ImapClientOptions, type ImapEndpoint } from './imap-client.js';
import { refused, toMailboxError } from './imap-errors.js';
import { toMailboxFolders } from './imap-folders.js';
import { fetchLinkIds, fetchMessages, toImapFlagChanges, uidSet } from './imap-messages.js';
import { ImapSession } from './imap-session.js';
import { FolderWatcher } from './imap-watch.js';
import { MailboxError } from './mailbox-error.js';
import { normaliseMessageId, readLinkHeader } from './mime.js';

export interface ImapMailboxOptions extends ImapEndpoint {
  logger: Logger;
  /** NOOP interval of `watch` on servers without IDLE; default 60 s */
  pollIntervalMs?: number;
  /** capabilities to treat as absent (tests of the plain path; servers with a broken extension) */
  disableExtensions?: readonly string[];
}

/**
 * The DingTalk Mail mailbox over IMAP (imap.dingtalk.com:993, dingtalk.md §5.3) with imapflow.
 * Log in with the user's DingTalk Mail client password (客户端专用密码), never the account password:
 * DingTalk Mail refuses the account password over IMAP/SMTP, and a client password can be revoked on
 * its own. Nothing connects until the first call.
 */
export function openImapMailbox(options: ImapMailboxOptions): MailboxProvider {
  return new ImapMailbox(options);
}

class ImapMailbox implements MailboxProvider {
  readonly #options: ImapClientOptions & { pollIntervalMs: number };
  readonly #session: ImapSession;
  readonly #snapshots = new FlagSnapshots();
  readonly #watchers = new Set<FolderWatcher>();
  #closed = false;

  constructor(options: ImapMailboxOptions) {
    const logger = options.logger.child({ mailbox: options.user, upstream: 'imap' });
    const disableExtensions = new Set((options.disableExtensions ?? []).map((name) => name.toUpperCase()));
    const { host, port, secure, user, password } = options;
    this.#options = { host, port, secure, user, password, logger, disableExtensions, pollIntervalMs: options.pollIntervalMs ?? 60_000 };
    this.#session = new ImapSession(this.#options);
  }

  async capabilities(): Promise<MailboxCapabilities> {
    return this.#session.run('capabilities', async (client) => capabilitiesOf(client));
  }

  async listFolders(): Promise<MailboxFolder[]> {
    return this.#session.run('listFolders', async (client) => toMailboxFolders(await client.list()));
  }

  async ensureFolder(path: string): Promise<void> {
    await this.#session.run(`ensureFolder ${path}`, async (client) => {
      await client.mailboxCreate(path); // answers {created: false} when it exists
      await client.mailboxSubscribe(path);
    });
  }

  async folderCursor(path: string): Promise<FolderCursor> {
    return this.#session.inFolder(path, `folderCursor ${path}`, async (client, mailbox) => cursorOf(this.#context(client, path, mailbox), true), {
      fresh: true,
    });
  }

  async changesSince(path: string, cursor: FolderCursor | null, knownUids: readonly number[]): Promise<FolderChanges> {
    return this.#session.inFolder(
      path,
      `changesSince ${path}`,
      async (client, mailbox) => readChanges(this.#context(client, path, mailbox), cursor, knownUids),
      { fresh: true },
    );
  }

  async getMessage(path: string, uid: number): Promise<MailboxMessage | null> {
    return this.#session.inFolder(path, `getMessage ${path}`, async (client) => (await fetchMessages(client, String(uid)))[0] ?? null);
  }

  async fetchRaw(path: string, uid: number): Promise<Buffer | null> {
    return this.#session.inFolder(path, `fetchRaw ${path}`, async (client) => {
      const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      return message === false || message === undefined ? null : (message.source ?? null);
    });
  }

  async findByLinkId(path: string, linkId: string): Promise<number | null> {
    return this.#session.inFolder(path, `findByLinkId ${path}`, async (client) => this.#uidByLink(client, linkId));
  }

  async findByMessageId(path: string, messageId: string): Promise<number[]> {
    const wanted = normaliseMessageId(messageId);
    return this.#session.inFolder(path, `findByMessageId ${path}`, async (client) => {
      const candidates = await search(client, { header: { 'Message-ID': messageId.replace(/^<|>$/g, '') } });
      if (candidates.length === 0) return [];
      // why: SEARCH HEADER matches substrings (RFC 3501 §6.4.4); keep exact matches only
      const messages = await fetchMessages(client, uidSet(candidates));
      return messages.filter((m) => m.messageId === wanted).map((m) => m.uid);
    });
  }

  async append(path: string, raw: Buffer, flags: MailFlags, receivedAt: number): Promise<{ uid: number; uidValidity: number }> {
    const imapFlags = toImapFlagChanges(flags).add;
    const linkId = readLinkHeader(raw);
    const appended = await this.#session.run(
      `append ${path}`,
      async (client) => {
        const uidplus = capabilitiesOf(client).uidplus;
        if (!uidplus && linkId === null) {
          // checked before APPEND, so a message we could not find again is never left behind
          throw new MailboxError({
            code: ErrorCodes.MAIL_ERR_PROTOCOL,
            message: `append ${path}: the server lacks UIDPLUS and the message has no X-DTOB-Link header to find it by`,
          });
        }
        const response = await client.append(path, raw, imapFlags, new Date(receivedAt));
        if (response === false) throw refused(`append ${path}`);
        return uidplus && response.uid !== undefined && response.uidValidity !== undefined
          ? { uid: response.uid, uidValidity: Number(response.uidValidity) }
          : null;
      },
      false, // why: APPEND twice makes two copies
    );
    if (appended !== null) return appended;
    // Without UIDPLUS (RFC 4315) APPEND does not say the UID: find the copy by the link id we stamped
    return this.#session.inFolder(
      path,
      `append ${path}`,
      async (client, mailbox) => {
        const uid = linkId === null ? null : await this.#uidByLink(client, linkId);
        if (uid === null) throw refused(`append ${path}: appended message not found by its link id`);
        return { uid, uidValidity: Number(mailbox.uidValidity) };
      },
      { fresh: true },
    );
  }

  async setFlags(path: string, uid: number, flags: Partial<MailFlags>): Promise<void> {
    const { add, remove } = toImapFlagChanges(flags);
    await this.#session.inFolder(path, `setFlags ${path}`, async (client) => {
      if (add.length > 0 && !(await client.messageFlagsAdd(String(uid), add, { uid: true }))) throw refused(`setFlags ${path}`);
      if (remove.length > 0 && !(await client.messageFlagsRemove(String(uid), remove, { uid: true }))) throw refused(`setFlags ${path}`);
    });
  }

  async move(path: string, uid: number, destinationPath: string): Promise<number | null> {
    const moved = await this.#session.inFolder(
      path,
      `move ${path}`,
      async (client) => {
        const capabilities = capabilitiesOf(client);
        // without UIDPLUS there is no COPYUID: remember the link id to find the message afterwards
        const linkId = capabilities.uidplus ? undefined : (await fetchLinkIds(client, [uid])).get(uid);
        let result: CopyResponseObject | false | undefined;
        if (capabilities.move) {
          result = await client.messageMove(String(uid), destinationPath, { uid: true });
        } else {
          // RFC 6851 §3.3: COPY, then \Deleted + UID EXPUNGE. Without UIDPLUS imapflow falls back to
          // EXPUNGE, which also removes other messages already marked \Deleted, as any client would.
          result = await client.messageCopy(String(uid), destinationPath, { uid: true });
          if (result !== false && result !== undefined && !(await client.messageDelete(String(uid), { uid: true }))) {
            throw refused(`move ${path}: copied, but removing the original failed`);
          }
        }
        if (result === false || result === undefined) throw await whyCopyFailed(client, destinationPath);
        return { newUid: result.uidMap?.get(uid) ?? null, linkId };
      },
      { retryOnDrop: false },
    );
    if (moved.newUid !== null || moved.linkId === undefined) return moved.newUid;
    return this.findByLinkId(destinationPath, moved.linkId);
  }

  async watch(path: string, onChange: () => void): Promise<() => Promise<void>> {
    if (this.#closed) {
      throw new MailboxError({ code: ErrorCodes.MAIL_ERR_CONNECTION, message: `watch ${path}: mailbox closed`, retryable: false });
    }
    const watcher = new FolderWatcher({ ...this.#options, path, onChange });
    await watcher.start();
    this.#watchers.add(watcher);
    return async () => {
      this.#watchers.delete(watcher);
      await watcher.stop();
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const watchers = [...this.#watchers];
    this.#watchers.clear();
    await Promise.all([...watchers.map((w) => w.stop()), this.#session.close()]);
  }

  #context(client: ImapFlow, path: string, mailbox: ChangeContext['mailbox']): ChangeContext {
    return { client, path, mailbox, capabilities: capabilitiesOf(client), snapshots: this.#snapshots };
  }

  /** The lowest UID whose X-DTOB-Link equals `linkId` exactly (SEARCH HEADER matches substrings). */
  async #uidByLink(client: ImapFlow, linkId: string): Promise<number | null> {
    const candidates = await search(client, { header: { [LINK_HEADER]: linkId } });
    const links = await fetchLinkIds(client, candidates);
    const exact = candidates.filter((uid) => links.get(uid) === linkId).sort((a, b) => a - b);
    return exact[0] ?? null;
  }
}

async function search(client: ImapFlow, query: Parameters<ImapFlow['search']>[0]): Promise<number[]> {
  const found = await client.search(query, { uid: true });
  if (!Array.isArray(found)) throw refused('UID SEARCH');
  return found;
}

async function whyCopyFailed(client: ImapFlow, destinationPath: string): Promise<MailboxError> {
  try {
    await client.status(destinationPath, { messages: true });
  } catch (error) {
    return toMailboxError(error, `move to ${destinationPath}`);
  }
  return refused(`move to ${destinationPath}`);
}
