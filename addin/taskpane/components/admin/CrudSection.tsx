import { Button, Spinner, useId } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons/svg/add';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { AdminErrorNotice } from './AdminErrorNotice.js';
import { useAdminStyles } from './admin-styles.js';
import { ItemRow } from './ItemRow.js';
import { useAdminList } from './use-admin-list.js';

interface Stamped {
  updatedAt: number;
  updatedBy: string;
}

export interface CrudSectionProps<T extends Stamped> {
  description: string;
  addLabel: string;
  emptyText: string;
  /** must keep its identity between renders (useCallback), or the list reloads on every render */
  load: (signal: AbortSignal) => Promise<T[]>;
  keyOf: (item: T) => string;
  titleOf: (item: T) => string;
  summaryOf: (item: T) => ReactNode;
  badgeOf?: (item: T) => ReactNode;
  /** false: no Edit button (the server has no update for it) */
  canEdit?: (item: T) => boolean;
  canRemove?: (item: T) => boolean;
  remove: (item: T) => Promise<void>;
  /** the create form (`item` null) or the edit form; `done(true)` after a save */
  renderForm: (item: T | null, done: (saved: boolean) => void) => ReactNode;
}

/**
 * A list of admin entries with Add, Edit and Delete. The form replaces the list while open (the pane
 * is narrow); after a save or delete the list is read again from the server and the outcome announced.
 */
export function CrudSection<T extends Stamped>(props: CrudSectionProps<T>) {
  const { t } = useI18n();
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const list = useAdminList(props.load);
  const [editing, setEditing] = useState<{ item: T | null } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // why an id, not a ref: Fluent's Button types its ref as never under React 19's types
  const addButtonId = useId('admin-add');
  const wasEditing = useRef(false);

  useEffect(() => {
    // why: the closed form took the focus with it; Add is where the list begins for keyboard users
    if (wasEditing.current && editing === null) document.getElementById(addButtonId)?.focus();
    wasEditing.current = editing !== null;
  }, [editing, addButtonId]);

  const done = (saved: boolean): void => {
    setEditing(null);
    if (saved) {
      setAnnouncement(at.saved);
      list.reload();
    }
  };

  const removeItem = async (item: T): Promise<void> => {
    await props.remove(item);
    setAnnouncement(at.removed);
    list.reload();
  };

  const open = (item: T | null): void => {
    setAnnouncement('');
    setEditing({ item });
  };

  return (
    <div className={styles.stack}>
      <p className={styles.muted}>{props.description}</p>
      <div role="status" className={announcement === '' ? styles.visuallyHidden : styles.itemText}>
        {announcement}
      </div>
      {editing !== null ? (
        props.renderForm(editing.item, done)
      ) : (
        <>
          <Button id={addButtonId} className={styles.start} appearance="primary" icon={<Add20Regular />} onClick={() => open(null)}>
            {props.addLabel}
          </Button>
          {list.status === 'error' && <AdminErrorNotice error={list.error} onRetry={list.reload} />}
          {list.status === 'loading' && <Spinner size="tiny" label={t.loading} />}
          {list.status === 'ready' && list.items.length === 0 && <p className={styles.itemText}>{props.emptyText}</p>}
          {list.items.length > 0 && (
            <ul className={styles.list}>
              {list.items.map((item) => {
                const title = props.titleOf(item);
                return (
                  <ItemRow
                    key={props.keyOf(item)}
                    title={title}
                    updatedBy={item.updatedBy}
                    updatedAt={item.updatedAt}
                    badge={props.badgeOf?.(item)}
                    onEdit={props.canEdit?.(item) === false ? undefined : () => open(item)}
                    onRemove={props.canRemove?.(item) === false ? undefined : () => removeItem(item)}
                  >
                    {props.summaryOf(item)}
                  </ItemRow>
                );
              })}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
