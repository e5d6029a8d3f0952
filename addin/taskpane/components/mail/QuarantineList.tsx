import { Button, Caption1, useId } from '@fluentui/react-components';
import type { MailQuarantined } from '../../../../shared/addin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { usePermissions } from '../../permissions.js';
import { useServices } from '../../services.js';
import { ActionFailure } from './ActionFailure.js';
import { folderLabel } from './mail-labels.js';
import { useMailStyles } from './mail-styles.js';
import { useMailAction } from './use-mail-action.js';

export interface QuarantineListProps {
  mailbox: string;
  quarantined: MailQuarantined[];
  /** called after a retry, so the view asks the server again */
  onChanged: () => void;
}

/** Items the sync could not copy: folder, reason, attempts and the next try; admins may retry them all now. */
export function QuarantineList({ mailbox, quarantined, onChanged }: QuarantineListProps) {
  const styles = useMailStyles();
  const { t, format } = useI18n();
  const { api, now } = useServices();
  const headingId = useId('quarantine-heading');
  const canRetry = usePermissions()?.canAdminister === true;
  const retry = useMailAction(onChanged);
  if (quarantined.length === 0) return null;
  const current = now();
  return (
    <section className={styles.stack} aria-labelledby={headingId}>
      <h4 id={headingId} className={styles.subheading}>
        {t.quarantineHeading(quarantined.length)}
      </h4>
      <p className={styles.muted}>{t.quarantineHint}</p>
      <ul className={styles.list}>
        {quarantined.map((item) => (
          <li key={item.key} className={styles.card}>
            <div className={styles.head}>
              <span className={styles.name}>{folderLabel(t, item.folder)}</span>
              <Caption1 className={styles.code}>{item.key}</Caption1>
            </div>
            <span>
              {item.reason}
              {item.code !== null && <span className={styles.code}> ({item.code})</span>}
            </span>
            <Caption1 className={styles.muted}>
              {t.quarantineAttempts(item.attempts)} · {item.nextAttemptAt === null ? t.quarantineWaiting : t.quarantineNextAttempt(format.relative(item.nextAttemptAt, current))}
            </Caption1>
          </li>
        ))}
      </ul>
      {canRetry && (
        <Button
          className={styles.start}
          disabledFocusable={retry.busy}
          onClick={() => retry.run(async () => t.quarantineRetried(await api.retryMailQuarantine(mailbox)))}
        >
          {t.retryQuarantine}
        </Button>
      )}
      <div role="status" className={styles.muted}>
        {retry.done ?? ''}
      </div>
      {retry.error !== null && <ActionFailure error={retry.error} />}
    </section>
  );
}
