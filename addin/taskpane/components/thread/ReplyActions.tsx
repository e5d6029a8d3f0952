import { Button, Caption1, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { ArrowReply20Regular } from '@fluentui/react-icons/svg/arrow-reply';
import { ArrowReplyAll20Regular } from '@fluentui/react-icons/svg/arrow-reply-all';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useServices } from '../../services.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  buttons: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  hint: { color: tokens.colorNeutralForeground2 },
});

export interface ReplyActionsProps {
  /** the message is in a linked DingTalk thread, so the reply will be synced into it */
  linked: boolean;
}

/**
 * Reply and Reply all: Outlook's own reply form for the selected message, opened in place through the
 * host adapter. The reply is an ordinary sent message, which mail sync carries into the DingTalk thread.
 */
export function ReplyActions({ linked }: ReplyActionsProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { host } = useServices();
  const [failed, setFailed] = useState(false);
  const open = (all: boolean): void => {
    setFailed(false);
    try {
      if (all) host.displayReplyAllForm();
      else host.displayReplyForm();
    } catch {
      // why: Outlook on mobile has no reply forms, and office.js throws when the item went away meanwhile
      setFailed(true);
    }
  };
  return (
    <div className={styles.root}>
      <div className={styles.buttons}>
        <Button appearance="primary" icon={<ArrowReply20Regular />} onClick={() => open(false)}>
          {t.reply}
        </Button>
        <Button icon={<ArrowReplyAll20Regular />} onClick={() => open(true)}>
          {t.replyAll}
        </Button>
      </div>
      {linked && <Caption1 className={styles.hint}>{t.replySyncedHint}</Caption1>}
      {failed && (
        <MessageBar intent="error">
          <MessageBarBody>{t.replyFailed}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
