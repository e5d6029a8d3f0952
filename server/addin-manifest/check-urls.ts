import { ALLOWED_EXTERNAL_ORIGINS, ANCHOR_PATH, EXPECTED_PATHS } from './constants.js';
import { at, path, xsiType } from './tree.js';
import { descendants, type XmlElement } from './xml.js';

/** Where a manifest is deployed, read from the manifest itself. */
export interface ManifestBase {
  /** origin plus path prefix, no trailing slash: `https://bridge.example.com` or `https://x.com/bridge` */
  base: string;
  origin: string;
  /** host with port when not the default, as in `api://<host>/…` */
  host: string;
  pathPrefix: string;
}

export interface FoundUrl {
  url: string;
  element: XmlElement;
}

const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * The deployment base of a manifest: the task pane URL of the read form (FormSettings, required in
 * every Mail manifest) minus `/addin/taskpane.html`. Returns a problem string when it cannot be read.
 */
export function manifestBase(root: XmlElement): ManifestBase | string {
  const form = path(root, 'FormSettings')?.children.find((el) => el.local === 'Form' && xsiType(el) === 'ItemRead');
  const location = form === undefined ? undefined : path(form, 'DesktopSettings', 'SourceLocation')?.attributes.get('DefaultValue');
  if (location === undefined) return 'FormSettings has no ItemRead form with a DesktopSettings SourceLocation DefaultValue';
  if (!location.endsWith(ANCHOR_PATH)) return `the ItemRead SourceLocation ${location} does not end with ${ANCHOR_PATH}`;
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return `the ItemRead SourceLocation ${location} is not a URL`;
  }
  const base = location.slice(0, -ANCHOR_PATH.length);
  return { base, origin: url.origin, host: url.host, pathPrefix: base.slice(url.origin.length) };
}

/** Every URL written in an attribute value or text of the manifest (namespace declarations excluded). */
export function collectUrls(root: XmlElement): FoundUrl[] {
  const found: FoundUrl[] = [];
  for (const element of [root, ...descendants(root)]) {
    const values = [...element.attributes].filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:')).map(([, value]) => value);
    for (const value of [...values, element.text]) {
      for (const match of value.matchAll(URL_IN_TEXT)) found.push({ url: match[0], element });
    }
  }
  return found;
}

/**
 * Checks every URL: https (Office loads add-in pages, scripts and icons over https only,
 * microsoft.md §1.2), on the deployment's own origin unless it is an allowed Microsoft sign-in origin,
 * and pointing at a page or icon the add-in build produces. `extraAppDomains` are further origins
 * allowed as AppDomain entries only. `api://` URLs are left to the WebApplicationInfo check.
 */
export function checkUrls(root: XmlElement, where: ManifestBase, extraAppDomains: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const { url, element } of collectUrls(root)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${at(element)}: ${url} is not a valid URL`);
      continue;
    }
    if (parsed.protocol === 'api:') {
      if (element.local !== 'Resource') problems.push(`${at(element)}: ${url}: api:// URLs belong only in WebApplicationInfo/Resource`);
      continue;
    }
    if (parsed.protocol !== 'https:') {
      problems.push(`${at(element)}: ${url} is not https; Outlook loads add-in pages, scripts and icons over https only`);
      continue;
    }
    if (ALLOWED_EXTERNAL_ORIGINS.includes(parsed.origin)) continue;
    if (element.local === 'AppDomain' && extraAppDomains.includes(url)) continue;
    if (parsed.origin !== where.origin) {
      problems.push(`${at(element)}: ${url} is not on the deployment host ${where.origin}`);
      continue;
    }
    if (element.local === 'AppDomain') {
      if (url !== parsed.origin) problems.push(`${at(element)}: AppDomain ${url} must be an origin (scheme and host, no path)`);
      continue;
    }
    const relative = parsed.pathname.startsWith(`${where.pathPrefix}/`) ? parsed.pathname.slice(where.pathPrefix.length) : null;
    if (relative === null || !EXPECTED_PATHS.includes(relative)) {
      problems.push(`${at(element)}: ${url} points at ${parsed.pathname}, which the add-in build does not produce (expected ${where.base} + one of ${EXPECTED_PATHS.join(', ')})`);
    }
  }
  return problems;
}
