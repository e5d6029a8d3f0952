import { isObject } from '../../../shared/json.js';

/**
 * One contact change from DingTalk, whatever transport brought it (Stream, HTTP push new or legacy
 * format). Events carry ids only (shared/reference/dingtalk.md §4.5), so the directory re-reads the
 * named users/departments; that also makes applying an event idempotent.
 */
export const CONTACT_EVENT_TYPES = [
  'user_add_org',
  'user_modify_org',
  'user_leave_org',
  'user_active_org',
  'org_admin_add',
  'org_admin_remove',
  'org_dept_create',
  'org_dept_modify',
  'org_dept_remove',
  'label_user_change',
  'label_conf_add',
  'label_conf_modify',
  'label_conf_del',
  'org_change',
  'org_remove',
] as const;

export type ContactEventType = (typeof CONTACT_EVENT_TYPES)[number];

export interface ContactEvent {
  /** DingTalk's eventId when given; otherwise a digest of the payload, so re-deliveries still dedupe. */
  eventId: string;
  eventType: ContactEventType;
  corpId?: string;
  /** Milliseconds since epoch when DingTalk produced the event (eventBornTime / TimeStamp / EventTime). */
  bornAt: number;
  userIds: string[];
  deptIds: number[];
}

export function isContactEventType(value: unknown): value is ContactEventType {
  return typeof value === 'string' && (CONTACT_EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * Normalises the three documented envelopes (shared/reference/dingtalk.md §4.5) into a ContactEvent:
 * - Stream: `{eventType, eventId, eventCorpId, eventBornTime, data:{userId|deptId, timeStamp}}`;
 * - new HTTP push: flat `{EventType, EventTime, CorpId, eventId, userId|deptId, ...}`;
 * - legacy register_call_back: `{EventType, TimeStamp, CorpId, UserId:[..] | DeptId:[..]}`.
 * Returns null for anything that is not a contact event (check_url, unknown types, malformed ids),
 * so callers can answer "success" for events they do not care about without guessing.
 */
export function normalizeContactEvent(raw: unknown, digest: (text: string) => string): ContactEvent | null {
  if (!isObject(raw)) return null;
  const data = isObject(raw.data) ? raw.data : raw;
  const eventType = raw.eventType ?? raw.EventType;
  if (!isContactEventType(eventType)) return null;
  const userIds = stringList(data.userId ?? data.UserId ?? data.userIdList);
  const deptIds = numberList(data.deptId ?? data.DeptId);
  if (userIds === null || deptIds === null) return null;
  const bornAt = firstTimestamp(raw.eventBornTime, raw.EventTime, raw.TimeStamp, data.timeStamp, data.TimeStamp);
  const corpId = raw.eventCorpId ?? raw.CorpId ?? raw.corpId;
  const explicitId = raw.eventId ?? raw.EventId;
  const eventId =
    typeof explicitId === 'string' && explicitId.length > 0
      ? explicitId
      : `digest:${digest(JSON.stringify([eventType, bornAt, userIds, deptIds]))}`;
  return {
    eventId,
    eventType,
    ...(typeof corpId === 'string' ? { corpId } : {}),
    bornAt: bornAt ?? Date.now(),
    userIds,
    deptIds,
  };
}

function stringList(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return null;
  return value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 64)
    ? (value as string[])
    : null;
}

function numberList(value: unknown): number[] | null {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  const out: number[] = [];
  for (const item of items) {
    const n = typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return null;
    out.push(n);
  }
  return out;
}

function firstTimestamp(...candidates: unknown[]): number | null {
  for (const value of candidates) {
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) return n;
  }
  return null;
}
