import { htmlToText, previewOf, type MailboxState, type StoredFolder, type StoredMessage } from './mail-store.js';
import type { ExpandSpec } from './odata.js';

/** Per-request rendering choices: which id format (§4.3) and body type (§4.1 `Prefer`). */
export interface RenderContext {
  immutableIds: boolean;
  bodyType: 'text' | 'html' | null;
}

/** Graph writes date-times in UTC without fractions, e.g. `2026-01-05T09:30:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function messageIdFor(message: StoredMessage, ctx: RenderContext): string {
  return ctx.immutableIds ? message.immutableId : message.restId;
}

/**
 * A message resource as Graph returns it. Without `$select` every default property comes back (not
 * internetMessageHeaders, which needs `$select`, §4.1); with it only the named ones plus `id` and
 * `@odata.etag`. Extended properties appear only when expanded and set (§4.4).
 */
export function renderMessage(message: StoredMessage, ctx: RenderContext, select: string[] | null, expand: ExpandSpec | null): Record<string, unknown> {
  const all = fullMessage(message, ctx);
  let out: Record<string, unknown>;
  if (select === null) {
    const { internetMessageHeaders: _headers, uniqueBody: _unique, ...defaults } = all;
    out = defaults;
  } else {
    out = { '@odata.etag': all['@odata.etag'], id: all.id };
    for (const name of select) out[name] = all[name];
  }
  if (expand !== null) {
    const props = expand.propertyIds.map((id) => message.extended.get(id)).filter((p) => p !== undefined);
    if (props.length > 0) out.singleValueExtendedProperties = props.map((p) => ({ id: p.id, value: p.value }));
  }
  return out;
}

function fullMessage(m: StoredMessage, ctx: RenderContext): Record<string, unknown> {
  const id = messageIdFor(m, ctx);
  const body = ctx.bodyType === 'text' && m.body.contentType === 'html' ? { contentType: 'text', content: htmlToText(m.body.content) } : m.body;
  return {
    '@odata.etag': `W/"${m.changeKey}"`,
    id,
    createdDateTime: isoSeconds(m.createdAt),
    lastModifiedDateTime: isoSeconds(m.lastModifiedAt),
    changeKey: m.changeKey,
    categories: m.categories,
    receivedDateTime: isoSeconds(m.receivedAt),
    sentDateTime: m.sentAt === null ? null : isoSeconds(m.sentAt),
    hasAttachments: false,
    internetMessageId: m.internetMessageId,
    subject: m.subject,
    bodyPreview: previewOf(m.body),
    importance: m.importance,
    parentFolderId: m.folderId,
    conversationId: m.conversationId,
    conversationIndex: Buffer.from(m.conversationId.slice(6, 28)).toString('base64'),
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: m.isRead,
    isDraft: m.isDraft,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: m.inferenceClassification,
    body,
    uniqueBody: body,
    sender: m.sender,
    from: m.from,
    toRecipients: m.toRecipients,
    ccRecipients: m.ccRecipients,
    bccRecipients: m.bccRecipients,
    replyTo: m.replyTo,
    flag: { flagStatus: m.flagStatus },
    internetMessageHeaders: m.internetMessageHeaders,
  };
}

/** A mailFolder resource (v1.0 has no wellKnownName property, so none is rendered). */
export function renderFolder(folder: StoredFolder, mailbox: MailboxState): Record<string, unknown> {
  const messages = mailbox.messagesIn(folder.id);
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
    childFolderCount: mailbox.childFolders(folder.id).length,
    unreadItemCount: messages.filter((m) => !m.isRead).length,
    totalItemCount: messages.length,
    isHidden: false,
  };
}

/** Keeps only `select`ed folder properties (plus id). */
export function selectFolder(rendered: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (select === null) return rendered;
  const out: Record<string, unknown> = { id: rendered.id };
  for (const name of select) if (name in rendered) out[name] = rendered[name];
  return out;
}
