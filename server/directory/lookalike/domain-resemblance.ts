import { skeleton } from './confusables.js';
import { withinOneEdit } from './edit-distance.js';

/**
 * How a recipient's domain relates to one of the organisation's own domains:
 * - 'one-off': one edit or a confusable character away (dingdemo.examp1e.com, exаmple.com in Cyrillic)
 *   — a typo or a phishing registration, worth a warning on its own;
 * - 'lookalike': a looser family resemblance (other TLD, dots turned into hyphens, the brand name
 *   inside another domain: example.com.cn, dingdemo-example.com, example-mail.com) — only suspicious
 *   together with a colleague's local part;
 * - null: unrelated.
 */
export type DomainRelation = 'one-off' | 'lookalike' | null;

/** Second-level labels under which registrations are made (example.com.cn, example.co.uk). */
const SECOND_LEVEL = new Set(['com', 'net', 'org', 'gov', 'edu', 'ac', 'co']);
/** A brand shorter than this is too likely to occur inside unrelated domain names. */
const MIN_BRAND = 4;

export function domainRelation(domain: string, internal: string): DomainRelation {
  // A parent or subdomain of our own domain is our own organisation (mail.example.com, example.com).
  if (domain === internal || internal.endsWith(`.${domain}`) || domain.endsWith(`.${internal}`)) return null;
  const folded = skeleton(domain);
  const internalFolded = skeleton(internal);
  if (folded === internalFolded || withinOneEdit(domain, internal)) return 'one-off';
  if (compact(folded) === compact(internalFolded)) return 'lookalike';
  const core = registrableCore(folded);
  const internalCore = registrableCore(internalFolded);
  if (core.join('.') === internalCore.join('.')) return 'lookalike';
  const brand = internalCore[internalCore.length - 1];
  if (brand !== undefined && brand.length >= MIN_BRAND && compact(folded).includes(brand.replace(/-/g, ''))) return 'lookalike';
  return null;
}

/** The labels before the public suffix (guessed: the last label, plus com/net/… before it). */
function registrableCore(domain: string): string[] {
  const labels = domain.split('.');
  labels.pop();
  if (labels.length > 1 && SECOND_LEVEL.has(labels[labels.length - 1] ?? '')) labels.pop();
  return labels;
}

function compact(domain: string): string {
  return domain.replace(/[.-]/g, '');
}
