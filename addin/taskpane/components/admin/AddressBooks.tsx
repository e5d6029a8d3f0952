import { useCallback } from 'react';
import type { AddressBook } from '../../../../shared/admin-api.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { AddressBookForm } from './AddressBookForm.js';
import { useAdminStyles } from './admin-styles.js';
import { describeAudience } from './AudienceFields.js';
import { CrudSection } from './CrudSection.js';
import { useDepartments } from './departments.js';

/** Extra address books viewers can switch to in the directory (`/api/admin/address-books`). */
export function AddressBooks() {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const { api } = useServices();
  const { nameOf } = useDepartments();
  const load = useCallback((signal: AbortSignal) => api.admin.addressBooks({ signal }), [api]);

  const summaryOf = (book: AddressBook) => {
    const contents: string[] = [];
    if (book.deptIds.length > 0) contents.push(at.departmentList(at.list(book.deptIds.map(nameOf))));
    if (book.userids.length > 0) contents.push(at.peopleCount(book.userids.length));
    // why `?? []`: a server from before external contacts omits the list
    const externals = book.externalContacts ?? [];
    if (externals.length > 0) contents.push(at.externalCount(externals.length));
    return (
      <>
        <p className={styles.itemText}>{contents.length === 0 ? at.none : contents.join(' · ')}</p>
        <p className={styles.itemText}>
          {at.bookViewers}: {describeAudience(book.viewers, at, nameOf)}
        </p>
      </>
    );
  };

  return (
    <CrudSection<AddressBook>
      description={at.booksDescription}
      addLabel={at.addBook}
      emptyText={at.noBooks}
      load={load}
      keyOf={(book) => book.id}
      titleOf={(book) => book.name}
      summaryOf={summaryOf}
      remove={(book) => api.admin.deleteAddressBook(book.id)}
      renderForm={(book, done) => <AddressBookForm book={book} done={done} />}
    />
  );
}
