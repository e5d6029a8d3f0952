import { Badge, useId } from '@fluentui/react-components';
import { useCallback } from 'react';
import type { MailSyncDetail } from '../../../../shared/addin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { usePolling, type PollingOptions } from '../../hooks/use-polling.js';
import { useServices } from '../../services.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { ProgressSummary } from '../ProgressSummary.js';
import { BreakerStops } from './BreakerStops.js';
import { MailConflicts } from './MailConflicts.js';
import { MailErrorList } from './MailErrorList.js';
import { FOLDER_STATE_COLOR, MailFolderList } from './MailFolderList.js';
import { useMailStyles } from './mail-styles.js';
import { QuarantineList } from './QuarantineList.js';

export interface MailSyncSectionProps {
  /** how often and through which scheduler to ask again (the view's own polling settings) */
  polling: PollingOptions;
}

interface MailSyncDetailsProps {
  mail: MailSyncDetail;
  onChanged: () => void;
}

/** The mailbox pair and its overall state, lag and queue. */
function MailSummary({ mail }: { mail: MailSyncDetail }) {
  const styles = useMailStyles();
  const { t, format } = useI18n();
  const { now } = useServices();
  const facts: Array<[string, string]> = [
    [t.outlookMailbox, mail.mailbox],
    [t.dingtalkMailbox, mail.dingtalkAddress],
    [t.lastSuccess, mail.lastSuccessAt === null ? t.never : format.relative(mail.lastSuccessAt, now())],
    [t.lag, mail.lagSeconds === null ? t.unknown : format.duration(mail.lagSeconds)],
    [t.queued, format.number(mail.queued)],
  ];
  return (
    <div className={styles.stack}>
      <Badge className={styles.start} appearance="tint" color={FOLDER_STATE_COLOR[mail.state]}>
        {t.state[mail.state]}
      </Badge>
      <dl className={styles.facts}>
        {facts.map(([term, value]) => (
          <div key={term} className={styles.pair}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.value}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Everything about one synced mailbox, the stops that need an admin first. */
function MailSyncDetails({ mail, onChanged }: MailSyncDetailsProps) {
  const styles = useMailStyles();
  const { t } = useI18n();
  const foldersId = useId('mail-folders');
  const errorsId = useId('mail-errors');
  return (
    <>
      <BreakerStops mailbox={mail.mailbox} breakers={mail.breakers} onChanged={onChanged} />
      <MailSummary mail={mail} />
      {mail.progress !== null && <ProgressSummary label={t.mailBackfill} progress={mail.progress} />}
      <section className={styles.stack} aria-labelledby={foldersId}>
        <h4 id={foldersId} className={styles.subheading}>
          {t.mailFoldersHeading}
        </h4>
        <MailFolderList folders={mail.folders} />
        <MailConflicts folders={mail.folders} />
      </section>
      <QuarantineList mailbox={mail.mailbox} quarantined={mail.quarantined} onChanged={onChanged} />
      <section className={styles.stack} aria-labelledby={errorsId}>
        <h4 id={errorsId} className={styles.subheading}>
          {t.errors}
        </h4>
        <MailErrorList errors={mail.errors} />
      </section>
    </>
  );
}

/**
 * The viewer's mail sync in detail (`GET /api/status/sync/mail`), polled like the rest of the view:
 * breaker stops, backfill progress, folders, conflicts, quarantine and errors. Shows nothing until the
 * first answer (the view's own spinner covers the wait).
 */
export function MailSyncSection({ polling }: MailSyncSectionProps) {
  const styles = useMailStyles();
  const { t } = useI18n();
  const { api } = useServices();
  const headingId = useId('mail-sync-heading');
  const load = useCallback(async (signal: AbortSignal) => ({ mail: await api.mailSyncDetail({ signal }) }), [api]);
  const { value, error, settled, refresh } = usePolling(load, polling);
  if (!settled) return null;
  const mail = value?.mail ?? null;
  return (
    <section className={styles.stack} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.heading}>
        {t.mailSyncHeading}
      </h3>
      {error !== null && <ErrorNotice error={error} onRetry={refresh} />}
      {value !== null && value.mail === null && <p className={styles.muted}>{t.mailNotSynced}</p>}
      {mail !== null && <MailSyncDetails mail={mail} onChanged={refresh} />}
    </section>
  );
}
