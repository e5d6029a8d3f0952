import { collectUrls, manifestBase } from './check-urls.js';
import { ALLOWED_EXTERNAL_ORIGINS, PLACEHOLDER_CLIENT_ID } from './constants.js';
import { GUID, child, childrenNamed, textOf } from './tree.js';
import { XmlError, parseXml, type XmlElement } from './xml.js';

export interface RenderOptions {
  /** four-part manifest Version (see toManifestVersion); unset = keep the template's */
  version?: string;
  /** Entra client id of our API; unset = drop the template's placeholder WebApplicationInfo */
  apiClientId?: string;
  /** extra https origins the pane may navigate to on desktop (e.g. a federated sign-in page) */
  appDomains?: string[];
}

/** A base URL, version, client id or template renderManifest cannot use; the message says why. */
export class ManifestRenderError extends Error {
  override readonly name = 'ManifestRenderError';
}

const DEV_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Normalises a deployment base URL (`https://bridge.example.com/`, `https://x.com/bridge`) to origin
 * plus path without a trailing slash. Outlook loads add-in pages, scripts and icons only over https
 * (microsoft.md §1.2), so http is accepted only for localhost / 127.0.0.1 during development.
 */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ManifestRenderError(`"${text}" is not a URL; give the deployment's base URL, e.g. https://bridge.example.com`);
  }
  if (url.protocol === 'http:' && !DEV_HOSTS.has(url.hostname)) {
    throw new ManifestRenderError(`${text} uses http; Outlook loads add-ins only over https (http is allowed only for localhost and 127.0.0.1 during development)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ManifestRenderError(`${text} must be an https URL`);
  if (url.username !== '' || url.password !== '') throw new ManifestRenderError(`${text} must not carry a user name or password`);
  if (url.search !== '' || url.hash !== '') throw new ManifestRenderError(`${text} must not have a query or fragment; give only the base the add-in is served under`);
  // why: the path is pasted into XML and into every URL; plain characters keep that safe without escaping
  if (!/^[A-Za-z0-9._~/-]*$/.test(url.pathname)) throw new ManifestRenderError(`the path of ${text} may contain only letters, digits and - . _ ~ /`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** package.json's `x.y.z` as the manifest's four-part `x.y.z.0` (microsoft.md §1.2: Version is n.n.n.n). */
export function toManifestVersion(version: string): string {
  const match = /^(\d{1,5})\.(\d{1,5})\.(\d{1,5})$/.exec(version);
  if (match === null) throw new ManifestRenderError(`package version "${version}" is not x.y.z (numbers only); the manifest Version must be four numbers`);
  return `${version}.0`;
}

/**
 * Rewrites a manifest (the repository's template, or one already rendered) for a deployment: every
 * URL on the manifest's current base moves to `baseUrl`, the WebApplicationInfo Resource to
 * `api://<new host>/…`, AppDomains get the new origin (plus `appDomains`), and Version and the API
 * client id are set when given. Text, comments and layout are otherwise kept. Idempotent: rendering
 * the result again with the same arguments returns it unchanged.
 * Throws ManifestRenderError for an unusable base URL, version, client id or template.
 */
export function renderManifest(template: string, baseUrl: string, options: RenderOptions = {}): string {
  const base = parseBaseUrl(baseUrl);
  const target = new URL(base);
  const original = parseManifest(template);
  const current = manifestBase(original);
  if (typeof current === 'string') throw new ManifestRenderError(`cannot find the manifest's base URL: ${current}`);
  const listedDomains = childrenNamed(child(original, 'AppDomains') ?? original, 'AppDomain').map((d) => textOf(d));

  let xml = template.replace(new RegExp(`${escapeRegExp(current.base)}(?=[/"'<\\s?#]|$)`, 'g'), base);
  xml = xml.replaceAll(`api://${current.host}/`, `api://${target.host}/`);
  const domains = [target.origin, ...listedDomains.filter((d) => d !== current.origin), ...checkedAppDomains(options.appDomains ?? [])];
  xml = renderAppDomains(xml, domains);
  if (options.version !== undefined) {
    if (!/^\d{1,5}(\.\d{1,5}){3}$/.test(options.version)) throw new ManifestRenderError(`version "${options.version}" is not four numbers n.n.n.n (use toManifestVersion for x.y.z)`);
    const version = child(parseManifest(xml), 'Version');
    if (version === undefined) throw new ManifestRenderError('the manifest has no <Version>');
    xml = splice(xml, version.start, version.end, `<Version>${options.version}</Version>`);
  }
  xml = renderWebApplicationInfo(xml, target.host, options.apiClientId);

  const stray = collectUrls(parseManifest(xml))
    .map(({ url }) => url)
    .filter((url) => !isUnder(url, base) && !domains.includes(url) && !url.startsWith(`api://${target.host}/`) && !ALLOWED_EXTERNAL_ORIGINS.some((origin) => isUnder(url, origin)));
  if (stray.length > 0) throw new ManifestRenderError(`these URLs are not under the manifest's base ${current.base}, so they were not rewritten: ${[...new Set(stray)].join(', ')}`);
  return xml;
}

function parseManifest(xml: string): XmlElement {
  try {
    return parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw new ManifestRenderError(`the manifest is not well-formed XML: ${error.message}`);
    throw error;
  }
}

function checkedAppDomains(domains: readonly string[]): string[] {
  for (const domain of domains) {
    let url: URL | null = null;
    try {
      url = new URL(domain);
    } catch {
      // reported below
    }
    if (url === null || url.protocol !== 'https:' || url.origin !== domain) throw new ManifestRenderError(`app domain "${domain}" must be an https origin such as https://login.contoso.com`);
  }
  return [...domains];
}

/** Writes the AppDomains element anew with `domains` (duplicates dropped), in the template's indentation. */
function renderAppDomains(xml: string, domains: readonly string[]): string {
  const element = child(parseManifest(xml), 'AppDomains');
  if (element === undefined) throw new ManifestRenderError('the manifest has no <AppDomains>');
  const outer = indentationAt(xml, element.start);
  const first = element.children[0];
  const inner = first !== undefined ? indentationAt(xml, first.start) : `${outer}  `;
  const body = [...new Set(domains)].map((d) => `\n${inner}<AppDomain>${d}</AppDomain>`).join('');
  return splice(xml, element.start, element.end, `<AppDomains>${body}\n${outer}</AppDomains>`);
}

/** Sets the API client id, or drops a WebApplicationInfo that still holds the template placeholder. */
function renderWebApplicationInfo(xml: string, host: string, apiClientId: string | undefined): string {
  const v11 = child(parseManifest(xml), 'VersionOverrides')?.children.find((el) => el.local === 'VersionOverrides');
  const info = v11 === undefined ? undefined : child(v11, 'WebApplicationInfo');
  if (apiClientId === undefined) {
    if (info === undefined || textOf(child(info, 'Id')) !== PLACEHOLDER_CLIENT_ID) return xml;
    // why: NAA needs no WebApplicationInfo (microsoft.md §1.7), and a placeholder id would make the
    // admin center ask consent for an application that does not exist
    const lineStart = xml.lastIndexOf('\n', info.start);
    return splice(xml, lineStart, info.end, '');
  }
  if (!GUID.test(apiClientId) || apiClientId === PLACEHOLDER_CLIENT_ID) throw new ManifestRenderError(`API client id "${apiClientId}" is not an Entra application (client) id (a GUID)`);
  if (info === undefined) throw new ManifestRenderError('the manifest has no <WebApplicationInfo> to put the API client id in; render from the template (manifest.xml)');
  const id = apiClientId.toLowerCase();
  const idElement = child(info, 'Id');
  const resource = child(info, 'Resource');
  if (idElement === undefined || resource === undefined) throw new ManifestRenderError('WebApplicationInfo needs <Id> and <Resource>');
  // why: splice the later element first so the earlier offsets stay valid
  const withResource = splice(xml, resource.start, resource.end, `<Resource>api://${host}/${id}</Resource>`);
  return splice(withResource, idElement.start, idElement.end, `<Id>${id}</Id>`);
}

/** The white space between the start of the line and `offset`. */
function indentationAt(xml: string, offset: number): string {
  const lineStart = xml.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(xml.slice(lineStart, offset))?.[0] ?? '';
}

function splice(text: string, start: number, end: number, replacement: string): string {
  return `${text.slice(0, start)}${replacement}${text.slice(end)}`;
}

/** True when `url` is `prefix` itself or lies below it (`prefix/…`, `prefix?…`). */
function isUnder(url: string, prefix: string): boolean {
  return url.startsWith(prefix) && (url.length === prefix.length || /^[/?#]/.test(url.slice(prefix.length)));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
