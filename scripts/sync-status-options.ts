/**
 * Command line of `npm run sync:status` (scripts/sync-status.ts). A pure function of argv and the
 * environment, both passed in, so it is tested without a process.
 */
import { parseArgs } from 'node:util';

export const DEFAULT_URL = 'http://localhost:3000';

export const USAGE = `Usage: npm run sync:status -- (--as EMAIL | --token TOKEN) [--url URL] [--watch]

Prints the mail sync status of a running bridge server (GET /api/status/sync/mail).

  --url URL      the server (default: BRIDGE_PUBLIC_URL, else ${DEFAULT_URL})
  --as EMAIL     sandbox mode: sign in as EMAIL through the sandbox identity provider
  --token TOKEN  real mode: a bearer token for the server's API
  --watch        redraw every 2 s until the backfill is done (Ctrl-C stops)
  --help         this text

Exit status: 0 printed, 2 could not run (bad arguments, server unreachable, HTTP error).`;

export type SyncStatusAuth = { kind: 'sandbox'; email: string } | { kind: 'token'; token: string };

export interface SyncStatusOptions {
  /** origin and base path of the server, without a trailing slash */
  url: string;
  auth: SyncStatusAuth;
  watch: boolean;
}

export type ParsedArgs = { help: true } | ({ help: false } & SyncStatusOptions);

/** A command line that cannot run; its message says what to change. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function baseUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${source}: not a URL (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source}: must be an http or https URL (got ${JSON.stringify(raw)})`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Reads the flags; `env` supplies BRIDGE_PUBLIC_URL, the same variable the server reads. */
export function parseSyncStatusArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedArgs {
  let values: { url?: string | undefined; as?: string | undefined; token?: string | undefined; watch?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        as: { type: 'string' },
        token: { type: 'string' },
        watch: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return { help: true };
  const url = values.url !== undefined ? baseUrl(values.url, '--url') : env['BRIDGE_PUBLIC_URL'] ? baseUrl(env['BRIDGE_PUBLIC_URL'], 'BRIDGE_PUBLIC_URL') : DEFAULT_URL;
  if (values.as !== undefined && values.token !== undefined) throw new UsageError('give either --as EMAIL (sandbox) or --token TOKEN, not both');
  let auth: SyncStatusAuth;
  if (values.as !== undefined) {
    if (!values.as.includes('@')) throw new UsageError(`--as: an e-mail address is needed (got ${JSON.stringify(values.as)})`);
    auth = { kind: 'sandbox', email: values.as };
  } else if (values.token !== undefined) {
    if (values.token.trim() === '') throw new UsageError('--token: empty');
    auth = { kind: 'token', token: values.token };
  } else {
    throw new UsageError('sign in with --as EMAIL (sandbox mode) or --token TOKEN');
  }
  return { help: false, url, auth, watch: values.watch === true };
}
