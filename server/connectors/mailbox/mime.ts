import MailComposer from 'nodemailer/lib/mail-composer';
import { LINK_HEADER } from './contract.js';

/** `"张伟" <zhang@example.com>` or `{name, address}` */
export type AddressInput = string | { name: string; address: string };

export interface ComposeInput {
  from: AddressInput;
  to: AddressInput[];
  cc?: AddressInput[];
  subject: string;
  text?: string;
  html?: string;
  /** with angle brackets; MailComposer makes one up when absent */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  /** stamped as the first header line (see stampLinkHeader) */
  linkId?: string;
}

/**
 * Builds an RFC 5322 message (CRLF line ends). Non-ASCII subjects and display names become RFC 2047
 * encoded words, bodies UTF-8 quoted-printable or base64, which is what nodemailer's MailComposer does
 * (libraries-and-style.md B.9).
 */
export async function composeMessage(input: ComposeInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    ...(input.cc !== undefined ? { cc: input.cc } : {}),
    subject: input.subject,
    ...(input.text !== undefined ? { text: input.text } : {}),
    ...(input.html !== undefined ? { html: input.html } : {}),
    ...(input.messageId !== undefined ? { messageId: input.messageId } : {}),
    ...(input.inReplyTo !== undefined ? { inReplyTo: input.inReplyTo } : {}),
    ...(input.references !== undefined ? { references: input.references } : {}),
    date: input.date ?? new Date(),
  });
  const raw = await composer.compile().build();
  return input.linkId === undefined ? raw : stampLinkHeader(raw, input.linkId);
}

const LINK_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Puts `X-DTOB-Link: <linkId>` as the first header line and drops any earlier X-DTOB-Link field, leaving
 * every other byte of the message as it was (a prepended trace-style field keeps DKIM signatures valid,
 * as Received: lines do). The line break style of the message is kept.
 */
export function stampLinkHeader(raw: Buffer, linkId: string): Buffer {
  if (!LINK_ID_PATTERN.test(linkId)) {
    throw new TypeError('link id must be 1-200 visible ASCII characters');
  }
  const text = raw.toString('latin1'); // why: latin1 maps bytes 1:1, so slicing and re-encoding is lossless
  const headerEnd = findHeaderEnd(text);
  const eol = text.slice(0, headerEnd + 2).includes('\r\n') ? '\r\n' : '\n';
  const kept = splitFields(text.slice(0, headerEnd))
    .filter((field) => fieldName(field) !== LINK_HEADER.toLowerCase())
    .join('');
  return Buffer.from(`${LINK_HEADER}: ${linkId}${eol}${kept}${text.slice(headerEnd)}`, 'latin1');
}

/** The value of the first X-DTOB-Link header, null when the message has none. */
export function readLinkHeader(raw: Buffer): string | null {
  return readHeaderFields(raw).get(LINK_HEADER.toLowerCase())?.[0] ?? null;
}

/**
 * The header fields of a message or a header block (e.g. IMAP BODY[HEADER.FIELDS (...)]): lower-case
 * name → unfolded raw values in order. Values are not RFC 2047 decoded.
 */
export function readHeaderFields(raw: Buffer | string): Map<string, string[]> {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const fields = new Map<string, string[]>();
  for (const field of splitFields(text.slice(0, findHeaderEnd(text)))) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ').trim();
    fields.set(name, [...(fields.get(name) ?? []), Buffer.from(value, 'latin1').toString('utf8')]);
  }
  return fields;
}

/** `<a@x> <b@y>` (References, In-Reply-To) → ['<a@x>', '<b@y>']. */
export function parseMessageIds(value: string | null | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

/** Message-IDs with angle brackets, as IMAP ENVELOPE and our contract carry them. */
export function normaliseMessageId(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '') return null;
  return parseMessageIds(trimmed)[0] ?? `<${trimmed.replace(/^<|>$/g, '')}>`;
}

/** Offset just past the last header line (before the blank line), or the text length when none. */
function findHeaderEnd(text: string): number {
  if (text.startsWith('\r\n')) return 0;
  if (text.startsWith('\n')) return 0;
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const candidates = [crlf === -1 ? -1 : crlf + 2, lf === -1 ? -1 : lf + 1].filter((i) => i >= 0);
  return candidates.length === 0 ? text.length : Math.min(...candidates);
}

/** Splits a header block into fields, each with its continuation lines and line ends. */
function splitFields(block: string): string[] {
  const fields: string[] = [];
  for (const line of block.split(/(?<=\n)/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && fields.length > 0) {
      fields[fields.length - 1] += line;
    } else if (line !== '') {
      fields.push(line);
    }
  }
  return fields;
}

function fieldName(field: string): string {
  return field.slice(0, Math.max(0, field.indexOf(':'))).trim().toLowerCase();
}
