import { Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import type { AddressBook, AddressBookInput, Audience } from '../../../../shared/admin-api.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { AudienceFields } from './AudienceFields.js';
import { DepartmentPicker } from './DepartmentPicker.js';
import { ExternalContactsEditor } from './ExternalContactsEditor.js';
import { fromDrafts, hasProblems, toDrafts, type ExternalContactDraft } from './external-contact-drafts.js';
import { FormShell } from './FormShell.js';
import { PersonPicker } from './PersonPicker.js';
import { useSubmit } from './use-submit.js';

/** `AddressBookInput.name` maxLength (shared/admin-api.ts) */
const NAME_MAX = 100;
const EVERYONE: Audience = { everyone: true, deptIds: [], userids: [] };

export interface AddressBookFormProps {
  /** null: a new book */
  book: AddressBook | null;
  done: (saved: boolean) => void;
}

/** Creates (`POST`) or updates (`PUT …/:id`) an address book. */
export function AddressBookForm({ book, done }: AddressBookFormProps) {
  const at = useAdminStrings();
  const { api } = useServices();
  const submit = useSubmit();
  const [name, setName] = useState(book?.name ?? '');
  const [deptIds, setDeptIds] = useState<number[]>(book?.deptIds ?? []);
  const [userids, setUserids] = useState<string[]>(book?.userids ?? []);
  // why `toDrafts` accepts undefined: a server from before external contacts omits the list
  const [externals, setExternals] = useState<ExternalContactDraft[]>(() => toDrafts(book?.externalContacts));
  const [viewers, setViewers] = useState<Audience>(book?.viewers ?? EVERYONE);
  const [showErrors, setShowErrors] = useState(false);
  const nameMissing = name.trim() === '';

  const save = async (): Promise<void> => {
    setShowErrors(true);
    if (nameMissing || hasProblems(externals)) return;
    const input: AddressBookInput = { name: name.trim(), deptIds, userids, externalContacts: fromDrafts(externals), viewers };
    const ok = await submit.run(() => (book === null ? api.admin.createAddressBook(input) : api.admin.updateAddressBook(book.id, input)));
    if (ok) done(true);
  };

  return (
    <FormShell
      heading={book === null ? at.newBook : at.editBook(book.name)}
      busy={submit.busy}
      error={submit.error}
      onSubmit={() => void save()}
      onCancel={() => done(false)}
    >
      <Field label={at.bookName} required {...(showErrors && nameMissing ? { validationMessage: at.required, validationState: 'error' as const } : {})}>
        <Input value={name} maxLength={NAME_MAX} onChange={(_event, data) => setName(data.value)} />
      </Field>
      <DepartmentPicker label={at.bookDepartments} value={deptIds} onChange={setDeptIds} />
      <PersonPicker label={at.bookPeople} value={userids} onChange={setUserids} />
      <ExternalContactsEditor value={externals} onChange={setExternals} showErrors={showErrors} />
      <AudienceFields legend={at.bookViewers} value={viewers} onChange={setViewers} />
    </FormShell>
  );
}
