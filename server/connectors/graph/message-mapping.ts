import type { GraphAddress, GraphDeltaItem, GraphFolder, GraphMessage, GraphMessagePatch } from './contract.js';
import { unexpectedResponse } from './graph-error.js';

/**
 * Our link id lives in one single-value extended property (microsoft.md §4.4: pick one id format and
 * stick to it; custom named properties). The GUID is ours and must never change: every message we ever
 * stamped carries it.
 */
export const LINK_PROPERTY_ID = 'String {3F6E2B9C-8D41-4A57-B0E2-5C9A7D13F468} Name DtobLinkId';

/** The message fields the contract needs; `$select` keeps payloads small (§4.1). `id` always comes back. */
export const MESSAGE_SELECT = [
  'id',
  'changeKey',
  'parentFolderId',
  'internetMessageId',
  'conversationId',
  'subject',
  'from',
  'toRecipients',
  'ccRecipients',
  'receivedDateTime',
  'sentDateTime',
  'isRead',
  'flag',
  'isDraft',
  'bodyPreview',
].join(',');

/** Reads our link property along with the message (§4.4 "Read"). */
export const LINK_EXPAND = `singleValueExtendedProperties($filter=id eq '${LINK_PROPERTY_ID}')`;

export const FOLDER_SELECT = 'id,displayName,parentFolderId,totalItemCount,childFolderCount';

/** `$filter` finding the message stamped with `linkId` anywhere in the mailbox (§4.4 "Query"). */
export function linkIdFilter(linkId: string): string {
  return `singleValueExtendedProperties/Any(ep: ep/id eq '${LINK_PROPERTY_ID}' and ep/value eq '${odataString(linkId)}')`;
}

export function internetMessageIdFilter(internetMessageId: string): string {
  return `internetMessageId eq '${odataString(internetMessageId)}'`;
}

/** OData string literal body: a quote is written twice. */
export function odataString(value: string): string {
  return value.replace(/'/g, "''");
}

/** The PATCH body for a contract patch (§4.5 "Update"). */
export function patchBody(patch: GraphMessagePatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (patch.isRead !== undefined) body.isRead = patch.isRead;
  if (patch.flagged !== undefined) body.flag = { flagStatus: patch.flagged ? 'flagged' : 'notFlagged' };
  if (patch.linkId !== undefined) {
    // Graph documents no way to delete one single-value extended property (§4.4 is silent), so "unlink"
    // writes an empty value, which toGraphMessage reads back as null.
    body.singleValueExtendedProperties = [{ id: LINK_PROPERTY_ID, value: patch.linkId ?? '' }];
  }
  return body;
}

/** A Graph message resource (with MESSAGE_SELECT and LINK_EXPAND) as the contract's GraphMessage. */
export function toGraphMessage(raw: unknown): GraphMessage {
  const m = asObject(raw, 'message');
  const id = m.id;
  if (typeof id !== 'string' || id === '') throw unexpectedResponse('message without id', 200);
  const flag = isObject(m.flag) ? m.flag : {};
  return {
    id,
    changeKey: str(m.changeKey) ?? etagValue(str(m['@odata.etag'])) ?? '',
    parentFolderId: str(m.parentFolderId) ?? '',
    internetMessageId: str(m.internetMessageId) ?? null,
    conversationId: str(m.conversationId) ?? null,
    subject: str(m.subject) ?? '',
    from: toAddress(m.from),
    toRecipients: toAddresses(m.toRecipients),
    ccRecipients: toAddresses(m.ccRecipients),
    receivedAt: toEpoch(m.receivedDateTime) ?? 0,
    sentAt: toEpoch(m.sentDateTime),
    isRead: m.isRead === true,
    flagged: flag.flagStatus === 'flagged',
    isDraft: m.isDraft === true,
    bodyPreview: str(m.bodyPreview) ?? '',
    linkId: readLinkId(m.singleValueExtendedProperties),
  };
}

/** One entry of a delta page: `@removed` or a (possibly partial, per `$select`) message (§4.2). */
export function toDeltaItem(raw: unknown): GraphDeltaItem {
  const item = asObject(raw, 'delta item');
  if (isObject(item['@removed'])) {
    const id = str(item.id);
    if (id === undefined) throw unexpectedResponse('removed delta item without id', 200);
    return { kind: 'removed', id, reason: item['@removed'].reason === 'changed' ? 'changed' : 'deleted' };
  }
  return { kind: 'upsert', message: toGraphMessage(item) };
}

export function toGraphFolder(raw: unknown, wellKnownName: string | null): GraphFolder {
  const f = asObject(raw, 'mailFolder');
  const id = str(f.id);
  if (id === undefined) throw unexpectedResponse('mailFolder without id', 200);
  return {
    id,
    displayName: str(f.displayName) ?? '',
    parentFolderId: str(f.parentFolderId) ?? null,
    wellKnownName,
    totalItemCount: typeof f.totalItemCount === 'number' ? f.totalItemCount : 0,
  };
}

function readLinkId(props: unknown): string | null {
  if (!Array.isArray(props)) return null;
  const wanted = LINK_PROPERTY_ID.toLowerCase();
  for (const prop of props) {
    if (isObject(prop) && typeof prop.id === 'string' && prop.id.toLowerCase() === wanted) {
      return typeof prop.value === 'string' && prop.value !== '' ? prop.value : null;
    }
  }
  return null;
}

function toAddress(raw: unknown): GraphAddress | null {
  if (!isObject(raw) || !isObject(raw.emailAddress)) return null;
  const address = str(raw.emailAddress.address) ?? '';
  const name = str(raw.emailAddress.name) ?? '';
  return address === '' && name === '' ? null : { name, address };
}

function toAddresses(raw: unknown): GraphAddress[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(toAddress).filter((a): a is GraphAddress => a !== null);
}

function toEpoch(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

/** `W/"CQAAABYAAA…"` → `CQAAABYAAA…` (the etag of an Outlook item is its change key). */
export function etagValue(etag: string | undefined): string | undefined {
  if (etag === undefined) return undefined;
  const match = /^(?:W\/)?"(.*)"$/.exec(etag);
  return match?.[1] ?? etag;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw unexpectedResponse(`expected a ${what} object`, 200);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
