import { ImapFlow, type Logger as ImapFlowLogger } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxCapabilities } from './contract.js';
import { toMailboxError } from './imap-errors.js';

/**
 * Where and as whom to log in. DingTalk Mail (imap.dingtalk.com:993, TLS) takes a per-user client
 * password (客户端专用密码, generated in the mailbox settings once IMAP is enabled), never the DingTalk
 * account's own password (dingtalk.md §5.3). The password is only handed to imapflow, never logged.
 */
export interface ImapEndpoint {
  host: string;
  port: number;
  /** TLS from the first byte (port 993); false = plain TCP, upgraded by STARTTLS when offered */
  secure: boolean;
  user: string;
  password: string;
}

export interface ImapClientOptions extends ImapEndpoint {
  logger: Logger;
  /** capability names treated as absent, e.g. ['QRESYNC', 'CONDSTORE', 'IDLE', 'MOVE', 'UIDPLUS'] */
  disableExtensions: ReadonlySet<string>;
}

/** What we use of the server, after `disableExtensions`. */
export function capabilitiesOf(client: ImapFlow): MailboxCapabilities {
  const has = (name: string): boolean => client.capabilities.has(name);
  return {
    idle: has('IDLE'),
    // why: CONDSTORE only changes FETCH/SELECT once ENABLEd (RFC 7162 §3.1); imapflow enables it on connect
    condstore: has('CONDSTORE') && client.enabled.has('CONDSTORE'),
    qresync: has('QRESYNC') && client.enabled.has('QRESYNC'),
    move: has('MOVE'),
    uidplus: has('UIDPLUS'),
  };
}

/**
 * Opens one logged-in IMAP connection. `purpose` names it in logs ("main", "watch INBOX"). Capabilities
 * listed in `disableExtensions` are removed from imapflow's view after login, so imapflow itself also
 * falls back (COPY instead of MOVE, EXPUNGE instead of UID EXPUNGE).
 */
export async function connectImap(
  options: ImapClientOptions,
  purpose: string,
  tuning: { maxIdleTime?: number } = {},
): Promise<ImapFlow> {
  const log = options.logger.child({ imap: purpose });
  const client = new ImapFlow({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: { user: options.user, pass: options.password },
    logger: quietLogger(log),
    // why: we issue IDLE ourselves on watch connections only; auto-IDLE on the command connection
    // would add a DONE round trip before every command
    disableAutoIdle: true,
    qresync: !options.disableExtensions.has('QRESYNC'),
    clientInfo: { name: 'dingtalk-outlook-bridge' },
    connectionTimeout: 30_000,
    ...(tuning.maxIdleTime !== undefined ? { maxIdleTime: tuning.maxIdleTime } : {}),
  });
  // why: an EventEmitter 'error' without a listener throws and would take the process down
  client.on('error', (error: Error) => {
    log.warn({ err: { message: error.message, code: (error as { code?: unknown }).code } }, 'IMAP connection error');
  });
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw toMailboxError(error, `connect ${options.host}:${options.port}`);
  }
  for (const name of options.disableExtensions) client.capabilities.delete(name);
  log.debug({ capabilities: capabilitiesOf(client) }, 'IMAP connected');
  return client;
}

/**
 * imapflow logs every command at debug level; we keep only its warnings and errors, reduced to the
 * message and code, so no command text (LOGIN carries the password) can reach our logs.
 */
function quietLogger(log: Logger): ImapFlowLogger {
  const forward = (level: 'warn' | 'error') => (entry: unknown): void => {
    const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const err = typeof fields.err === 'object' && fields.err !== null ? (fields.err as Record<string, unknown>) : undefined;
    log[level](
      {
        imapflow: {
          msg: typeof fields.msg === 'string' ? fields.msg : undefined,
          cid: typeof fields.cid === 'string' ? fields.cid : undefined,
          code: typeof err?.code === 'string' ? err.code : undefined,
          error: typeof err?.message === 'string' ? err.message : undefined,
        },
      },
      `imapflow ${level}`,
    );
  };
  return { debug: () => undefined, info: () => undefined, warn: forward('warn'), error: forward('error') };
}
