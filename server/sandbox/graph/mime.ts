import MailComposer from 'nodemailer/lib/mail-composer';
import PostalMime, { type Address } from 'postal-mime';
import type { NewMessage, Recipient, StoredMessage } from './mail-store.js';

/**
 * MIME in and out of the sandbox mailbox. A MIME create (§4.5) or a test delivery keeps the exact bytes
 * it was given for `$value`; anything else gets a message rendered from its properties, as Exchange
 * renders MIME on demand for items that never had any.
 */
export async function messageFromMime(mime: Buffer): Promise<NewMessage> {
  const email = await PostalMime.parse(mime);
  const from = recipients(email.from === undefined ? [] : [email.from])[0] ?? null;
  const sentAt = email.date === undefined ? Number.NaN : Date.parse(email.date);
  return {
    subject: email.subject ?? '',
    body: email.html !== undefined ? { contentType: 'html', content: email.html } : { contentType: 'text', content: email.text ?? '' },
    from,
    sender: recipients(email.sender === undefined ? [] : [email.sender])[0] ?? from,
    toRecipients: recipients(email.to),
    ccRecipients: recipients(email.cc),
    bccRecipients: recipients(email.bcc),
    replyTo: recipients(email.replyTo),
    internetMessageId: email.messageId?.trim() || null,
    inReplyTo: email.inReplyTo?.trim() || null,
    references: email.references?.trim() || null,
    sentAt: Number.isNaN(sentAt) ? null : sentAt,
    internetMessageHeaders: email.headers.filter((h) => h.key.startsWith('x-')).map((h) => ({ name: h.originalKey, value: h.value })),
    mime,
  };
}

export async function renderMime(message: StoredMessage): Promise<Buffer> {
  if (message.mime !== null) return message.mime;
  const address = (r: Recipient): { name: string; address: string } => ({ name: r.emailAddress.name, address: r.emailAddress.address });
  const composer = new MailComposer({
    ...(message.from !== null ? { from: address(message.from) } : {}),
    to: message.toRecipients.map(address),
    cc: message.ccRecipients.map(address),
    subject: message.subject,
    ...(message.body.contentType === 'html' ? { html: message.body.content } : { text: message.body.content }),
    ...(message.internetMessageId !== null ? { messageId: message.internetMessageId } : {}),
    ...(message.inReplyTo !== null ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references !== null ? { references: message.references } : {}),
    date: new Date(message.sentAt ?? message.receivedAt),
    headers: message.internetMessageHeaders.map((h) => ({ key: h.name, value: h.value })),
  });
  return composer.compile().build();
}

function recipients(list: Address[] | undefined): Recipient[] {
  const out: Recipient[] = [];
  for (const entry of list ?? []) {
    for (const member of entry.group ?? [entry]) {
      if (member.address === undefined || member.address === '') continue;
      out.push({ emailAddress: { name: member.name, address: member.address } });
    }
  }
  return out;
}
