import { mergeClasses } from '@fluentui/react-components';
import type { MailSyncDetail } from '../../../../shared/addin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useServices } from '../../services.js';
import { useMailStyles } from './mail-styles.js';

export interface MailErrorListProps {
  errors: MailSyncDetail['errors'];
}

/** The mailbox's recent sync errors, newest first, each with the reason the server gave. */
export function MailErrorList({ errors }: MailErrorListProps) {
  const styles = useMailStyles();
  const { t, format } = useI18n();
  const { now } = useServices();
  if (errors.length === 0) return <p className={styles.muted}>{t.noErrors}</p>;
  const current = now();
  return (
    <ul className={mergeClasses(styles.events, styles.danger)} aria-label={t.errors}>
      {errors.map((entry) => (
        <li key={`${entry.at}:${entry.reason}`}>
          <time dateTime={new Date(entry.at).toISOString()}>{format.relative(entry.at, current)}</time>: {entry.reason}
        </li>
      ))}
    </ul>
  );
}
