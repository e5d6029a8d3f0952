import { domainToUnicode } from 'node:url';

/** An e-mail address split and normalised for comparison. */
export interface ParsedAddress {
  /** the address as written, without surrounding whitespace or angle brackets */
  text: string;
  /** lowercased local part */
  local: string;
  /** the local part as written: case matters to the eye (capital I looks like l, lowercase i does not) */
  rawLocal: string;
  /** lowercased domain in Unicode form (punycode labels decoded), without a trailing dot */
  domain: string;
  /** `local@domain`: the form two equal addresses share */
  key: string;
}

/** RFC 5321 §4.5.3.1.1: a local part has at most 64 octets; longer input is not an address. */
const MAX_LOCAL = 64;
/** RFC 5321 §4.5.3.1.2: at most 255 octets of domain. */
const MAX_DOMAIN = 255;

/**
 * Parses `local@domain` (optionally in angle brackets, as Outlook sometimes hands them over), or
 * returns null for anything that is not an address. Comparison is case-insensitive: local parts are
 * case-sensitive in theory (RFC 5321 §2.4) but every mail system our users write to folds them.
 * Punycode domains (xn--…) are decoded so an IDN lookalike compares by what the user sees.
 */
export function parseAddress(raw: string): ParsedAddress | null {
  // why the test before trim(): the index keeps `text`, and V8 copies on trim() even when nothing changes
  let text = /^\s|\s$/.test(raw) ? raw.trim() : raw;
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;
  const rawLocal = text.slice(0, at);
  const local = rawLocal.toLowerCase();
  let domain = text.slice(at + 1).toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (local.length > MAX_LOCAL || domain.length === 0 || domain.length > MAX_DOMAIN || /\s/.test(local + domain)) return null;
  if (domain.includes('xn--')) {
    // domainToUnicode answers '' for a malformed punycode label; keep the raw text then
    const decoded = domainToUnicode(domain);
    if (decoded !== '') domain = decoded;
  }
  return { text, local, rawLocal, domain, key: `${local}@${domain}` };
}
