import { OVERRIDE_LOCALES } from './constants.js';
import { at, childrenNamed } from './tree.js';
import type { XmlElement } from './xml.js';

type ResourceKind = 'Image' | 'Url' | 'ShortString' | 'LongString';

const GROUPS: ReadonlyArray<{ group: string; item: string; kind: ResourceKind }> = [
  { group: 'Images', item: 'Image', kind: 'Image' },
  { group: 'Urls', item: 'Url', kind: 'Url' },
  { group: 'ShortStrings', item: 'String', kind: 'ShortString' },
  { group: 'LongStrings', item: 'String', kind: 'LongString' },
];

/** What a `resid` on an element of this name must point at (VersionOverrides reference pages). */
const EXPECTED_KIND: Readonly<Record<string, ResourceKind>> = {
  Image: 'Image',
  SourceLocation: 'Url',
  FunctionFile: 'Url',
  Runtime: 'Url',
  Override: 'Url',
  Label: 'ShortString',
  Title: 'ShortString',
  Description: 'LongString',
};

/** Resource id limit (VersionOverrides Description reference: "no more than 32 characters"). */
const MAX_RESID = 32;
/** bt:ShortStrings hold ≤ 125 characters, bt:LongStrings ≤ 250 (microsoft.md §1.4; Resources reference). */
const MAX_LENGTH: Readonly<Record<ResourceKind, number>> = { Image: 2048, Url: 2048, ShortString: 125, LongString: 250 };

/** Elements of one VersionOverrides, without those of a nested VersionOverrides (which has its own Resources). */
function* ownElements(element: XmlElement): Generator<XmlElement> {
  for (const kid of element.children) {
    if (kid.local === 'VersionOverrides') continue;
    yield kid;
    yield* ownElements(kid);
  }
}

/**
 * Checks one VersionOverrides' resources: ids unique and short, strings within their length and
 * translated into every override locale, every `resid` defined and of the right kind, nothing unused.
 * A nested VersionOverrides inherits nothing from its parent (versionoverrides-1-1-mail reference),
 * so each level is checked against its own Resources.
 */
export function checkResources(versionOverrides: XmlElement): string[] {
  const problems: string[] = [];
  const defined = new Map<string, { kind: ResourceKind; element: XmlElement }>();
  for (const resources of childrenNamed(versionOverrides, 'Resources')) {
    for (const { group, item, kind } of GROUPS) {
      for (const groupElement of childrenNamed(resources, group)) {
        for (const resource of childrenNamed(groupElement, item)) problems.push(...checkDefinition(resource, kind, defined));
      }
    }
  }
  const used = new Set<string>();
  for (const element of ownElements(versionOverrides)) {
    const resid = element.attributes.get('resid');
    if (resid === undefined) continue;
    used.add(resid);
    const definition = defined.get(resid);
    const expected = EXPECTED_KIND[element.local];
    if (definition === undefined) problems.push(`${at(element)}: <${element.name}> refers to resid "${resid}", which no resource defines`);
    else if (expected !== undefined && definition.kind !== expected) {
      problems.push(`${at(element)}: <${element.name}> needs a ${expected} resource but "${resid}" is a ${definition.kind}`);
    }
  }
  for (const [id, { element }] of defined) {
    if (!used.has(id)) problems.push(`${at(element)}: resource "${id}" is defined but never used`);
  }
  return problems;
}

function checkDefinition(resource: XmlElement, kind: ResourceKind, defined: Map<string, { kind: ResourceKind; element: XmlElement }>): string[] {
  const problems: string[] = [];
  const id = resource.attributes.get('id');
  const value = resource.attributes.get('DefaultValue');
  if (id === undefined || id === '') return [`${at(resource)}: <${resource.name}> has no id`];
  if (id.length > MAX_RESID) problems.push(`${at(resource)}: resource id "${id}" is longer than ${MAX_RESID} characters`);
  if (defined.has(id)) problems.push(`${at(resource)}: resource id "${id}" is defined more than once`);
  else defined.set(id, { kind, element: resource });
  if (value === undefined || value.trim() === '') problems.push(`${at(resource)}: resource "${id}" has no DefaultValue`);
  for (const text of [value ?? '', ...childrenNamed(resource, 'Override').map((o) => o.attributes.get('Value') ?? '')]) {
    if (text.length > MAX_LENGTH[kind]) problems.push(`${at(resource)}: resource "${id}" has a value longer than ${MAX_LENGTH[kind]} characters`);
  }
  if (kind === 'ShortString' || kind === 'LongString') problems.push(...checkOverrides(resource, `resource "${id}"`));
  return problems;
}

/** Every user-visible string carries an Override with a non-empty Value for each locale we ship. */
export function checkOverrides(element: XmlElement, label: string): string[] {
  const problems: string[] = [];
  const overrides = childrenNamed(element, 'Override');
  for (const locale of OVERRIDE_LOCALES) {
    const override = overrides.find((o) => o.attributes.get('Locale') === locale);
    if (override === undefined || (override.attributes.get('Value') ?? '').trim() === '') {
      problems.push(`${at(element)}: ${label} has no ${locale} Override`);
    }
  }
  return problems;
}
