import {
  Avatar,
  Badge,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
  typographyStyles,
  useId,
} from '@fluentui/react-components';
import { ArrowReply20Regular } from '@fluentui/react-icons/svg/arrow-reply';
import { useEffect, useState } from 'react';
import type { ThreadResponse } from '../../../shared/addin-api.js';
import { isAbortError } from '../../api/api-error.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { avatarProps } from '../initials.js';
import { useCurrentItem } from '../hooks/use-current-item.js';
import { useServices } from '../services.js';
import { ErrorNotice } from './ErrorNotice.js';

const PARTICIPANT_AVATAR_SIZE = 24;

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  subheading: { ...typographyStyles.subtitle2, margin: 0 },
  subject: { ...typographyStyles.body1Strong, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2 },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  people: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  person: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
  },
  message: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  messageHead: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  reply: { alignSelf: 'flex-start' },
});

type ThreadState =
  | { status: 'no-item' | 'compose' | 'no-message-id' | 'loading' | 'not-linked' }
  | { status: 'linked'; thread: ThreadResponse }
  | { status: 'error'; error: unknown };

/**
 * The DingTalk thread of the selected message (GET /api/threads/by-message). Follows the selection
 * of a pinned pane; says so honestly when the message is not linked yet (404).
 */
export function ThreadView() {
  const styles = useStyles();
  const { t, format } = useI18n();
  const { host, api, now } = useServices();
  const { item, loading } = useCurrentItem(host);
  const [state, setState] = useState<ThreadState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const headingId = useId('thread-heading');
  const peopleId = useId('thread-people');
  const messagesId = useId('thread-messages');
  const messageId = item?.mode === 'read' ? item.internetMessageId : null;

  useEffect(() => {
    if (loading) return;
    if (item === null) return setState({ status: 'no-item' });
    if (item.mode === 'compose') return setState({ status: 'compose' });
    if (messageId === null) return setState({ status: 'no-message-id' });
    const controller = new AbortController();
    setState({ status: 'loading' });
    api.threadByMessage(messageId, { signal: controller.signal }).then(
      (lookup) => setState(lookup.status === 'linked' ? { status: 'linked', thread: lookup.thread } : { status: 'not-linked' }),
      (error: unknown) => {
        if (!isAbortError(error)) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [api, item, loading, messageId, generation]);

  const reply = item?.mode === 'read' && (
    <Button className={styles.reply} appearance="primary" icon={<ArrowReply20Regular />} onClick={() => host.displayReplyForm()}>
      {t.reply}
    </Button>
  );

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t.threadHeading}
      </h2>
      {item !== null && item.subject !== '' && <div className={styles.subject}>{item.subject}</div>}
      {state.status === 'loading' && <Spinner size="tiny" label={t.loading} />}
      {state.status === 'no-item' && <p className={styles.muted}>{t.threadNoItem}</p>}
      {state.status === 'compose' && <p className={styles.muted}>{t.threadComposeItem}</p>}
      {state.status === 'no-message-id' && <p className={styles.muted}>{t.threadNoMessageId}</p>}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={() => setGeneration((n) => n + 1)} />}
      {state.status === 'not-linked' && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t.notLinkedTitle}</MessageBarTitle>
            {t.notLinkedBody}
          </MessageBarBody>
        </MessageBar>
      )}
      {state.status === 'linked' && (
        <>
          <Caption1 className={styles.muted}>{t.linkedAt(format.relative(state.thread.linkedAt, now()))}</Caption1>
          <h3 id={peopleId} className={styles.subheading}>
            {t.participants}
          </h3>
          <ul className={styles.people} aria-labelledby={peopleId}>
            {state.thread.participants.map((person) => (
              <li key={person.userid ?? person.email ?? person.name} className={styles.person}>
                <Avatar name={person.name} {...avatarProps(person.name)} size={PARTICIPANT_AVATAR_SIZE} aria-hidden />
                <span>{person.name}</span>
              </li>
            ))}
          </ul>
          <h3 id={messagesId} className={styles.subheading}>
            {t.messages}
          </h3>
          <ol className={styles.list} aria-labelledby={messagesId}>
            {state.thread.messages.map((message) => (
              <li key={message.id} className={styles.message}>
                <div className={styles.messageHead}>
                  <Badge appearance="tint" color={message.source === 'dingtalk' ? 'brand' : 'informative'} size="small">
                    {message.source === 'dingtalk' ? t.sourceDingTalk : t.sourceOutlook}
                  </Badge>
                  <span>{t.fromTo(message.from.name, message.to.map((p) => p.name).join('、'))}</span>
                </div>
                <Caption1 className={styles.muted}>
                  <time dateTime={new Date(message.sentAt).toISOString()}>{format.dateTime(message.sentAt)}</time>
                </Caption1>
                {message.preview !== '' && <span>{message.preview}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      {reply}
    </section>
  );
}

export default ThreadView;
