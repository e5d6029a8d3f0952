import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { errorKind } from '../../api/api-error.js';
import { useI18n } from '../../i18n/i18n-context.js';

export interface ErrorNoticeProps {
  error: unknown;
  onRetry?: () => void;
}

/** A failed call, explained by kind (offline, signed out, server trouble); raw server text is never shown. */
export function ErrorNotice({ error, onRetry }: ErrorNoticeProps) {
  const { t } = useI18n();
  const kind = errorKind(error);
  const message =
    kind === 'offline' ? t.errorOffline : kind === 'unauthorized' ? t.errorUnauthorized : kind === 'not-found' ? t.errorNotBuilt : t.errorServer;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.errorTitle}</MessageBarTitle>
        {message}
      </MessageBarBody>
      {onRetry !== undefined && (
        <MessageBarActions>
          <Button onClick={onRetry}>{t.retry}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
