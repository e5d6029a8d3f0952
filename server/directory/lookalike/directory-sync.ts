import type { LookalikeIndex } from './lookalike-index.js';

/**
 * One change to a person as the directory service reports it (structurally the service's PersonCard,
 * so this file does not depend on the service).
 */
export type PersonChange =
  | { kind: 'upserted'; person: { userid: string; name: string; email: string | null; orgEmail: string | null } }
  | { kind: 'removed'; userid: string };

/** A listener that keeps `index` equal to the directory: each person's e-mail and org e-mail. */
export function lookalikeSync(index: LookalikeIndex): (change: PersonChange) => void {
  return (change) => {
    if (change.kind === 'removed') index.remove(change.userid);
    else index.upsert(change.person.userid, change.person.name, [change.person.orgEmail, change.person.email]);
  };
}

/** Free-mail providers: many colleagues' personal addresses live there, yet they are not "ours". */
const PUBLIC_MAIL = new Set([
  'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', '139.com', '189.cn',
  'aliyun.com', 'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com',
  'icloud.com', 'me.com', 'proton.me', 'protonmail.com',
]);

export interface InternalDomainOptions {
  /** a domain is ours when at least this share of directory addresses use it (default 5 %) */
  minShare?: number;
  /** domains that are ours whatever their share (e.g. from configuration) */
  include?: readonly string[];
}

/**
 * The organisation's own mail domains, guessed from the directory: domains that a real share of the
 * addresses use, minus public free-mail providers. Cached per index version, so it can be passed as
 * the route's `internalDomains` getter and called on every request.
 */
export function internalDomainsOf(index: LookalikeIndex, options: InternalDomainOptions = {}): () => string[] {
  const minShare = options.minShare ?? 0.05;
  const include = (options.include ?? []).map((d) => d.trim().toLowerCase()).filter((d) => d !== '');
  let cached: { version: number; domains: string[] } | null = null;
  return () => {
    if (cached?.version === index.version) return cached.domains;
    const threshold = Math.max(1, index.size * minShare);
    const guessed = [...index.domainCounts()].filter(([domain, count]) => count >= threshold && !PUBLIC_MAIL.has(domain)).map(([domain]) => domain);
    cached = { version: index.version, domains: [...new Set([...include, ...guessed])] };
    return cached.domains;
  };
}
