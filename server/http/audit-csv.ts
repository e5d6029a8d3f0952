import type { AuditEntry } from '../audit/audit-log.js';

const COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'before', 'after', 'hash'] as const;

/**
 * RFC 4180 CSV of audit entries, with a UTF-8 BOM so Excel opens Chinese text correctly. Cells that a
 * spreadsheet would run as a formula (leading = + - @, tab, CR) get a leading apostrophe (OWASP "CSV
 * injection"): actors and targets come from user input.
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.join(',')];
  for (const entry of entries) {
    const cells = [
      String(entry.seq),
      new Date(entry.at).toISOString(),
      entry.actor,
      entry.action,
      entry.target,
      entry.before === null ? '' : JSON.stringify(entry.before),
      entry.after === null ? '' : JSON.stringify(entry.after),
      entry.hash,
    ];
    lines.push(cells.map(cell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
