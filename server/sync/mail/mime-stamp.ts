import { LINK_HEADER } from '../../connectors/mailbox/contract.js';

/**
 * Puts `X-DTOB-Link: <token>` at the top of an RFC 5322 message, replacing any earlier one (a message
 * copied back and forth may carry an old token), so the token is part of the APPEND itself: after a
 * crash the engine finds the half-done copy by SEARCH HEADER instead of appending it again (mbsync's
 * X-TUID trick, sync-engines.md §2). The body is left byte-for-byte alone; the line ending of the
 * header block is kept.
 */
export function stampRaw(raw: Buffer, token: string): Buffer {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(token)) throw new Error('correlation token must be a short header-safe string');
  const { head, rest, eol } = splitHeader(raw);
  const lines = unfoldedLines(head, eol);
  const kept = lines.filter((l) => !l.toLowerCase().startsWith(`${LINK_HEADER.toLowerCase()}:`));
  const newHead = [`${LINK_HEADER}: ${token}`, ...kept].join(eol);
  return Buffer.concat([Buffer.from(newHead, 'latin1'), rest]);
}

/** The token a raw message carries, or null. */
export function stampOf(raw: Buffer): string | null {
  const { head, eol } = splitHeader(raw);
  for (const line of unfoldedLines(head, eol)) {
    const match = /^x-dtob-link:\s*(\S+)/i.exec(line.replace(/\r?\n[ \t]+/g, ' '));
    if (match !== null) return match[1] ?? null;
  }
  return null;
}

function splitHeader(raw: Buffer): { head: string; rest: Buffer; eol: string } {
  // latin1 maps bytes 1:1, so 8-bit header bytes survive the round trip untouched
  const text = raw.toString('latin1');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf <= lf)) return { head: text.slice(0, crlf), rest: raw.subarray(crlf), eol: '\r\n' };
  if (lf !== -1) return { head: text.slice(0, lf), rest: raw.subarray(lf), eol: '\n' };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { head: text.replace(/(\r?\n)+$/, ''), rest: Buffer.from(eol + eol, 'latin1'), eol };
}

/** Header lines with their continuation lines attached (folding kept as is). */
function unfoldedLines(head: string, eol: string): string[] {
  const out: string[] = [];
  for (const line of head.split(eol)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 0) out[out.length - 1] += eol + line;
    else if (line !== '') out.push(line);
  }
  return out;
}
