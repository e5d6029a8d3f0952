import { checkLaunchEvents, checkRequirementSets, checkTaskpaneButtons, checkWebApplicationInfo } from './check-features.js';
import { checkOverrides, checkResources } from './check-resources.js';
import { checkUrls, manifestBase, type ManifestBase } from './check-urls.js';
import { ADDIN_ID, ALLOWED_EXTERNAL_ORIGINS, ANCHOR_PATH, PERMISSIONS, iconPath } from './constants.js';
import { checkChildOrder } from './schema-order.js';
import { GUID, NS, allNamed, at, child, childrenNamed, path, textOf, xsiType } from './tree.js';
import { XmlError, descendants, parseXml, type XmlElement } from './xml.js';

export interface ManifestExpectations {
  /** deployment base URL the manifest must be rendered for */
  baseUrl?: string;
  /** the four-part Version it must carry (from package.json, see toManifestVersion) */
  version?: string;
  /** AppDomain origins besides the deployment's and Microsoft sign-in (renderManifest's appDomains) */
  appDomains?: readonly string[];
}

/** Elements that live in the bt: (officeappbasictypes) namespace inside VersionOverrides. */
const BT_ELEMENTS = new Set(['Sets', 'Set', 'Images', 'Image', 'Urls', 'Url', 'ShortStrings', 'LongStrings', 'String']);

/**
 * Structural problems of an add-in-only Mail manifest, offline (Microsoft's validator needs its web
 * service, microsoft.md §1.8): well-formed XML, schema child order, ids, version, requirement sets,
 * resources, URLs and this add-in's buttons and launch events. An empty list means no problem found.
 */
export function checkManifestStructure(xml: string, expect: ManifestExpectations = {}): string[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) return [`not well-formed XML: ${error.message}`];
    throw error;
  }
  if (root.local !== 'OfficeApp' || root.ns !== NS.officeApp || xsiType(root) !== 'MailApp') {
    return [`the root must be <OfficeApp xmlns="${NS.officeApp}" xsi:type="MailApp">`];
  }
  const problems: string[] = [];
  for (const [prefix, uri] of [['xsi', NS.xsi], ['bt', NS.bt]] as const) {
    if (root.attributes.get(`xmlns:${prefix}`) !== uri) problems.push(`<OfficeApp> must declare xmlns:${prefix}="${uri}"`);
  }
  for (const element of [root, ...descendants(root)]) problems.push(...checkChildOrder(element));
  problems.push(...checkIdentity(root, expect));

  const where = manifestBase(root);
  if (typeof where === 'string') return [...problems, where];
  if (expect.baseUrl !== undefined && where.base !== expect.baseUrl.replace(/\/+$/, '')) {
    problems.push(`the manifest is rendered for ${where.base}, not ${expect.baseUrl}`);
  }
  problems.push(...checkBaseManifest(root, where), ...checkUrls(root, where, expect.appDomains));

  const v10 = child(root, 'VersionOverrides');
  if (v10 === undefined) return problems;
  const v11 = v10.children.at(-1);
  if (v10.ns !== NS.mailOverrides10 || xsiType(v10) !== 'VersionOverridesV1_0') {
    return [...problems, `${at(v10)}: the outer <VersionOverrides> must be xmlns="${NS.mailOverrides10}" xsi:type="VersionOverridesV1_0"`];
  }
  if (v11 === undefined || v11.local !== 'VersionOverrides' || v11.ns !== NS.mailOverrides11 || xsiType(v11) !== 'VersionOverridesV1_1') {
    return [...problems, `${at(v10)}: the last child of VersionOverridesV1_0 must be <VersionOverrides xmlns="${NS.mailOverrides11}" xsi:type="VersionOverridesV1_1"> (microsoft.md §1.1)`];
  }
  for (const element of descendants(v10)) {
    if (BT_ELEMENTS.has(element.local) && element.ns !== NS.bt) problems.push(`${at(element)}: <${element.name}> must be in the bt: namespace`);
  }
  problems.push(
    ...checkResources(v10),
    ...checkResources(v11),
    ...checkRequirementSets(root, v11),
    ...checkTaskpaneButtons(v11, where),
    ...checkLaunchEvents(v11, where),
    ...checkWebApplicationInfo(v11, where),
  );
  return problems;
}

function checkIdentity(root: XmlElement, expect: ManifestExpectations): string[] {
  const problems: string[] = [];
  const id = textOf(child(root, 'Id'));
  if (!GUID.test(id)) problems.push(`<Id> "${id}" is not a GUID`);
  else if (id.toLowerCase() !== ADDIN_ID) problems.push(`<Id> ${id} differs from the add-in's fixed Id ${ADDIN_ID} (server/addin-manifest/constants.ts)`);
  const version = textOf(child(root, 'Version'));
  if (!/^\d{1,5}(\.\d{1,5}){3}$/.test(version)) problems.push(`<Version> "${version}" is not four numbers n.n.n.n`);
  else if (expect.version !== undefined && version !== expect.version) problems.push(`<Version> ${version} differs from ${expect.version} (package.json)`);
  if (textOf(child(root, 'DefaultLocale')) !== 'en-US') problems.push('<DefaultLocale> must be en-US');
  for (const name of ['DisplayName', 'Description']) {
    const element = child(root, name);
    if (element === undefined) continue;
    if ((element.attributes.get('DefaultValue') ?? '').trim() === '') problems.push(`${at(element)}: <${name}> has no DefaultValue`);
    problems.push(...checkOverrides(element, `<${name}>`));
  }
  return problems;
}

/** The base manifest: icons, AppDomains, Hosts, FormSettings, Permissions, Rule. */
function checkBaseManifest(root: XmlElement, where: ManifestBase): string[] {
  const problems: string[] = [];
  for (const [name, size] of [['IconUrl', 64], ['HighResolutionIconUrl', 128]] as const) {
    const value = child(root, name)?.attributes.get('DefaultValue');
    if (value !== `${where.base}${iconPath(size)}`) problems.push(`<${name}> must be ${where.base}${iconPath(size)} (got ${value ?? 'nothing'})`);
  }
  const domains = allNamed(child(root, 'AppDomains') ?? root, 'AppDomain').map((d) => textOf(d));
  for (const origin of [where.origin, ...ALLOWED_EXTERNAL_ORIGINS]) if (!domains.includes(origin)) problems.push(`<AppDomains> lacks ${origin}`);
  if (path(root, 'Hosts', 'Host')?.attributes.get('Name') !== 'Mailbox') problems.push('<Hosts> must hold <Host Name="Mailbox"/>');
  const forms = childrenNamed(child(root, 'FormSettings') ?? root, 'Form');
  for (const type of ['ItemRead', 'ItemEdit']) {
    const form = forms.find((f) => xsiType(f) === type);
    const location = form === undefined ? undefined : path(form, 'DesktopSettings', 'SourceLocation')?.attributes.get('DefaultValue');
    if (location !== `${where.base}${ANCHOR_PATH}`) problems.push(`<FormSettings> needs a Form xsi:type="${type}" whose SourceLocation is ${where.base}${ANCHOR_PATH}`);
  }
  const permissions = textOf(child(root, 'Permissions'));
  if (permissions !== PERMISSIONS) problems.push(`<Permissions> is ${permissions || 'missing'}; this add-in declares ${PERMISSIONS} (changing it needs every admin's consent again)`);
  const rule = child(root, 'Rule');
  const itemRules = rule === undefined ? [] : allNamed(rule, 'Rule', 'ItemIs').filter((r) => r.attributes.get('ItemType') === 'Message');
  const formTypes = new Set(itemRules.map((r) => r.attributes.get('FormType')));
  if (rule === undefined || xsiType(rule) !== 'RuleCollection' || rule.attributes.get('Mode') !== 'Or' || !(formTypes.has('ReadOrEdit') || (formTypes.has('Read') && formTypes.has('Edit')))) {
    problems.push('<Rule> must be a RuleCollection Mode="Or" activating on Message Read and Edit forms');
  }
  const highlighting = child(root, 'DisableEntityHighlighting');
  if (highlighting !== undefined && !['true', 'false'].includes(textOf(highlighting))) problems.push(`${at(highlighting)}: <DisableEntityHighlighting> must be true or false`);
  return problems;
}
