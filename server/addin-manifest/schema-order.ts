import { at, xsiType } from './tree.js';
import type { XmlElement } from './xml.js';

/**
 * Child order the manifest schemas require, for the elements this add-in uses. The XSDs declare
 * children as `xs:sequence`: an optional child may be left out, but when present it must sit in its
 * place, and Office rejects an out-of-order element with the same "not a valid child" error as a
 * misplaced one (microsoft.md §0.2, §1.2; office-js-docs-pr docs/develop/manifest-element-ordering.md).
 *
 * Sources per entry:
 * - OfficeApp (MailApp): microsoft.md §1.2, the OfficeApp sequence plus its MailApp extension.
 * - VersionOverridesV1_0 / V1_1: the MailAppVersionOverridesV1_0/V1_1 XSDs in office-js-docs-pr
 *   docs/overview/schemas/mail (Description, Requirements, Hosts, Resources, then the nested
 *   VersionOverrides in V1_0) and microsoft.md §1.4 for what V1_1 adds after Resources
 *   (WebApplicationInfo, EquivalentAddins, ConnectedServiceControls, ExtendedPermissions).
 * - MailHost: Runtimes precede DesktopFormFactor (§1.4); FormFactor = FunctionFile then ExtensionPoint+.
 * - Controls, Supertip, Group, tabs, Resources: the V1_1 XSD's UIControl/Button/Group/Tab sequences.
 * - LaunchEvent extension point: LaunchEvents then SourceLocation (§1.6).
 * An element not listed under a parent that has an entry is reported as unexpected: add it here with
 * its documented position before using it.
 */
interface Sequence {
  children: readonly string[];
  /** children that must be present */
  required?: readonly string[];
  /** children that may repeat (all others at most once) */
  repeatable?: readonly string[];
}

const ORDER: Record<string, Sequence> = {
  'OfficeApp[MailApp]': {
    children: ['Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'FormSettings', 'Permissions', 'Rule', 'DisableEntityHighlighting', 'VersionOverrides'],
    // The schema's required Mail children (§1.2) plus, for this add-in, VersionOverrides (buttons, events).
    required: ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'Requirements', 'FormSettings', 'Permissions', 'Rule', 'VersionOverrides'],
  },
  'VersionOverrides[VersionOverridesV1_0]': { children: ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides'] },
  'VersionOverrides[VersionOverridesV1_1]': {
    children: ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins', 'ConnectedServiceControls', 'ExtendedPermissions'],
    required: ['Hosts', 'Resources'],
  },
  'Host[MailHost]': { children: ['Runtimes', 'DesktopFormFactor', 'MobileFormFactor'] },
  Runtimes: { children: ['Runtime'], required: ['Runtime'], repeatable: ['Runtime'] },
  Runtime: { children: ['Override'], repeatable: ['Override'] },
  DesktopFormFactor: { children: ['FunctionFile', 'ExtensionPoint'], required: ['ExtensionPoint'], repeatable: ['ExtensionPoint'] },
  'ExtensionPoint[MessageReadCommandSurface]': { children: ['OfficeTab', 'CustomTab'], repeatable: ['OfficeTab', 'CustomTab'] },
  'ExtensionPoint[MessageComposeCommandSurface]': { children: ['OfficeTab', 'CustomTab'], repeatable: ['OfficeTab', 'CustomTab'] },
  'ExtensionPoint[LaunchEvent]': { children: ['LaunchEvents', 'SourceLocation'], required: ['LaunchEvents', 'SourceLocation'] },
  LaunchEvents: { children: ['LaunchEvent'], required: ['LaunchEvent'], repeatable: ['LaunchEvent'] },
  OfficeTab: { children: ['Group'], required: ['Group'], repeatable: ['Group'] },
  Group: { children: ['Label', 'Control'], required: ['Label', 'Control'], repeatable: ['Control'] },
  'Control[Button]': { children: ['Label', 'Supertip', 'Icon', 'Action'], required: ['Label', 'Supertip', 'Icon', 'Action'] },
  Supertip: { children: ['Title', 'Description'], required: ['Title', 'Description'] },
  Icon: { children: ['Image'], required: ['Image'], repeatable: ['Image'] },
  'Action[ShowTaskpane]': { children: ['TaskpaneId', 'SourceLocation', 'SupportsPinning'], required: ['SourceLocation'] },
  Resources: { children: ['Images', 'Urls', 'ShortStrings', 'LongStrings'] },
  Images: { children: ['Image'], repeatable: ['Image'] },
  Urls: { children: ['Url'], repeatable: ['Url'] },
  ShortStrings: { children: ['String'], repeatable: ['String'] },
  LongStrings: { children: ['String'], repeatable: ['String'] },
  WebApplicationInfo: { children: ['Id', 'Resource', 'Scopes'], required: ['Id', 'Resource'] },
  Scopes: { children: ['Scope'], repeatable: ['Scope'] },
  AppDomains: { children: ['AppDomain'], repeatable: ['AppDomain'] },
  Hosts: { children: ['Host'], required: ['Host'], repeatable: ['Host'] },
  Requirements: { children: ['Sets', 'Methods'], required: ['Sets'] },
  Sets: { children: ['Set'], required: ['Set'], repeatable: ['Set'] },
  FormSettings: { children: ['Form'], required: ['Form'], repeatable: ['Form'] },
  Form: { children: ['DesktopSettings', 'TabletSettings', 'PhoneSettings'], required: ['DesktopSettings'] },
  DesktopSettings: { children: ['SourceLocation', 'RequestedHeight'], required: ['SourceLocation'] },
  DisplayName: { children: ['Override'], repeatable: ['Override'] },
  Description: { children: ['Override'], repeatable: ['Override'] },
};

/** The order rule that applies to an element, if any (keyed by local name, or `Local[xsi:type]`). */
function ruleFor(element: XmlElement): { key: string; rule: Sequence } | undefined {
  const type = xsiType(element);
  const typed = type !== undefined ? `${element.local}[${type}]` : undefined;
  if (typed !== undefined && ORDER[typed] !== undefined) return { key: typed, rule: ORDER[typed] };
  const plain = ORDER[element.local];
  // A typed element without a typed entry (e.g. Rule[RuleCollection]) is not checked by a plain rule;
  // Form is the exception: ItemRead and ItemEdit share one sequence.
  if (plain === undefined || (typed !== undefined && element.local !== 'Form')) return undefined;
  return { key: element.local, rule: plain };
}

/** Problems with the order, multiplicity and presence of one element's children. */
export function checkChildOrder(element: XmlElement): string[] {
  const found = ruleFor(element);
  if (found === undefined) return [];
  const { key, rule } = found;
  const problems: string[] = [];
  let furthest = -1;
  let furthestName = '';
  const seen = new Set<string>();
  for (const kid of element.children) {
    const index = rule.children.indexOf(kid.local);
    if (index < 0) {
      problems.push(`${at(kid)}: <${kid.name}> is not expected in <${key}> (allowed, in order: ${rule.children.join(', ')})`);
      continue;
    }
    if (seen.has(kid.local) && !(rule.repeatable ?? []).includes(kid.local)) {
      problems.push(`${at(kid)}: <${kid.name}> appears more than once in <${key}>`);
    } else if (index < furthest) {
      problems.push(`${at(kid)}: <${kid.name}> must come before <${furthestName}> in <${key}> (schema order: ${rule.children.join(', ')})`);
    }
    if (index > furthest) {
      furthest = index;
      furthestName = kid.local;
    }
    seen.add(kid.local);
  }
  for (const name of rule.required ?? []) {
    if (!seen.has(name)) problems.push(`${at(element)}: <${key}> is missing <${name}>`);
  }
  return problems;
}
