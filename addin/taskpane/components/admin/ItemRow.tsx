import { Button, Caption1 } from '@fluentui/react-components';
import { Delete20Regular } from '@fluentui/react-icons/svg/delete';
import { Edit20Regular } from '@fluentui/react-icons/svg/edit';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { AdminErrorNotice } from './AdminErrorNotice.js';
import { useAdminStyles } from './admin-styles.js';
import { useSubmit } from './use-submit.js';

export interface ItemRowProps {
  title: string;
  /** who changed it last and when (epoch ms) */
  updatedBy: string;
  updatedAt: number;
  badge?: ReactNode;
  /** absent: the item cannot be edited here */
  onEdit?: (() => void) | undefined;
  /** absent: the item cannot be deleted here; rejects when the server refuses */
  onRemove?: (() => Promise<void>) | undefined;
  children: ReactNode;
}

/** One entry of an admin list, with Edit and a Delete that asks once more before it calls the server. */
export function ItemRow({ title, updatedBy, updatedAt, badge, onEdit, onRemove, children }: ItemRowProps) {
  const { format } = useI18n();
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const [confirming, setConfirming] = useState(false);
  const removal = useSubmit();

  const remove = async (): Promise<void> => {
    if (onRemove === undefined) return;
    if (await removal.run(onRemove)) setConfirming(false);
  };

  return (
    <li className={styles.item}>
      <div className={styles.row}>
        <span className={styles.itemTitle}>{title}</span>
        {badge}
      </div>
      {children}
      <Caption1 className={styles.muted}>{at.changedBy(updatedBy, format.dateTime(updatedAt))}</Caption1>
      {removal.error !== null && <AdminErrorNotice error={removal.error} />}
      {confirming ? (
        <div className={styles.row} role="group" aria-label={at.confirmRemove(title)}>
          <span className={styles.itemText}>{at.confirmRemove(title)}</span>
          <Button appearance="primary" disabled={removal.busy} onClick={() => void remove()}>
            {at.confirmRemoveButton}
          </Button>
          <Button onClick={() => setConfirming(false)}>{at.cancel}</Button>
        </div>
      ) : (
        (onEdit !== undefined || onRemove !== undefined) && (
          <div className={styles.row}>
            {onEdit !== undefined && (
              <Button size="small" icon={<Edit20Regular />} aria-label={at.edit(title)} onClick={onEdit}>
                {at.editButton}
              </Button>
            )}
            {onRemove !== undefined && (
              <Button size="small" icon={<Delete20Regular />} aria-label={at.remove(title)} onClick={() => setConfirming(true)}>
                {at.confirmRemoveButton}
              </Button>
            )}
          </div>
        )
      )}
    </li>
  );
}
