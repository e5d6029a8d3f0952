import type { ImapFlow, MailboxObject } from 'imapflow';
import { ErrorCodes } from '../../../shared/errors.js';
import { connectImap, type ImapClientOptions } from './imap-client.js';
import { toMailboxError } from './imap-errors.js';
import { MailboxError } from './mailbox-error.js';

export interface ImapSessionOptions extends ImapClientOptions {
  clock?: () => number;
}

/** Backoff after failed logins/connects: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, failures - 1));
}

/**
 * The command connection of one mailbox. Commands run one at a time under imapflow's mailbox lock
 * (`getMailboxLock`), so a SELECT for one call never changes the folder under another call.
 *
 * A dropped connection is replaced on the next call; reads retry once on a fresh connection. After a
 * failed connect, calls fail fast with MAIL_ERR_CONNECTION (or MAIL_ERR_AUTH) and `retryAfterMs` until
 * the backoff has passed, instead of hammering the server: DingTalk Mail, like most providers, locks an
 * account after repeated failed logins.
 */
export class ImapSession {
  readonly #options: ImapSessionOptions;
  readonly #clock: () => number;
  #client: ImapFlow | null = null;
  #connecting: Promise<ImapFlow> | null = null;
  #failures = 0;
  #retryAt = 0;
  #lastFailure: MailboxError | null = null;
  /** the mailbox object of the last selection we saw; imapflow makes a new one per SELECT */
  #lastSelection: MailboxObject | null = null;
  #closed = false;

  constructor(options: ImapSessionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  /** Runs `fn` with a connected client. `retryOnDrop`: safe to run twice (reads, idempotent stores). */
  async run<T>(what: string, fn: (client: ImapFlow) => Promise<T>, retryOnDrop = true): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const client = await this.#connected(what);
      try {
        return await fn(client);
      } catch (error) {
        const failure = toMailboxError(error, what);
        const dropped = failure.code === ErrorCodes.MAIL_ERR_CONNECTION && !client.usable;
        if (dropped) this.#forget(client);
        if (dropped && retryOnDrop && attempt === 0 && !this.#closed) {
          this.#options.logger.info({ what }, 'IMAP connection dropped; retrying on a new connection');
          continue;
        }
        throw failure;
      }
    }
  }

  /**
   * Runs `fn` with `path` selected and locked. `fresh`: re-SELECT when the folder was already selected,
   * so UIDVALIDITY/UIDNEXT/HIGHESTMODSEQ are current rather than what an earlier SELECT reported.
   */
  async inFolder<T>(
    path: string,
    what: string,
    fn: (client: ImapFlow, mailbox: MailboxObject) => Promise<T>,
    options: { fresh?: boolean; retryOnDrop?: boolean } = {},
  ): Promise<T> {
    return this.run(
      what,
      async (client) => {
        const lock = await client.getMailboxLock(path);
        try {
          let mailbox = client.mailbox;
          if (mailbox === false || (options.fresh === true && mailbox === this.#lastSelection)) {
            mailbox = await client.mailboxOpen(path);
          }
          this.#lastSelection = mailbox;
          const result = await fn(client, mailbox);
          this.#lastSelection = client.mailbox === false ? null : client.mailbox;
          return result;
        } finally {
          lock.release();
        }
      },
      options.retryOnDrop ?? true,
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client ?? (await this.#connecting?.catch(() => null)) ?? null;
    this.#client = null;
    if (client === null) return;
    try {
      await client.logout();
    } catch {
      client.close(); // why: LOGOUT on a dead socket fails; close() always tears down
    }
  }

  async #connected(what: string): Promise<ImapFlow> {
    if (this.#closed) {
      throw new MailboxError({ code: ErrorCodes.MAIL_ERR_CONNECTION, message: `${what}: mailbox closed`, retryable: false });
    }
    if (this.#client !== null && this.#client.usable) return this.#client;
    const wait = this.#retryAt - this.#clock();
    if (wait > 0 && this.#lastFailure !== null && this.#connecting === null) {
      throw new MailboxError({
        code: this.#lastFailure.code,
        message: `${what}: ${this.#lastFailure.message} (next attempt after backoff)`,
        retryable: this.#lastFailure.retryable,
        retryAfterMs: wait,
        cause: this.#lastFailure,
      });
    }
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #connect(): Promise<ImapFlow> {
    try {
      const client = await connectImap(this.#options, 'main');
      client.on('close', () => this.#forget(client));
      this.#failures = 0;
      this.#lastFailure = null;
      this.#client = client;
      this.#lastSelection = null;
      return client;
    } catch (error) {
      const failure = toMailboxError(error, 'connect');
      this.#failures += 1;
      this.#lastFailure = failure;
      this.#retryAt = this.#clock() + reconnectDelayMs(this.#failures);
      this.#options.logger.warn({ code: failure.code, failures: this.#failures }, 'IMAP connect failed');
      throw failure;
    }
  }

  #forget(client: ImapFlow): void {
    if (this.#client !== client) return;
    this.#client = null;
    this.#lastSelection = null;
    client.close();
  }
}
