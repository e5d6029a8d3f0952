import { Caption1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens, typographyStyles, useId } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { ThreadResponse } from '../../../shared/addin-api.js';
import type { PersonSummary } from '../../../shared/directory-api.js';
import { isAbortError } from '../../api/api-error.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useCurrentItem } from '../hooks/use-current-item.js';
import { useServices } from '../services.js';
import { ContactCard } from './ContactCard.js';
import { ErrorNotice } from './ErrorNotice.js';
import { ReplyActions } from './thread/ReplyActions.js';
import { ThreadMessages } from './thread/ThreadMessages.js';
import { ThreadParticipants, type DirectoryParticipant } from './thread/ThreadParticipants.js';

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
  announcement: { color: tokens.colorNeutralForeground2 },
});

type ThreadState =
  | { status: 'no-item' | 'compose' | 'no-message-id' | 'loading' | 'not-linked' }
  | { status: 'linked'; thread: ThreadResponse }
  | { status: 'error'; error: unknown };

/** What the contact card starts from until the full person arrives (the card asks for it by userid). */
function toSummary(person: DirectoryParticipant): PersonSummary {
  return { userid: person.userid, name: person.name, ...(person.email === undefined ? {} : { email: person.email }), departments: [] };
}

/**
 * The DingTalk thread of the selected message (GET /api/threads/by-message). Follows the selection
 * of a pinned pane; says so honestly when the message is not linked yet (404). A participant in the
 * directory opens their contact card in place, as in the directory view.
 */
export function ThreadView() {
  const styles = useStyles();
  const { t, format } = useI18n();
  const { host, api, now } = useServices();
  const { item, loading } = useCurrentItem(host);
  const [state, setState] = useState<ThreadState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const [card, setCard] = useState<DirectoryParticipant | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const returnFocusTo = useRef<string | null>(null);
  const peopleArea = useRef<HTMLDivElement>(null);
  const headingId = useId('thread-heading');
  const peopleId = useId('thread-people');
  const messagesId = useId('thread-messages');
  const messageId = item?.mode === 'read' ? item.internetMessageId : null;

  useEffect(() => {
    setCard(null);
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

  useEffect(() => {
    if (card !== null || returnFocusTo.current === null) return;
    // why: after closing the card, keyboard users continue from the person they opened
    const userid = returnFocusTo.current;
    returnFocusTo.current = null;
    [...(peopleArea.current?.querySelectorAll<HTMLElement>('[data-userid]') ?? [])].find((el) => el.dataset['userid'] === userid)?.focus();
  }, [card]);

  const openCard = (person: DirectoryParticipant): void => {
    returnFocusTo.current = person.userid;
    setAnnouncement('');
    setCard(person);
  };

  const status = (
    <div role="status" aria-live="polite" className={styles.announcement}>
      {announcement}
    </div>
  );

  if (card !== null) {
    return (
      <section className={styles.root} aria-labelledby={headingId}>
        <h2 id={headingId} className={styles.heading}>
          {t.threadHeading}
        </h2>
        <ContactCard summary={toSummary(card)} item={item} onBack={() => setCard(null)} announce={setAnnouncement} />
        {status}
      </section>
    );
  }

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
          <div ref={peopleArea}>
            <ThreadParticipants participants={state.thread.participants} labelledBy={peopleId} onOpenCard={openCard} />
          </div>
          <h3 id={messagesId} className={styles.subheading}>
            {t.messages}
          </h3>
          <ThreadMessages messages={state.thread.messages} labelledBy={messagesId} />
        </>
      )}
      {item?.mode === 'read' && <ReplyActions linked={state.status === 'linked'} />}
      {status}
    </section>
  );
}

export default ThreadView;
