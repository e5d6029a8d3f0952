import { Caption1, Field, makeStyles, SearchBox, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DirectoryChange, PersonSummary } from '../../../shared/directory-api.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useAddressBooks } from '../hooks/use-address-books.js';
import { useCurrentItem } from '../hooks/use-current-item.js';
import { useDirectoryChanges } from '../hooks/use-directory-changes.js';
import { useDirectorySearch } from '../hooks/use-directory-search.js';
import { useServices } from '../services.js';
import { AddressBookSwitcher } from './AddressBookSwitcher.js';
import { ContactCard } from './ContactCard.js';
import { DepartmentTree } from './DepartmentTree.js';
import { SearchResults } from './SearchResults.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  live: { color: tokens.colorStatusWarningForeground1 },
  announcement: {
    color: tokens.colorNeutralForeground2,
    borderInlineStartWidth: tokens.strokeWidthThick,
    borderInlineStartStyle: 'solid',
    borderInlineStartColor: tokens.colorBrandStroke1,
    paddingInlineStart: tokens.spacingHorizontalS,
  },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/**
 * The first view: search as you type, browse departments, open a contact card, address the draft.
 * Live directory changes patch what is shown (a person who left vanishes from the results at once).
 */
export function DirectoryView() {
  const styles = useStyles();
  const { t } = useI18n();
  const { api, host } = useServices();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<PersonSummary | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [treeGeneration, setTreeGeneration] = useState(0);
  const returnFocusTo = useRef<string | null>(null);
  const listArea = useRef<HTMLDivElement>(null);
  const books = useAddressBooks(api);
  // why: the extra address books sit beside the default directory, which is not a book and has no id;
  // the switcher appears once there is at least one book to switch to
  const [book, setBook] = useState<string | undefined>(undefined);
  const search = useDirectorySearch(api, query, { book });
  const { item } = useCurrentItem(host);

  const onChange = useCallback(
    (change: DirectoryChange) => {
      search.applyChange(change);
      const { query: shown, results } = search.state;
      if (change.kind === 'person.upserted' && shown !== '' && !results.some((r) => r.userid === change.userid)) {
        // A new hire (or someone whose name now matches): only the server knows whether they match the
        // query, so ask it again; the list updates without the user typing.
        search.refresh();
      } else if (change.kind === 'directory.resynced') {
        search.refresh();
        setTreeGeneration((n) => n + 1);
        setAnnouncement(t.directoryReloaded);
      } else if (change.kind === 'department.upserted' || change.kind === 'department.removed') {
        // why: department edits are rare; rebuilding the lazily loaded tree is simpler than patching it
        setTreeGeneration((n) => n + 1);
      }
    },
    [search, t],
  );
  const live = useDirectoryChanges(api, onChange);

  const open = (person: PersonSummary): void => {
    returnFocusTo.current = person.userid;
    setAnnouncement('');
    setSelected(person);
  };

  const back = (): void => setSelected(null);

  useEffect(() => {
    if (selected !== null || returnFocusTo.current === null) return;
    // why: after closing the card, keyboard users continue from the person they opened
    const userid = returnFocusTo.current;
    const target = [...(listArea.current?.querySelectorAll<HTMLElement>('[data-userid]') ?? [])].find((el) => el.dataset['userid'] === userid);
    target?.focus();
    returnFocusTo.current = null;
  }, [selected]);

  const trimmed = query.trim();
  const switchBook = (next: string | undefined): void => {
    setBook(next);
    setSelected(null);
    setAnnouncement('');
  };

  return (
    <div className={styles.root}>
      {books.length > 0 && <AddressBookSwitcher books={books} value={book} onChange={switchBook} />}
      <Field label={t.searchLabel}>
        <SearchBox
          value={query}
          placeholder={t.searchPlaceholder}
          onChange={(_event, data) => {
            setQuery(data.value);
            setSelected(null);
          }}
        />
      </Field>
      {live === 'reconnecting' && <Caption1 className={styles.live}>{t.liveReconnecting}</Caption1>}
      <div role="status" aria-live="polite" className={announcement === '' ? styles.visuallyHidden : styles.announcement}>
        {announcement}
      </div>
      <div ref={listArea}>
        {selected !== null ? (
          <ContactCard summary={selected} item={item} onBack={back} announce={setAnnouncement} book={book} />
        ) : trimmed !== '' ? (
          <SearchResults state={search.state} onOpen={open} onRetry={search.refresh} />
        ) : (
          <DepartmentTree key={`${book ?? ''}|${treeGeneration}`} onOpen={open} book={book} />
        )}
      </div>
      <div role="status" className={styles.visuallyHidden}>
        {search.state.status === 'done' && selected === null && trimmed !== '' ? t.resultCount(search.state.results.length) : ''}
      </div>
    </div>
  );
}
