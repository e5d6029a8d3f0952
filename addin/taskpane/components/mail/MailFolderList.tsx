import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { MailFolderStatus } from '../../../../shared/addin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useServices } from '../../services.js';
import { folderLabel } from './mail-labels.js';
import { useMailStyles } from './mail-styles.js';

export const FOLDER_STATE_COLOR: Record<MailFolderStatus['state'], NonNullable<BadgeProps['color']>> = {
  idle: 'success',
  running: 'brand',
  error: 'danger',
  stopped: 'warning',
};

export interface MailFolderListProps {
  folders: MailFolderStatus[];
}

/** One row per synced folder: state, last success, lag, queue, conflicts and how far its first copy got. */
export function MailFolderList({ folders }: MailFolderListProps) {
  const styles = useMailStyles();
  const { t, format } = useI18n();
  const { now } = useServices();
  const current = now();
  return (
    <ul className={styles.list} aria-label={t.mailFoldersHeading}>
      {folders.map((folder) => {
        const name = folderLabel(t, folder.folder);
        const facts: Array<[string, string]> = [
          [t.lastSuccess, folder.lastSuccessAt === null ? t.never : format.relative(folder.lastSuccessAt, current)],
          [t.lag, folder.lagSeconds === null ? t.unknown : format.duration(folder.lagSeconds)],
          [t.queued, format.number(folder.queued)],
          [t.conflicts, format.number(folder.conflictCount)],
          ...(folder.backfill === null
            ? []
            : ([
                [
                  t.backfill,
                  folder.backfill.state === 'done'
                    ? t.backfillDone
                    : t.progressValue(format.number(folder.backfill.done), folder.backfill.total === null ? null : format.number(folder.backfill.total)),
                ],
              ] as Array<[string, string]>)),
        ];
        return (
          <li key={folder.folder} className={styles.card} aria-label={name}>
            <div className={styles.head}>
              <span className={styles.name}>{name}</span>
              <Badge appearance="tint" color={FOLDER_STATE_COLOR[folder.state]}>
                {t.state[folder.state]}
              </Badge>
            </div>
            <dl className={styles.facts}>
              {facts.map(([term, value]) => (
                <div key={term} className={styles.pair}>
                  <dt className={styles.term}>{term}</dt>
                  <dd className={styles.value}>{value}</dd>
                </div>
              ))}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
