import { normalizePropertyId, type StoredMessage } from './mail-store.js';

/**
 * The slice of OData query syntax the Graph mail endpoints accept (microsoft.md §4.1, §4.2, §4.4):
 * `$select`, `$expand=singleValueExtendedProperties($filter=id eq '…')`, `$filter` on internetMessageId,
 * on our extended property (`Any` form), on receivedDateTime, isRead and isDraft, `$top`, `$skip`,
 * `$orderby=receivedDateTime desc|asc`, and the `Prefer` header. Anything else is a 400, as Graph
 * answers unsupported queries.
 */
export class ODataError extends Error {
  override readonly name = 'ODataError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Message properties a `$select` may name (the message resource, §4.1). */
export const MESSAGE_PROPERTIES = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'conversationIndex',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'uniqueBody',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
  'internetMessageHeaders',
]);

export function parseSelect(raw: string | undefined): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!MESSAGE_PROPERTIES.has(name)) {
      throw new ODataError('RequestBroker--ParseUri', `Could not find a property named '${name}' on type 'microsoft.graph.message'.`);
    }
  }
  return names;
}

/** Extended property ids to include (normalized), from `$expand=singleValueExtendedProperties($filter=…)`. */
export interface ExpandSpec {
  propertyIds: string[];
}

export function parseExpand(raw: string | undefined): ExpandSpec | null {
  if (raw === undefined || raw.trim() === '') return null;
  const match = /^singleValueExtendedProperties\(\s*\$filter\s*=\s*(.+)\)$/is.exec(raw.trim());
  if (match === null) {
    // §4.4: there is no API that lists all extended properties of an item; a filter is required.
    throw new ODataError('ErrorInvalidUrlQuery', `Unsupported $expand '${raw}': expand singleValueExtendedProperties with $filter=id eq '…'.`);
  }
  const propertyIds: string[] = [];
  for (const term of splitTopLevel(match[1] as string, 'or')) {
    const id = /^id\s+eq\s+'((?:[^']|'')*)'$/i.exec(term.trim());
    if (id === null) throw new ODataError('ErrorInvalidUrlQuery', `Unsupported expand filter term '${term.trim()}'.`);
    propertyIds.push(normalizePropertyId(unquote(id[1] as string)));
  }
  return { propertyIds };
}

export type MessagePredicate = (message: StoredMessage) => boolean;

export function parseFilter(raw: string | undefined): MessagePredicate | null {
  if (raw === undefined || raw.trim() === '') return null;
  const predicates = splitTopLevel(raw, 'and').map((term) => parseTerm(term.trim()));
  return (message) => predicates.every((p) => p(message));
}

/** The only delta filter §4.2 allows: `receivedDateTime ge|gt {value}`. */
export function parseDeltaFilter(raw: string | undefined): MessagePredicate | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (!/^receivedDateTime\s+(ge|gt)\s+/i.test(raw.trim())) {
    throw new ODataError('ErrorInvalidUrlQueryFilter', 'Delta supports only $filter=receivedDateTime ge|gt {value}.');
  }
  return parseTerm(raw.trim());
}

function parseTerm(term: string): MessagePredicate {
  const quoted = "'((?:[^']|'')*)'";
  let m = new RegExp(`^internetMessageId\\s+eq\\s+${quoted}$`, 'i').exec(term);
  if (m !== null) {
    const wanted = unquote(m[1] as string);
    return (message) => message.internetMessageId === wanted;
  }
  m = new RegExp(`^singleValueExtendedProperties/any\\(\\s*(\\w+)\\s*:\\s*\\1/id\\s+eq\\s+${quoted}\\s+and\\s+\\1/value\\s+eq\\s+${quoted}\\s*\\)$`, 'i').exec(term);
  if (m !== null) {
    const id = normalizePropertyId(unquote(m[2] as string));
    const value = unquote(m[3] as string);
    return (message) => message.extended.get(id)?.value === value;
  }
  m = /^receivedDateTime\s+(eq|ge|gt|le|lt)\s+(\S+)$/i.exec(term);
  if (m !== null) {
    const at = Date.parse(m[2] as string);
    if (Number.isNaN(at)) throw new ODataError('ErrorInvalidUrlQueryFilter', `Invalid date '${m[2]}'.`);
    const op = (m[1] as string).toLowerCase();
    return (message) => compare(message.receivedAt, op, at);
  }
  m = /^(isRead|isDraft)\s+eq\s+(true|false)$/i.exec(term);
  if (m !== null) {
    const field = (m[1] as string).toLowerCase() === 'isread' ? 'isRead' : 'isDraft';
    const wanted = (m[2] as string).toLowerCase() === 'true';
    return (message) => message[field] === wanted;
  }
  throw new ODataError('ErrorInvalidUrlQueryFilter', `The sandbox does not support the filter term '${term}'.`);
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ge':
      return a >= b;
    case 'gt':
      return a > b;
    case 'le':
      return a <= b;
    default:
      return a < b;
  }
}

/** `$top`: 1–1000 (§4.1). */
export function parseTop(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ODataError('ErrorInvalidUrlQuery', `$top must be an integer from 1 to 1000, got '${raw}'.`);
  return n;
}

export function parseSkip(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ODataError('ErrorInvalidUrlQuery', `$skip must be a non-negative integer, got '${raw}'.`);
  return n;
}

/** Without `$orderby` the sandbox lists newest first, as Outlook shows a folder; §4.1 does not state Graph's default. */
export function parseOrderBy(raw: string | undefined): 'asc' | 'desc' {
  if (raw === undefined) return 'desc';
  const m = /^receivedDateTime(\s+(asc|desc))?$/i.exec(raw.trim());
  if (m === null) throw new ODataError('ErrorInvalidUrlQuery', `The sandbox orders only by receivedDateTime, got '${raw}'.`);
  return (m[2] ?? 'asc').toLowerCase() as 'asc' | 'desc';
}

export interface Preferences {
  immutableIds: boolean;
  maxPageSize: number | null;
  bodyType: 'text' | 'html' | null;
}

/** `Prefer` may come as several headers or one comma-separated list (RFC 7240). */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const values = (Array.isArray(header) ? header : header === undefined ? [] : [header]).flatMap((h) => splitTopLevel(h, ','));
  const prefs: Preferences = { immutableIds: false, maxPageSize: null, bodyType: null };
  for (const raw of values) {
    const [name, ...rest] = raw.split('=');
    const key = (name ?? '').trim().toLowerCase();
    const value = rest.join('=').trim().replace(/^"|"$/g, '');
    if (key === 'idtype') prefs.immutableIds = value.toLowerCase() === 'immutableid';
    else if (key === 'odata.maxpagesize') {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) prefs.maxPageSize = Math.min(n, 1000);
    } else if (key === 'outlook.body-content-type') prefs.bodyType = value.toLowerCase() === 'text' ? 'text' : 'html';
  }
  return prefs;
}

/** Splits on a separator word or character at parenthesis depth 0 and outside quotes. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const word = /^\w+$/.test(separator);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0) {
      if (word) {
        const ahead = text.slice(i, i + separator.length + 2);
        if (new RegExp(`^\\s${separator}\\s$`, 'i').test(ahead)) {
          parts.push(text.slice(start, i));
          i += separator.length + 1;
          start = i + 1;
        }
      } else if (ch === separator) {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

function unquote(literal: string): string {
  return literal.replace(/''/g, "'");
}
