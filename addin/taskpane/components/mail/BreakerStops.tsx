import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { MailBreakerStop } from '../../../../shared/addin-api.js';
import type { Strings } from '../../../i18n/strings.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { usePermissions } from '../../permissions.js';
import { useServices } from '../../services.js';
import { ActionFailure } from './ActionFailure.js';
import { folderLabel } from './mail-labels.js';
import { useMailStyles } from './mail-styles.js';
import { useMailAction } from './use-mail-action.js';

export interface BreakerStopsProps {
  mailbox: string;
  /** the stops the server reports: `open` ones wait for an admin, `released` ones run on the next sync */
  breakers: MailBreakerStop[];
  /** called after a release, so the view asks the server again */
  onChanged: () => void;
}

function cause(t: Strings, stop: MailBreakerStop): string {
  return t.breakerCause[stop.reason](stop.side === null ? null : t.mailSide[stop.side]);
}

interface BreakerStopBarProps {
  mailbox: string;
  stop: MailBreakerStop;
  canRelease: boolean;
  onChanged: () => void;
}

/** One stop: what was withheld (nothing was deleted), why, and, for admins, the Release button. */
function BreakerStopBar({ mailbox, stop, canRelease, onChanged }: BreakerStopBarProps) {
  const styles = useMailStyles();
  const { t, format } = useI18n();
  const { api, now } = useServices();
  const release = useMailAction(onChanged);
  const folder = folderLabel(t, stop.folder);
  if (stop.state !== 'open') {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{t.breakerReleased(stop.releasedBy, format.relative(stop.releasedAt ?? stop.createdAt, now()))}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.stack}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t.breakerTitle}</MessageBarTitle>
          {t.breakerBody(format.number(stop.deletes), format.number(stop.linked), folder)} {cause(t, stop)} {t.breakerSince(format.relative(stop.createdAt, now()))}{' '}
          {canRelease ? t.breakerAdminHint : t.breakerWaiting}
        </MessageBarBody>
        {canRelease && (
          <MessageBarActions>
            <Button
              disabledFocusable={release.busy}
              onClick={() =>
                release.run(async () => {
                  await api.releaseMailBreaker(mailbox, stop.folder);
                  return null;
                })
              }
            >
              {t.releaseBreaker(folder)}
            </Button>
          </MessageBarActions>
        )}
      </MessageBar>
      {release.error !== null && <ActionFailure error={release.error} />}
    </div>
  );
}

/**
 * Circuit-breaker stops, shown first and prominently: the sync refused to delete many items at once
 * and waits for an admin. Only admins (`canAdminister`) get the Release button; the server checks too.
 */
export function BreakerStops({ mailbox, breakers, onChanged }: BreakerStopsProps) {
  const styles = useMailStyles();
  const canRelease = usePermissions()?.canAdminister === true;
  const shown = breakers.filter((stop) => stop.state !== 'closed');
  if (shown.length === 0) return null;
  return (
    <div className={styles.stack}>
      {shown.map((stop) => (
        <BreakerStopBar key={stop.id} mailbox={mailbox} stop={stop} canRelease={canRelease} onChanged={onChanged} />
      ))}
    </div>
  );
}
