import { Badge, Caption1, makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import type { ThreadMessage } from '../../../../shared/addin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { spacedList } from '../shared-styles.js';

const useStyles = makeStyles({
  list: { ...spacedList },
  message: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  unread: {
    borderInlineStartWidth: tokens.strokeWidthThicker,
    borderInlineStartColor: tokens.colorBrandStroke1,
  },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  unreadText: { ...typographyStyles.body1Strong },
  muted: { color: tokens.colorNeutralForeground2 },
});

export interface ThreadMessagesProps {
  messages: ThreadMessage[];
  labelledBy: string;
}

/** The thread's messages, oldest first: source, sender and recipients, read state, time and preview. */
export function ThreadMessages({ messages, labelledBy }: ThreadMessagesProps) {
  const styles = useStyles();
  const { t, format } = useI18n();
  return (
    <ol className={styles.list} aria-labelledby={labelledBy}>
      {messages.map((message) => {
        const unread = message.read === false;
        return (
          <li key={message.id} className={mergeClasses(styles.message, unread && styles.unread)}>
            <div className={styles.head}>
              <Badge appearance="tint" color={message.source === 'dingtalk' ? 'brand' : 'informative'} size="small">
                {message.source === 'dingtalk' ? t.sourceDingTalk : t.sourceOutlook}
              </Badge>
              {/* why no badge when `read` is absent: the server does not know, and guessing would mislead */}
              {message.read !== undefined && (
                <Badge appearance={unread ? 'filled' : 'outline'} color={unread ? 'brand' : 'subtle'} size="small">
                  {unread ? t.messageUnread : t.messageRead}
                </Badge>
              )}
              <span className={unread ? styles.unreadText : undefined}>{t.fromTo(message.from.name, message.to.map((p) => p.name).join('、'))}</span>
            </div>
            <Caption1 className={styles.muted}>
              <time dateTime={new Date(message.sentAt).toISOString()}>{format.dateTime(message.sentAt)}</time>
            </Caption1>
            {message.preview !== '' && <span>{message.preview}</span>}
          </li>
        );
      })}
    </ol>
  );
}
