import { Caption1, makeStyles, Spinner, tokens, typographyStyles, useId } from '@fluentui/react-components';
import { useCallback } from 'react';
import type { DirectoryStatus, SyncKind, SyncKindStatus } from '../../../shared/addin-api.js';
import type { SyncStatusLookup } from '../../api/bridge-api.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { usePolling, type PollScheduler } from '../hooks/use-polling.js';
import { useServices } from '../services.js';
import { ErrorNotice } from './ErrorNotice.js';
import { MailSyncSection } from './mail/MailSyncSection.js';
import { ProgressSummary } from './ProgressSummary.js';
import { SyncKindList } from './SyncKindList.js';

/** How often the view asks the server again while it is open. */
export const SYNC_POLL_INTERVAL_MS = 5_000;
const ALL_KINDS: readonly SyncKind[] = ['mail', 'calendar', 'contacts', 'todo'];

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  subheading: { ...typographyStyles.subtitle2, margin: 0 },
  mailbox: { ...typographyStyles.body1Strong, margin: 0, overflowWrap: 'anywhere' },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  pair: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
});

interface Snapshot {
  sync: SyncStatusLookup;
  directory: DirectoryStatus;
  updatedAt: number;
}

/** Kinds the server did not report are shown as "not configured yet", so all four are always listed. */
function withAllKinds(kinds: SyncKindStatus[]): SyncKindStatus[] {
  return ALL_KINDS.map(
    (kind) => kinds.find((k) => k.kind === kind) ?? { kind, state: 'not_configured', lastSuccessAt: null, lagSeconds: null, queued: 0, errors: [], progress: null },
  );
}

export interface SyncStatusViewProps {
  /** when the next poll runs; tests drive it by hand (default: setTimeout) */
  pollScheduler?: PollScheduler;
}

/**
 * Sync status, polled while open and visible: the mail sync in detail (breaker stops first), the
 * directory, then each mailbox's mail, calendar, contacts and to-do sync.
 */
export function SyncStatusView({ pollScheduler }: SyncStatusViewProps = {}) {
  const styles = useStyles();
  const { t, format } = useI18n();
  const { api, now } = useServices();
  const headingId = useId('sync-heading');
  const load = useCallback(
    async (signal: AbortSignal): Promise<Snapshot> => {
      const sync = await api.syncStatus({ signal });
      // why: until mailbox sync exists the sync route answers 404, so the directory status comes on its own
      const directory = sync.status === 'available' ? sync.body.directory : await api.directoryStatus({ signal });
      return { sync, directory, updatedAt: now() };
    },
    [api, now],
  );
  const polling = { intervalMs: SYNC_POLL_INTERVAL_MS, ...(pollScheduler === undefined ? {} : { schedule: pollScheduler }) };
  const { value: snapshot, error, refresh: retry } = usePolling(load, polling);
  const runStatusLabel = (status: string): string => (status in t.runStatus ? t.runStatus[status as keyof typeof t.runStatus] : status);
  const mailboxes = snapshot?.sync.status === 'available' ? snapshot.sync.body.mailboxes : [];
  const directory = snapshot?.directory;
  const current = now();

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t.syncHeading}
      </h2>
      {snapshot !== null && <Caption1 className={styles.muted}>{t.updated(format.relative(snapshot.updatedAt, current))}</Caption1>}
      {error !== null && <ErrorNotice error={error} onRetry={retry} />}
      {snapshot === null && error === null && <Spinner size="tiny" label={t.loading} />}
      <MailSyncSection polling={polling} />
      {directory !== undefined && (
        <section className={styles.section} aria-label={t.directoryHeading}>
          <h3 className={styles.subheading}>{t.directoryHeading}</h3>
          <dl className={styles.facts}>
            <div className={styles.pair}>
              <dt className={styles.term}>{t.people}</dt>
              <dd className={styles.value}>{format.number(directory.people)}</dd>
            </div>
            <div className={styles.pair}>
              <dt className={styles.term}>{t.departments}</dt>
              <dd className={styles.value}>{format.number(directory.departments)}</dd>
            </div>
            <div className={styles.pair}>
              <dt className={styles.term}>{t.lastFullSync}</dt>
              <dd className={styles.value}>
                {directory.lastFullSync === null
                  ? t.never
                  : `${runStatusLabel(directory.lastFullSync.status)} · ${format.relative(directory.lastFullSync.finishedAt ?? directory.lastFullSync.startedAt, current)}`}
              </dd>
            </div>
            <div className={styles.pair}>
              <dt className={styles.term}>{t.lastEvent}</dt>
              <dd className={styles.value}>{directory.lastEventAt === null ? t.never : format.relative(directory.lastEventAt, current)}</dd>
            </div>
            <div className={styles.pair}>
              <dt className={styles.term}>{t.eventTransport}</dt>
              <dd className={styles.value}>{directory.eventTransport}</dd>
            </div>
          </dl>
          {directory.running !== null && <ProgressSummary label={t.directorySyncRunning} progress={directory.running.progress} />}
        </section>
      )}
      {snapshot !== null && (
        <section className={styles.section} aria-label={t.mailboxesHeading}>
          <h3 className={styles.subheading}>{t.mailboxesHeading}</h3>
          {mailboxes.length === 0 ? (
            <>
              <p className={styles.muted}>{t.mailboxSyncNotConfigured}</p>
              <SyncKindList kinds={withAllKinds([])} />
            </>
          ) : (
            mailboxes.map((mailbox) => (
              <section key={mailbox.mailbox} className={styles.section} aria-label={mailbox.mailbox}>
                <h4 className={styles.mailbox}>{mailbox.mailbox}</h4>
                <SyncKindList kinds={withAllKinds(mailbox.kinds)} />
              </section>
            ))
          )}
        </section>
      )}
    </section>
  );
}

export default SyncStatusView;
