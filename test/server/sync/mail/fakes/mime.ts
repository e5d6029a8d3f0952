/** Minimal RFC 5322 building and header reading for the in-memory fakes. */

export interface MessageSpec {
  messageId: string;
  subject?: string;
  from?: string;
  to?: string[];
  body?: string;
}

export function buildMime(spec: MessageSpec): Buffer {
  return Buffer.from(
    [
      `Message-ID: ${spec.messageId}`,
      `Subject: ${spec.subject ?? `about ${spec.messageId}`}`,
      `From: ${spec.from ?? 'sender@dingdemo.example.com'}`,
      `To: ${(spec.to ?? ['me@example.com']).join(', ')}`,
      'Date: Mon, 2 Nov 2026 10:00:00 +0800',
      'Received: from relay.example.com by mx.example.com; Mon, 2 Nov 2026 10:00:00 +0800',
      '',
      spec.body ?? 'hello',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

/** Header values by lower-cased name (first occurrence), continuation lines joined. */
export function headersOf(raw: Buffer): Map<string, string> {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const out = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(colon + 1).trim());
  }
  return out;
}

export function withSubject(raw: Buffer, subject: string): Buffer {
  return Buffer.from(raw.toString('latin1').replace(/^Subject:.*$/m, `Subject: ${subject}`), 'latin1');
}
