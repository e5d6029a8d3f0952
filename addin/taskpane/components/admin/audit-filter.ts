import type { AuditFilter } from '../../../api/admin-api.js';

/** The audit filter form as typed: text fields and `<input type="date">` values (YYYY-MM-DD). */
export interface AuditFilterDraft {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterDraft = { actor: '', action: '', target: '', from: '', to: '' };

/** Local midnight at the start of a YYYY-MM-DD day, in epoch ms (the admin thinks in their own days). */
export function startOfDay(date: string): number {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(year, month - 1, day).getTime();
}

/** The last millisecond of a YYYY-MM-DD day, so "to" includes that whole day. */
export function endOfDay(date: string): number {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(year, month - 1, day + 1).getTime() - 1;
}

/** The query for the server: trimmed text, empty fields left out, dates as local day bounds. */
export function toAuditFilter(draft: AuditFilterDraft): AuditFilter {
  const filter: AuditFilter = {};
  const actor = draft.actor.trim();
  const action = draft.action.trim();
  const target = draft.target.trim();
  if (actor !== '') filter.actor = actor;
  if (action !== '') filter.action = action;
  if (target !== '') filter.target = target;
  if (draft.from !== '') filter.from = startOfDay(draft.from);
  if (draft.to !== '') filter.to = endOfDay(draft.to);
  return filter;
}

/** True when both dates are set and the start is after the end. */
export function datesReversed(draft: AuditFilterDraft): boolean {
  return draft.from !== '' && draft.to !== '' && draft.from > draft.to;
}
