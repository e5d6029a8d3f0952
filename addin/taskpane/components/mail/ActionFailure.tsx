import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { isForbidden } from '../../../api/api-error.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';

export interface ActionFailureProps {
  error: unknown;
}

/**
 * A failed admin action. A 403 says that only administrators may do it (the generic notice would say
 * "sign in again", which does not help); anything else reads as every other failure of the pane.
 */
export function ActionFailure({ error }: ActionFailureProps) {
  const { t } = useI18n();
  if (!isForbidden(error)) return <ErrorNotice error={error} />;
  return (
    <MessageBar intent="error">
      <MessageBarBody>{t.actionForbidden}</MessageBarBody>
    </MessageBar>
  );
}
