import { badRequest, GraphSandboxError } from './errors.js';
import { isValidPropertyId, normalizePropertyId, type ExtendedProperty, type FlagStatus, type NewMessage, type Recipient, type StoredMessage } from './mail-store.js';

/** MAPI properties honoured at creation (microsoft.md §4.5 "Importing as a received, non-draft item"). */
const PR_MESSAGE_FLAGS = normalizePropertyId('Integer 0x0E07');
const PR_MESSAGE_DELIVERY_TIME = normalizePropertyId('SystemTime 0x0E06');
const PR_CLIENT_SUBMIT_TIME = normalizePropertyId('SystemTime 0x0039');
const PR_INTERNET_MESSAGE_ID = normalizePropertyId('String 0x1035');
const PR_IN_REPLY_TO_ID = normalizePropertyId('String 0x1042');
const PR_INTERNET_REFERENCES = normalizePropertyId('String 0x1039');
const MSGFLAG_READ = 0x1;
const MSGFLAG_UNSENT = 0x8;

const WRITABLE_ON_CREATE = new Set([
  '@odata.type',
  'subject',
  'body',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'isRead',
  'flag',
  'importance',
  'categories',
  'inferenceClassification',
  'singleValueExtendedProperties',
  'internetMessageHeaders',
  'internetMessageId',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  // §4.6: file attachments may come with the create (checked below, then not kept: nothing reads them back)
  'attachments',
  // §4.5: accepted but ignored on a plain create; the MAPI properties above are the way to set them.
  'receivedDateTime',
  'sentDateTime',
]);
const PATCHABLE = new Set(['isRead', 'flag', 'categories', 'importance', 'inferenceClassification', 'singleValueExtendedProperties']);
const PATCHABLE_ON_DRAFTS = new Set(['subject', 'body', 'from', 'sender', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'isDeliveryReceiptRequested', 'isReadReceiptRequested']);

/**
 * A JSON create (`POST …/messages`). Graph makes it a draft unless PR_MESSAGE_FLAGS is set at creation
 * without the unsent bit; PR_MESSAGE_DELIVERY_TIME / PR_CLIENT_SUBMIT_TIME set the received / sent times,
 * and the Message-ID and threading properties come from 0x1035 / 0x1042 / 0x1039 (§4.5).
 */
export function messageFromJson(body: unknown, now: number): NewMessage {
  const input = object(body, 'request body');
  for (const key of Object.keys(input)) {
    if (!WRITABLE_ON_CREATE.has(key)) throw unknownProperty(key);
  }
  if (input.attachments !== undefined) checkAttachments(input.attachments);
  const extended = extendedProperties(input.singleValueExtendedProperties);
  const flags = extended.get(PR_MESSAGE_FLAGS);
  const flagBits = flags === undefined ? null : Number(flags.value);
  const isDraft = flagBits === null ? true : (flagBits & MSGFLAG_UNSENT) !== 0;
  const fields: NewMessage = {
    ...commonFields(input),
    isDraft,
    isRead: typeof input.isRead === 'boolean' ? input.isRead : flagBits === null ? true : (flagBits & MSGFLAG_READ) !== 0,
    extended,
    receivedAt: dateProperty(extended.get(PR_MESSAGE_DELIVERY_TIME)) ?? now,
    sentAt: isDraft ? null : (dateProperty(extended.get(PR_CLIENT_SUBMIT_TIME)) ?? dateProperty(extended.get(PR_MESSAGE_DELIVERY_TIME)) ?? now),
    internetMessageId: extended.get(PR_INTERNET_MESSAGE_ID)?.value ?? optionalString(input.internetMessageId, 'internetMessageId') ?? null,
    inReplyTo: extended.get(PR_IN_REPLY_TO_ID)?.value ?? null,
    references: extended.get(PR_INTERNET_REFERENCES)?.value ?? null,
  };
  if (input.internetMessageHeaders !== undefined) fields.internetMessageHeaders = internetHeaders(input.internetMessageHeaders);
  if (input.flag !== undefined) fields.flagStatus = flagStatus(input.flag);
  return fields;
}

/** Validates a PATCH body against `message` and returns the mutation to apply (§4.5 "Update"). */
export function patchFromJson(body: unknown, message: StoredMessage): (m: StoredMessage) => void {
  const input = object(body, 'request body');
  for (const key of Object.keys(input)) {
    if (PATCHABLE.has(key)) continue;
    if (PATCHABLE_ON_DRAFTS.has(key)) {
      if (!message.isDraft) throw badRequest(`Update is not allowed for property '${key}' in a non-draft message.`, 'ErrorInvalidPropertyUpdateSentMessage');
      continue;
    }
    throw unknownProperty(key);
  }
  const common = commonFields(input);
  const isRead = input.isRead === undefined ? undefined : boolean(input.isRead, 'isRead');
  const flag = input.flag === undefined ? undefined : flagStatus(input.flag);
  const extended = input.singleValueExtendedProperties === undefined ? undefined : extendedProperties(input.singleValueExtendedProperties);
  return (m) => {
    Object.assign(m, common);
    if (isRead !== undefined) m.isRead = isRead;
    if (flag !== undefined) m.flagStatus = flag;
    // isDraft is fixed at creation (§4.5), so a later 0x0E07 is stored and nothing else.
    for (const [key, prop] of extended ?? []) m.extended.set(key, prop);
  };
}

function commonFields(input: Record<string, unknown>): Partial<NewMessage> {
  const out: Partial<NewMessage> = {};
  if (input.subject !== undefined) out.subject = string(input.subject, 'subject');
  if (input.body !== undefined) {
    const body = object(input.body, 'body');
    const type = string(body.contentType ?? 'text', 'body.contentType').toLowerCase();
    if (type !== 'text' && type !== 'html') throw badRequest(`Invalid body.contentType '${type}'.`);
    out.body = { contentType: type, content: string(body.content ?? '', 'body.content') };
  }
  if (input.from !== undefined) out.from = input.from === null ? null : recipient(input.from, 'from');
  if (input.sender !== undefined) out.sender = input.sender === null ? null : recipient(input.sender, 'sender');
  for (const key of ['toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo'] as const) {
    if (input[key] === undefined) continue;
    if (!Array.isArray(input[key])) throw badRequest(`${key} must be an array.`);
    out[key] = (input[key] as unknown[]).map((r, i) => recipient(r, `${key}[${i}]`));
  }
  if (input.categories !== undefined) {
    if (!Array.isArray(input.categories) || !input.categories.every((c) => typeof c === 'string')) throw badRequest('categories must be an array of strings.');
    out.categories = [...(input.categories as string[])];
  }
  if (input.importance !== undefined) {
    const importance = string(input.importance, 'importance').toLowerCase();
    if (importance !== 'low' && importance !== 'normal' && importance !== 'high') throw badRequest(`Invalid importance '${importance}'.`);
    out.importance = importance;
  }
  if (input.inferenceClassification !== undefined) {
    const value = string(input.inferenceClassification, 'inferenceClassification').toLowerCase();
    if (value !== 'focused' && value !== 'other') throw badRequest(`Invalid inferenceClassification '${value}'.`);
    out.inferenceClassification = value;
  }
  return out;
}

function extendedProperties(raw: unknown): Map<string, ExtendedProperty> {
  const out = new Map<string, ExtendedProperty>();
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) throw badRequest('singleValueExtendedProperties must be an array.');
  for (const [index, item] of raw.entries()) {
    const prop = object(item, `singleValueExtendedProperties[${index}]`);
    const id = string(prop.id, `singleValueExtendedProperties[${index}].id`);
    if (!isValidPropertyId(id)) throw badRequest(`The extended property id '${id}' is not valid.`, 'ErrorInvalidExtendedPropertyValue');
    const value = string(prop.value, `singleValueExtendedProperties[${index}].value`);
    const type = id.trim().split(' ')[0]?.toLowerCase();
    if ((type === 'integer' || type === 'long' || type === 'short') && !/^-?\d+$/.test(value)) {
      throw badRequest(`The value '${value}' is not valid for an Integer property.`, 'ErrorInvalidExtendedPropertyValue');
    }
    if (type === 'systemtime' && Number.isNaN(Date.parse(value))) {
      throw badRequest(`The value '${value}' is not valid for a SystemTime property.`, 'ErrorInvalidExtendedPropertyValue');
    }
    out.set(normalizePropertyId(id), { id: id.trim(), value });
  }
  return out;
}

/** Custom internet headers must be `x-` prefixed (§4.4 [community]). */
function internetHeaders(raw: unknown): Array<{ name: string; value: string }> {
  if (!Array.isArray(raw)) throw badRequest('internetMessageHeaders must be an array.');
  return raw.map((item, index) => {
    const header = object(item, `internetMessageHeaders[${index}]`);
    const name = string(header.name, `internetMessageHeaders[${index}].name`);
    if (!/^x-/i.test(name)) throw badRequest(`The internet message header name '${name}' should start with 'x-' or 'X-'.`, 'InvalidInternetMessageHeader');
    return { name, value: string(header.value, `internetMessageHeaders[${index}].value`) };
  });
}

function flagStatus(raw: unknown): FlagStatus {
  const flag = object(raw, 'flag');
  const status = flag.flagStatus ?? 'notFlagged';
  if (status !== 'notFlagged' && status !== 'flagged' && status !== 'complete') throw badRequest(`Invalid flagStatus '${String(status)}'.`);
  return status;
}

function recipient(raw: unknown, where: string): Recipient {
  const r = object(raw, where);
  const email = object(r.emailAddress, `${where}.emailAddress`);
  const address = string(email.address ?? '', `${where}.emailAddress.address`);
  return { emailAddress: { name: typeof email.name === 'string' ? email.name : address, address } };
}

function dateProperty(prop: ExtendedProperty | undefined): number | null {
  if (prop === undefined) return null;
  const ms = Date.parse(prop.value);
  return Number.isNaN(ms) ? null : ms;
}

function unknownProperty(key: string): GraphSandboxError {
  return badRequest(`The property '${key}' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type.`, 'RequestBodyRead');
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`${where} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw badRequest(`${where} must be a string.`);
  return value;
}

function optionalString(value: unknown, where: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, where);
}

function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw badRequest(`${where} must be a boolean.`);
  return value;
}

/** Graph refuses attachments that are not `{@odata.type: #microsoft.graph.fileAttachment, name, contentBytes}` with base64 content. */
function checkAttachments(raw: unknown): void {
  if (!Array.isArray(raw)) throw badRequest('attachments must be an array.');
  raw.forEach((item, index) => {
    const attachment = object(item, `attachments[${index}]`);
    if (attachment['@odata.type'] !== '#microsoft.graph.fileAttachment') throw badRequest(`attachments[${index}]: only file attachments are supported here.`);
    string(attachment.name, `attachments[${index}].name`);
    const bytes = string(attachment.contentBytes, `attachments[${index}].contentBytes`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(bytes)) throw badRequest(`attachments[${index}].contentBytes is not base64.`, 'ErrorInvalidBase64String');
  });
}
