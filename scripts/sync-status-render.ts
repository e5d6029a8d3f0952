/**
 * Text rendering of the mail sync status for `npm run sync:status` (scripts/sync-status.ts): a pure
 * function of the server's answer and the clock, so it is tested without a server or a terminal.
 * The same fields the task pane's Sync status view shows, in the same order: breaker stops first.
 */
import type { MailBreakerStop, MailFolderStatus, MailQuarantined, MailSyncDetail } from '../shared/addin-api.js';
import type { Progress } from '../shared/progress.js';

/** Cells of the text progress bar. */
export const PROGRESS_BAR_WIDTH = 16;
/** Below this many messages per second the rate keeps one decimal (1.5 msg/s), above it none (118 msg/s). */
const PRECISE_RATE_BELOW = 10;
/** Between the columns of a table. */
const COLUMN_GAP = '  ';
/** What an unknown value shows as. */
const UNKNOWN = '?';

const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 60 * SECONDS_PER_MINUTE;
const SECONDS_PER_DAY = 24 * SECONDS_PER_HOUR;

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const preciseRates = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 4210 → "4,210" */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** An ETA with two units: "49 s", "2 min 5 s", "1 h 5 min". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < SECONDS_PER_MINUTE) return `${s} s`;
  if (s < SECONDS_PER_HOUR) {
    const minutes = Math.floor(s / SECONDS_PER_MINUTE);
    const seconds = s % SECONDS_PER_MINUTE;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  const hours = Math.floor(s / SECONDS_PER_HOUR);
  const minutes = Math.round((s % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** An age or lag in its largest unit: "45 s", "10 min", "3 h", "2 d". */
export function formatAge(totalSeconds: number): string {
  const s = Math.max(0, totalSeconds);
  if (s < SECONDS_PER_MINUTE) return `${Math.round(s)} s`;
  if (s < SECONDS_PER_HOUR) return `${Math.round(s / SECONDS_PER_MINUTE)} min`;
  if (s < SECONDS_PER_DAY) return `${Math.round(s / SECONDS_PER_HOUR)} h`;
  return `${Math.round(s / SECONDS_PER_DAY)} d`;
}

/** "10 min ago" for a past time, "in 5 min" for a future one (epoch milliseconds). */
export function formatRelative(atMs: number, nowMs: number): string {
  const seconds = (atMs - nowMs) / 1000;
  return seconds > 0 ? `in ${formatAge(seconds)}` : `${formatAge(-seconds)} ago`;
}

function formatRate(perSecond: number): string {
  return `${perSecond < PRECISE_RATE_BELOW ? preciseRates.format(perSecond) : counts.format(perSecond)} msg/s`;
}

/**
 * `[#########.......] 4,210/10,000  118 msg/s  ETA 49 s`. Without a total the bar stays empty and the
 * total reads "?"; without an ETA the ETA is left out.
 */
export function renderProgressBar(progress: Progress, width = PROGRESS_BAR_WIDTH): string {
  const { done, total, rate, etaSeconds } = progress;
  const share = total !== null && total > 0 ? Math.min(done / total, 1) : 0;
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const amount = `${formatCount(done)}/${total === null ? UNKNOWN : formatCount(total)}`;
  return [bar + ' ' + amount, formatRate(rate), ...(etaSeconds === null ? [] : [`ETA ${formatDuration(etaSeconds)}`])].join('  ');
}

/** Left-aligned columns, separated by two spaces, with no trailing blanks. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(COLUMN_GAP)
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function folderRow(folder: MailFolderStatus, now: number): string[] {
  const backfill = folder.backfill === null ? '-' : folder.backfill.state === 'done' ? 'done' : `${formatCount(folder.backfill.done)}/${folder.backfill.total === null ? UNKNOWN : formatCount(folder.backfill.total)}`;
  return [
    folder.folder,
    folder.state,
    folder.lastSuccessAt === null ? 'never' : formatRelative(folder.lastSuccessAt, now),
    folder.lagSeconds === null ? UNKNOWN : formatAge(folder.lagSeconds),
    formatCount(folder.queued),
    formatCount(folder.conflictCount),
    backfill,
  ];
}

const SIDE_NAME: Record<NonNullable<MailBreakerStop['side']>, string> = { dingtalk: 'DingTalk Mail', exchange: 'Exchange' };

function breakerCause(stop: MailBreakerStop): string {
  const side = stop.side === null ? null : SIDE_NAME[stop.side];
  if (stop.reason === 'mass-delete') return side === null ? 'too many items disappeared at once' : `too many items disappeared from ${side} at once`;
  return side === null ? 'one side reported the folder as empty' : `${side} reported the folder as empty`;
}

function breakerLines(stop: MailBreakerStop, now: number): string[] {
  const head = `  ! ${stop.folder}: sync stopped before deleting ${formatCount(stop.deletes)} of ${formatCount(stop.linked)} items — nothing was deleted`;
  const since = `stopped ${formatRelative(stop.createdAt, now)}`;
  const next =
    stop.state === 'open'
      ? 'waiting for an admin to release it'
      : `released by ${stop.releasedBy ?? 'an admin'} ${stop.releasedAt === null ? '' : `${formatRelative(stop.releasedAt, now)} `}— the deletions run on the next sync`;
  return [head, `    ${breakerCause(stop)}; ${since}; ${next}`];
}

function quarantineRow(item: MailQuarantined, now: number): string[] {
  const attempts = `${item.attempts} ${item.attempts === 1 ? 'attempt' : 'attempts'}`;
  const next = item.nextAttemptAt === null ? 'retries used up, waiting for an admin' : `next ${formatRelative(item.nextAttemptAt, now)}`;
  return [item.folder, item.key, item.code === null ? item.reason : `${item.reason} (${item.code})`, `${attempts}, ${next}`];
}

export interface RenderOptions {
  /** the clock for relative times (epoch milliseconds) */
  now: number;
}

/** The whole status as lines of text (no trailing newline). `null` = the mailbox is not synced. */
export function renderMailSyncStatus(mail: MailSyncDetail | null, { now }: RenderOptions): string {
  if (mail === null) return 'Mail sync is not set up for this mailbox.';
  const lines: string[] = [
    `Mail sync: ${mail.mailbox} <-> ${mail.dingtalkAddress}`,
    [
      `state ${mail.state}`,
      `last success ${mail.lastSuccessAt === null ? 'never' : formatRelative(mail.lastSuccessAt, now)}`,
      `lag ${mail.lagSeconds === null ? UNKNOWN : formatAge(mail.lagSeconds)}`,
      `queued ${formatCount(mail.queued)}`,
    ].join(' · '),
  ];
  const stops = mail.breakers.filter((stop) => stop.state !== 'closed');
  if (stops.length > 0) {
    lines.push('', `BREAKER STOPS (${stops.length})`, ...stops.flatMap((stop) => breakerLines(stop, now)));
  }
  if (mail.progress !== null) lines.push('', `Backfill ${renderProgressBar(mail.progress)}`);
  lines.push('', ...renderTable(['FOLDER', 'STATE', 'LAST SUCCESS', 'LAG', 'QUEUED', 'CONFLICTS', 'BACKFILL'], mail.folders.map((folder) => folderRow(folder, now))));
  if (mail.quarantined.length > 0) {
    lines.push('', `QUARANTINED (${mail.quarantined.length})`, ...renderTable(['FOLDER', 'KEY', 'REASON', 'RETRY'], mail.quarantined.map((item) => quarantineRow(item, now))).map((line) => `  ${line}`));
  }
  if (mail.errors.length > 0) {
    lines.push('', 'RECENT ERRORS', ...mail.errors.map((entry) => `  ${formatRelative(entry.at, now)}  ${entry.reason}`));
  }
  return lines.join('\n');
}
