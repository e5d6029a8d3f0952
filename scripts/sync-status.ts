/**
 * `npm run sync:status`: prints the mail sync status of a running bridge server — backfill progress bar,
 * per-folder table, circuit-breaker stops and quarantine — once, or with --watch every 2 s until the
 * backfill is done. `--help` lists the flags (scripts/sync-status-options.ts).
 * Exit 0 when printed, 2 when it could not run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MailStatusReader, StatusHttpError } from './sync-status-client.js';
import { parseSyncStatusArgs, UsageError, USAGE, type SyncStatusOptions } from './sync-status-options.js';
import { renderMailSyncStatus } from './sync-status-render.js';

/** How often --watch redraws. */
const WATCH_INTERVAL_MS = 2_000;
/** Moves the cursor home and clears the terminal (ANSI CSI H, CSI 2J): a redraw in place. */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** Worth another try in --watch: the server restarting or briefly overloaded, not a wrong token or URL. */
function transient(error: unknown): boolean {
  return !(error instanceof StatusHttpError) || error.status >= 500;
}

async function watch(options: SyncStatusOptions, reader: MailStatusReader): Promise<number> {
  const redraw = process.stdout.isTTY === true;
  for (;;) {
    let frame: string;
    let done: boolean;
    try {
      const mail = await reader.read();
      frame = renderMailSyncStatus(mail, { now: Date.now() });
      done = mail === null || mail.progress === null;
    } catch (error) {
      if (!transient(error)) throw error;
      frame = `sync-status: ${(error as Error).message}; trying again`;
      done = false;
    }
    const footer = done ? '' : `\n\nwatching ${options.url}: redraws every ${WATCH_INTERVAL_MS / 1000} s until the backfill is done (Ctrl-C stops)`;
    process.stdout.write(`${redraw ? CLEAR_SCREEN : ''}${frame}${footer}\n${redraw ? '' : '\n'}`);
    if (done) return 0;
    await sleep(WATCH_INTERVAL_MS);
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseSyncStatusArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sync-status: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const reader = new MailStatusReader(parsed.url, parsed.auth);
  if (parsed.watch) return watch(parsed, reader);
  process.stdout.write(`${renderMailSyncStatus(await reader.read(), { now: Date.now() })}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sync-status: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
