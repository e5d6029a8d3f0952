import { descendants, type XmlElement } from './xml.js';

/** Namespaces of the add-in-only manifest (microsoft.md §1.1). */
export const NS = {
  officeApp: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  mailOverrides10: 'http://schemas.microsoft.com/office/mailappversionoverrides',
  mailOverrides11: 'http://schemas.microsoft.com/office/mailappversionoverrides/1.1',
} as const;

/** `xsi:type` of an element, without a prefix (`bt:` never appears in the types the manifest uses). */
export function xsiType(element: XmlElement): string | undefined {
  return element.attributes.get('xsi:type');
}

/** Direct children with this local name (and, when given, this xsi:type). */
export function childrenNamed(element: XmlElement, local: string, type?: string): XmlElement[] {
  return element.children.filter((child) => child.local === local && (type === undefined || xsiType(child) === type));
}

/** The first child with this local name (and xsi:type); undefined when there is none. */
export function child(element: XmlElement, local: string, type?: string): XmlElement | undefined {
  return childrenNamed(element, local, type)[0];
}

/** Follows a path of local names from `element`, first match at each step. */
export function path(element: XmlElement, ...locals: string[]): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const local of locals) current = current === undefined ? undefined : child(current, local);
  return current;
}

/** Every element below `element` with this local name, in document order. */
export function allNamed(element: XmlElement, local: string, type?: string): XmlElement[] {
  return [...descendants(element)].filter((el) => el.local === local && (type === undefined || xsiType(el) === type));
}

/** `line N` for problem messages. */
export function at(element: XmlElement): string {
  return `line ${element.line}`;
}

/** Text content with surrounding white space removed. */
export function textOf(element: XmlElement | undefined): string {
  return element === undefined ? '' : element.text.trim();
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
