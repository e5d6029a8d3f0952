import { Badge, makeStyles, tokens, typographyStyles, type BadgeProps } from '@fluentui/react-components';
import type { SyncKindStatus, SyncState } from '../../../shared/addin-api.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useServices } from '../services.js';
import { ProgressSummary } from './ProgressSummary.js';
import { outlinedCard, spacedList } from './shared-styles.js';

const STATE_COLOR: Record<SyncState, NonNullable<BadgeProps['color']>> = {
  idle: 'success',
  running: 'brand',
  error: 'danger',
  stopped: 'warning',
  not_configured: 'subtle',
};

const useStyles = makeStyles({
  list: { ...spacedList },
  item: { ...outlinedCard },
  head: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  name: { ...typographyStyles.body1Strong },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    margin: 0,
    ...typographyStyles.caption1,
  },
  pair: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0 },
  errors: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalL,
    color: tokens.colorStatusDangerForeground1,
    ...typographyStyles.caption1,
    '@media (forced-colors: active)': { color: 'CanvasText' },
  },
});

export interface SyncKindListProps {
  kinds: SyncKindStatus[];
}

/** One row per sync kind of a mailbox: state, last success, lag, queue, progress and recent errors. */
export function SyncKindList({ kinds }: SyncKindListProps) {
  const styles = useStyles();
  const { t, format } = useI18n();
  const { now } = useServices();
  return (
    <ul className={styles.list}>
      {kinds.map((kind) => (
        <li key={kind.kind} className={styles.item}>
          <div className={styles.head}>
            <span className={styles.name}>{t.kind[kind.kind]}</span>
            <Badge appearance="tint" color={STATE_COLOR[kind.state]}>
              {t.state[kind.state]}
            </Badge>
          </div>
          {kind.state !== 'not_configured' && (
            <dl className={styles.facts}>
              <div className={styles.pair}>
                <dt className={styles.term}>{t.lastSuccess}</dt>
                <dd className={styles.value}>{kind.lastSuccessAt === null ? t.never : format.relative(kind.lastSuccessAt, now())}</dd>
              </div>
              <div className={styles.pair}>
                <dt className={styles.term}>{t.lag}</dt>
                <dd className={styles.value}>{kind.lagSeconds === null ? t.unknown : format.duration(kind.lagSeconds)}</dd>
              </div>
              <div className={styles.pair}>
                <dt className={styles.term}>{t.queued}</dt>
                <dd className={styles.value}>{format.number(kind.queued)}</dd>
              </div>
            </dl>
          )}
          {kind.progress !== null && <ProgressSummary label={t.kind[kind.kind]} progress={kind.progress} />}
          {kind.errors.length > 0 && (
            <ul className={styles.errors} aria-label={t.errors}>
              {kind.errors.map((entry) => (
                <li key={`${entry.at}:${entry.reason}`}>
                  <time dateTime={new Date(entry.at).toISOString()}>{format.relative(entry.at, now())}</time>: {entry.reason}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
