import type { ExternalContact } from '../../../../shared/admin-api.js';

/** `AddressBookInput.externalContacts` maxItems (shared/admin-api.ts) */
export const EXTERNAL_CONTACTS_MAX = 500;

/** maxLength of each `ExternalContact` field (shared/admin-api.ts) */
export const EXTERNAL_FIELD_MAX = { name: 100, email: 254, company: 100, title: 100, mobile: 40 } as const;

export type ExternalField = keyof typeof EXTERNAL_FIELD_MAX;
export const EXTERNAL_FIELDS: readonly ExternalField[] = ['name', 'email', 'company', 'title', 'mobile'];

/** One row of the editor: every field as typed, plus a key that stays with the row when others are removed. */
export type ExternalContactDraft = Record<ExternalField, string> & { key: number };

/** same shape check as the role form; the server's `format: 'email'` has the last word */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

let nextKey = 1;

export function emptyDraft(): ExternalContactDraft {
  return { key: nextKey++, name: '', email: '', company: '', title: '', mobile: '' };
}

/** The rows of a saved book; a server from before external contacts sends no list (= none). */
export function toDrafts(contacts: readonly ExternalContact[] | undefined): ExternalContactDraft[] {
  return (contacts ?? []).map((contact) => ({
    key: nextKey++,
    name: contact.name,
    email: contact.email ?? '',
    company: contact.company ?? '',
    title: contact.title ?? '',
    mobile: contact.mobile ?? '',
  }));
}

/** What is saved: trimmed, and empty optional fields left out (the schema rejects an empty e-mail). */
export function fromDrafts(drafts: readonly ExternalContactDraft[]): ExternalContact[] {
  return drafts.map((draft) => {
    const contact: ExternalContact = { name: draft.name.trim() };
    for (const field of ['email', 'company', 'title', 'mobile'] as const) {
      const value = draft[field].trim();
      if (value !== '') contact[field] = value;
    }
    return contact;
  });
}

export interface DraftProblems {
  nameMissing: boolean;
  emailInvalid: boolean;
}

export function draftProblems(draft: ExternalContactDraft): DraftProblems {
  const email = draft.email.trim();
  return { nameMissing: draft.name.trim() === '', emailInvalid: email !== '' && !EMAIL_SHAPE.test(email) };
}

export function hasProblems(drafts: readonly ExternalContactDraft[]): boolean {
  return drafts.some((draft) => {
    const problems = draftProblems(draft);
    return problems.nameMissing || problems.emailInvalid;
  });
}
