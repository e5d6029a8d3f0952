import type { ImapFlow } from 'imapflow';
import { setTimeout as sleep } from 'node:timers/promises';
import { capabilitiesOf, connectImap, type ImapClientOptions } from './imap-client.js';
import { toMailboxError } from './imap-errors.js';
import { reconnectDelayMs } from './imap-session.js';

export interface FolderWatcherOptions extends ImapClientOptions {
  path: string;
  onChange: () => void;
  /** how often to poll (NOOP) when the server has no IDLE */
  pollIntervalMs: number;
}

/** Re-issue IDLE well within RFC 2177's 29 minutes and below typical NAT idle timeouts. */
const IDLE_RESTART_MS = 4 * 60_000;

/**
 * Watches one folder on its own connection: IMAP IDLE (RFC 2177) where the server has it, else a NOOP
 * every `pollIntervalMs` (servers report changes to the selected folder in the NOOP response, RFC 3501
 * §6.1.2). Both arrive as imapflow 'exists' / 'expunge' / 'flags' events, which become `onChange` calls,
 * at most one per event-loop turn. Alibaba enterprise mail documents IDLE (dingtalk.md §5.3).
 *
 * A dropped connection is reopened with backoff; `onChange` is called after reconnecting, since changes
 * made while we were away produced no event.
 */
export class FolderWatcher {
  readonly #options: FolderWatcherOptions;
  readonly #stop = new AbortController();
  #client: ImapFlow | null = null;
  #loop: Promise<void> | null = null;
  #notifyPending = false;

  constructor(options: FolderWatcherOptions) {
    this.#options = options;
  }

  /** Resolves once the folder is selected on the watch connection; rejects with MailboxError. */
  async start(): Promise<void> {
    const client = await this.#open();
    this.#loop = this.#lifecycle(client);
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    const client = this.#client;
    if (client !== null) {
      // LOGOUT ends a running IDLE first (imapflow sends DONE), then the session
      await client.logout().catch(() => client.close());
    }
    await this.#loop;
  }

  async #open(): Promise<ImapFlow> {
    const client = await connectImap(this.#options, `watch ${this.#options.path}`, { maxIdleTime: IDLE_RESTART_MS });
    try {
      const onEvent = (event: { path?: string }): void => {
        if (event.path === undefined || event.path === this.#options.path) this.#notify();
      };
      client.on('exists', onEvent);
      client.on('expunge', onEvent);
      client.on('flags', onEvent);
      await client.mailboxOpen(this.#options.path, { readOnly: true });
    } catch (error) {
      client.close();
      throw toMailboxError(error, `watch ${this.#options.path}`);
    }
    this.#client = client;
    return client;
  }

  async #lifecycle(first: ImapFlow): Promise<void> {
    let client: ImapFlow | null = first;
    while (!this.#stop.signal.aborted) {
      if (client !== null) {
        await this.#listen(client);
        client.close();
        this.#client = null;
        if (this.#stop.signal.aborted) return;
        this.#options.logger.info({ path: this.#options.path }, 'IMAP watch connection dropped; reconnecting');
      }
      client = await this.#reconnect();
      if (client !== null && this.#stop.signal.aborted) {
        await client.logout().catch(() => client?.close());
        return;
      }
      if (client !== null) this.#notify();
    }
  }

  /** IDLE (or poll) until the connection drops or we are stopped. */
  async #listen(client: ImapFlow): Promise<void> {
    let idle = capabilitiesOf(client).idle;
    const closed = new Promise<void>((resolve) => client.once('close', resolve));
    while (!this.#stop.signal.aborted && client.usable) {
      try {
        if (idle) {
          // false: the server refused IDLE although it advertised it; poll instead of spinning
          if ((await client.idle()) === false) idle = false;
        } else {
          await client.noop();
          await Promise.race([sleep(this.#options.pollIntervalMs, undefined, { signal: this.#stop.signal }), closed]);
        }
      } catch (error) {
        if (!this.#stop.signal.aborted) {
          this.#options.logger.debug({ code: toMailboxError(error, 'watch').code }, 'IMAP watch interrupted');
        }
        return;
      }
    }
  }

  async #reconnect(): Promise<ImapFlow | null> {
    for (let failures = 1; !this.#stop.signal.aborted; failures += 1) {
      try {
        await sleep(reconnectDelayMs(failures), undefined, { signal: this.#stop.signal });
        return await this.#open();
      } catch (error) {
        if (this.#stop.signal.aborted) return null;
        const failure = toMailboxError(error, `watch ${this.#options.path}`);
        this.#options.logger.warn({ code: failure.code, failures }, 'IMAP watch reconnect failed');
      }
    }
    return null;
  }

  #notify(): void {
    if (this.#notifyPending || this.#stop.signal.aborted) return;
    this.#notifyPending = true;
    setImmediate(() => {
      this.#notifyPending = false;
      if (this.#stop.signal.aborted) return;
      try {
        this.#options.onChange();
      } catch (error) {
        this.#options.logger.error({ err: error }, 'mailbox watch callback threw');
      }
    });
  }
}
