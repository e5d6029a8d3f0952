import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ApiError, isConflict, isForbidden } from '../../../api/api-error.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { ErrorNotice } from '../ErrorNotice.js';

export interface AdminErrorNoticeProps {
  error: unknown;
  onRetry?: () => void;
  /** the failed call was a save from a form whose fields are still filled in */
  inputKept?: boolean;
}

/**
 * A failed admin call. A 403 says plainly that the role or the scope is missing (the pane's generic
 * notice would say "sign in again", which does not help); a 409 and a 400 say what to do. Other
 * failures (offline, 5xx) read as everywhere else in the pane.
 */
export function AdminErrorNotice({ error, onRetry, inputKept = false }: AdminErrorNoticeProps) {
  const { t } = useI18n();
  const at = useAdminStrings();
  let title: string;
  let message: string;
  if (isForbidden(error)) {
    title = at.forbiddenTitle;
    message = at.forbidden;
  } else if (isConflict(error)) {
    title = t.errorTitle;
    message = at.conflict;
  } else if (error instanceof ApiError && error.kind === 'rejected') {
    // why: 4xx messages are written for people (the server hides only 5xx text), e.g. which field is invalid
    title = t.errorTitle;
    message = at.rejected(error.message);
  } else {
    return <ErrorNotice error={error} {...(onRetry === undefined ? {} : { onRetry })} />;
  }
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
        {inputKept && ` ${at.inputKept}`}
      </MessageBarBody>
      {onRetry !== undefined && (
        <MessageBarActions>
          <Button onClick={onRetry}>{t.retry}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
