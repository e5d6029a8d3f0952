import { Field, Select } from '@fluentui/react-components';
import type { AddressBookChoice } from '../../../shared/admin-api.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** The option value of the viewer's default directory (no `book` parameter). */
const DEFAULT_BOOK = '';

export interface AddressBookSwitcherProps {
  books: AddressBookChoice[];
  /** the chosen book's id; undefined = the default directory */
  value: string | undefined;
  onChange: (book: string | undefined) => void;
}

/** Switches the directory between the viewer's default directory and the extra address books they may use. */
export function AddressBookSwitcher({ books, value, onChange }: AddressBookSwitcherProps) {
  const { t } = useI18n();
  return (
    <Field label={t.addressBookLabel}>
      <Select value={value ?? DEFAULT_BOOK} onChange={(_event, data) => onChange(data.value === DEFAULT_BOOK ? undefined : data.value)}>
        <option value={DEFAULT_BOOK}>{t.defaultAddressBook}</option>
        {books.map((book) => (
          <option key={book.id} value={book.id}>
            {book.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}
