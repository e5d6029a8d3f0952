import { pinyin } from 'pinyin-pro';
import type { AddressBook, ExternalContact } from '../../shared/admin-api.js';
import type { PersonDetail, SearchResult } from '../../shared/directory-api.js';

const EXTERNAL_PREFIX = 'ext:';

/** The userid an external contact is known by: `ext:<book id>:<index>` (stable while the book is not edited). */
export function externalUserid(bookId: string, index: number): string {
  return `${EXTERNAL_PREFIX}${bookId}:${index}`;
}

export function isExternalUserid(userid: string): boolean {
  return userid.startsWith(EXTERNAL_PREFIX);
}

/** The book id and index of an external userid, or null when it is not one. */
export function parseExternalUserid(userid: string): { bookId: string; index: number } | null {
  if (!isExternalUserid(userid)) return null;
  const rest = userid.slice(EXTERNAL_PREFIX.length);
  const colon = rest.lastIndexOf(':');
  const index = Number(rest.slice(colon + 1));
  return colon <= 0 || !Number.isInteger(index) || index < 0 ? null : { bookId: rest.slice(0, colon), index };
}

/**
 * The book's external contacts matching `query` by name (characters, full pinyin or initials), e-mail,
 * company or title. A book holds at most a few hundred, so a scan is cheap; they rank after directory
 * people (tier `fuzzy`), who are what a search usually looks for.
 */
export function searchExternal(book: AddressBook, query: string, limit: number): SearchResult[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (q === '') return [];
  const results: SearchResult[] = [];
  book.externalContacts.forEach((contact, index) => {
    if (results.length >= limit || !keysOf(contact).some((key) => key.includes(q))) return;
    results.push({ ...summaryOf(book.id, index, contact), tier: 'fuzzy', score: 0, frequent: false });
  });
  return results;
}

/** The contact card of an external contact. */
export function externalDetail(book: AddressBook, index: number): PersonDetail | null {
  const contact = book.externalContacts[index];
  if (contact === undefined) return null;
  return {
    ...summaryOf(book.id, index, contact),
    unionid: '',
    ...(contact.mobile === undefined ? {} : { mobile: contact.mobile }),
    active: true,
    leader: false,
    departmentPaths: [],
  };
}

function summaryOf(bookId: string, index: number, contact: ExternalContact) {
  return {
    userid: externalUserid(bookId, index),
    name: contact.name,
    ...(contact.title === undefined ? {} : { title: contact.title }),
    ...(contact.email === undefined ? {} : { email: contact.email }),
    ...(contact.company === undefined ? {} : { company: contact.company }),
    departments: [],
    external: true,
  };
}

function keysOf(contact: ExternalContact): string[] {
  const name = contact.name.toLowerCase().replace(/\s+/g, '');
  const syllables = pinyin(contact.name, { toneType: 'none', type: 'array', nonZh: 'removed' });
  return [
    name,
    syllables.join(''),
    syllables.map((s) => s.charAt(0)).join(''),
    (contact.email ?? '').toLowerCase(),
    (contact.company ?? '').toLowerCase().replace(/\s+/g, ''),
    (contact.title ?? '').toLowerCase(),
  ].filter((k) => k !== '');
}
