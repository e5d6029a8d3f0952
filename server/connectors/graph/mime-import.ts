import PostalMime, { type Address, type Email } from 'postal-mime';
import type { GraphImport } from './contract.js';
import { LINK_PROPERTY_ID } from './message-mapping.js';

/**
 * MAPI properties that make a JSON-created message a received item instead of a draft (microsoft.md §4.5
 * "Importing as a received, non-draft item" [community]). They only take effect when set at creation;
 * isDraft cannot be changed later.
 */
export const MAPI = {
  /** PR_MESSAGE_FLAGS: 1 = read; 8 = unsent (draft), never set here */
  messageFlags: 'Integer 0x0E07',
  /** PR_MESSAGE_DELIVERY_TIME → receivedDateTime */
  deliveryTime: 'SystemTime 0x0E06',
  /** PR_CLIENT_SUBMIT_TIME → sentDateTime */
  submitTime: 'SystemTime 0x0039',
  /** PR_INTERNET_MESSAGE_ID */
  internetMessageId: 'String 0x1035',
  /** PR_IN_REPLY_TO_ID */
  inReplyTo: 'String 0x1042',
  /** PR_INTERNET_REFERENCES */
  references: 'String 0x1039',
} as const;

export const MSGFLAG_READ = 0x1;
export const MSGFLAG_UNSENT = 0x8;

/** The fields of a parsed MIME message that the import needs (also useful for logs and tests). */
export interface ParsedImport {
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  from: GraphRecipient | null;
  to: GraphRecipient[];
  cc: GraphRecipient[];
  bcc: GraphRecipient[];
  replyTo: GraphRecipient[];
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  sentAt: number | null;
  receivedAt: number;
  attachments: GraphFileAttachment[];
  /** attachments left out because the create request would exceed its size limit (see ATTACHMENT_BUDGET) */
  attachmentsLeftOut: number;
}

/** A `#microsoft.graph.fileAttachment` as it goes into the create body (§4.6: inline below 3 MB). */
export interface GraphFileAttachment {
  '@odata.type': '#microsoft.graph.fileAttachment';
  name: string;
  contentType: string;
  contentBytes: string;
  isInline: boolean;
  contentId?: string;
}

/**
 * Attachments travel inside the create request up to this many bytes of content, well under Graph's
 * 4 MB request limit once base64 (×4/3) and the rest of the body are added (§4.6: below 3 MB in the
 * request; larger ones need an upload session, which the import does not do yet — it logs them).
 */
export const ATTACHMENT_BUDGET = 2 * 1024 * 1024;

interface GraphRecipient {
  emailAddress: { name: string; address: string };
}

export async function parseForImport(mime: Buffer, receivedAt: number | undefined, now: () => number = Date.now): Promise<ParsedImport> {
  const email = await PostalMime.parse(mime);
  const sentAt = toEpoch(email.date);
  const firstFrom = recipients(email.from === undefined ? [] : [email.from])[0] ?? null;
  return {
    subject: email.subject ?? '',
    body: email.html !== undefined ? { contentType: 'html', content: email.html } : { contentType: 'text', content: email.text ?? '' },
    from: firstFrom,
    to: recipients(email.to),
    cc: recipients(email.cc),
    bcc: recipients(email.bcc),
    replyTo: recipients(email.replyTo),
    messageId: email.messageId?.trim() || null,
    inReplyTo: email.inReplyTo?.trim() || null,
    references: email.references?.trim() || null,
    sentAt,
    receivedAt: receivedAt ?? topReceivedDate(email) ?? sentAt ?? now(),
    ...attachmentsOf(email),
  };
}

function attachmentsOf(email: Email): { attachments: GraphFileAttachment[]; attachmentsLeftOut: number } {
  const attachments: GraphFileAttachment[] = [];
  let used = 0;
  let leftOut = 0;
  for (const a of email.attachments) {
    const bytes =
      typeof a.content === 'string'
        ? Buffer.from(a.content, a.encoding === 'base64' ? 'base64' : 'utf8')
        : a.content instanceof ArrayBuffer
          ? Buffer.from(new Uint8Array(a.content))
          : Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
    if (used + bytes.length > ATTACHMENT_BUDGET) {
      leftOut++;
      continue;
    }
    used += bytes.length;
    attachments.push({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: a.filename ?? 'attachment',
      contentType: a.mimeType,
      contentBytes: bytes.toString('base64'),
      isInline: a.disposition === 'inline',
      ...(a.contentId === undefined ? {} : { contentId: a.contentId.replace(/^<|>$/g, '') }),
    });
  }
  return { attachments, attachmentsLeftOut: leftOut };
}

/**
 * The JSON body of `POST /users/{id}/mailFolders/{id}/messages` that imports `input` as a received,
 * non-draft item stamped with our link id and flag (§4.4, §4.5). Graph ignores receivedDateTime /
 * sentDateTime / internetMessageHeaders on create, so those travel as MAPI properties. Attachments go
 * in the same body as file attachments up to ATTACHMENT_BUDGET (§4.6).
 */
export async function importPayload(input: GraphImport, now: () => number = Date.now): Promise<{ body: Record<string, unknown>; parsed: ParsedImport }> {
  const parsed = await parseForImport(input.mime, input.receivedAt, now);
  const props: Array<{ id: string; value: string }> = [
    { id: MAPI.messageFlags, value: String(input.isRead ? MSGFLAG_READ : 0) },
    { id: MAPI.deliveryTime, value: new Date(parsed.receivedAt).toISOString() },
    { id: LINK_PROPERTY_ID, value: input.linkId },
  ];
  if (parsed.sentAt !== null) props.push({ id: MAPI.submitTime, value: new Date(parsed.sentAt).toISOString() });
  if (parsed.messageId !== null) props.push({ id: MAPI.internetMessageId, value: parsed.messageId });
  if (parsed.inReplyTo !== null) props.push({ id: MAPI.inReplyTo, value: parsed.inReplyTo });
  if (parsed.references !== null) props.push({ id: MAPI.references, value: parsed.references });
  const body: Record<string, unknown> = {
    subject: parsed.subject,
    body: parsed.body,
    toRecipients: parsed.to,
    ccRecipients: parsed.cc,
    isRead: input.isRead,
    flag: { flagStatus: input.flagged ? 'flagged' : 'notFlagged' },
    singleValueExtendedProperties: props,
  };
  if (parsed.from !== null) body.from = parsed.from;
  if (parsed.bcc.length > 0) body.bccRecipients = parsed.bcc;
  if (parsed.replyTo.length > 0) body.replyTo = parsed.replyTo;
  if (parsed.attachments.length > 0) body.attachments = parsed.attachments;
  return { body, parsed };
}

function recipients(list: Address[] | undefined): GraphRecipient[] {
  const out: GraphRecipient[] = [];
  for (const entry of list ?? []) {
    const members = entry.group ?? [entry];
    for (const member of members) {
      if (member.address === undefined || member.address === '') continue;
      out.push({ emailAddress: { name: member.name, address: member.address } });
    }
  }
  return out;
}

/** The date after the last `;` of the topmost Received: header: when the final MTA accepted the message. */
function topReceivedDate(email: Email): number | null {
  const received = email.headers.find((h) => h.key === 'received');
  if (received === undefined) return null;
  const semicolon = received.value.lastIndexOf(';');
  return semicolon === -1 ? null : toEpoch(received.value.slice(semicolon + 1).trim());
}

function toEpoch(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
