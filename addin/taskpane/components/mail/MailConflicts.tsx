import { Button, Caption1, useId } from '@fluentui/react-components';
import { ChevronDown20Regular } from '@fluentui/react-icons/svg/chevron-down';
import { ChevronRight20Regular } from '@fluentui/react-icons/svg/chevron-right';
import { useState } from 'react';
import type { MailFolderStatus } from '../../../../shared/addin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useServices } from '../../services.js';
import { conflictKindLabel, folderLabel } from './mail-labels.js';
import { useMailStyles } from './mail-styles.js';

export interface MailConflictsProps {
  folders: MailFolderStatus[];
}

/**
 * How many conflicts the sync resolved, and (expanded on demand) the recent ones with how each was
 * resolved. The server keeps only a short tail per folder, so the list may be shorter than the count.
 */
export function MailConflicts({ folders }: MailConflictsProps) {
  const styles = useMailStyles();
  const { t, format } = useI18n();
  const { now } = useServices();
  const [open, setOpen] = useState(false);
  const listId = useId('mail-conflicts');
  const count = folders.reduce((sum, folder) => sum + folder.conflictCount, 0);
  if (count === 0) return null;
  const recent = folders
    .flatMap((folder) => folder.conflicts.map((conflict) => ({ ...conflict, folder: folder.folder })))
    .sort((a, b) => b.at - a.at);
  const current = now();
  return (
    <div className={styles.stack}>
      <Button
        className={styles.start}
        appearance="subtle"
        icon={open ? <ChevronDown20Regular /> : <ChevronRight20Regular />}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t.hideConflicts : t.showConflicts(count)}
      </Button>
      {open && (
        <ul id={listId} className={styles.events} aria-label={t.conflicts}>
          {recent.map((conflict) => (
            <li key={`${conflict.folder}:${conflict.key}:${conflict.at}`}>
              <Caption1>
                <time dateTime={new Date(conflict.at).toISOString()}>{format.relative(conflict.at, current)}</time>{' '}
                {t.conflictEntry(folderLabel(t, conflict.folder), conflictKindLabel(t, conflict.kind), conflict.resolution)}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
