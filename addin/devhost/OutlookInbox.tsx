import { Badge, Button, Caption1, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { FakeOfficeHost } from '../office/fake-host.js';

/** One message of the viewer's sandbox Outlook inbox (GET /api/devhost/outlook-inbox). */
export interface DevInboxMessage {
  id: string;
  internetMessageId: string;
  conversationId: string;
  subject: string;
  from: { name: string; email: string };
  to: Array<{ name: string; email: string }>;
  body: string;
  receivedAt: number;
  isRead: boolean;
}

export interface OutlookInboxProps {
  host: FakeOfficeHost;
  load: () => Promise<DevInboxMessage[]>;
}

/** New DingTalk mail keeps arriving in the demo; the list follows it at this pace. */
const REFRESH_MS = 5_000;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, listStyle: 'none', margin: 0, padding: 0 },
  row: { justifyContent: 'flex-start', textAlign: 'start', gap: tokens.spacingHorizontalS, width: '100%' },
  subject: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flexGrow: 1 },
});

/**
 * The viewer's Outlook inbox as the sandbox Exchange holds it — where the mail sync puts DingTalk mail.
 * Opening one makes it the message being read, so the pane's Thread view shows its DingTalk thread.
 */
export function OutlookInbox({ host, load }: OutlookInboxProps) {
  const styles = useStyles();
  const [messages, setMessages] = useState<DevInboxMessage[] | null>(null);
  const refresh = useCallback(() => {
    load().then(setMessages, () => setMessages([]));
  }, [load]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const open = (m: DevInboxMessage): void => {
    host.setReadItem({
      itemId: m.id,
      internetMessageId: m.internetMessageId,
      conversationId: m.conversationId,
      subject: m.subject,
      from: { email: m.from.email, ...(m.from.name === '' ? {} : { name: m.from.name }) },
      to: m.to.map((t) => ({ email: t.email, ...(t.name === '' ? {} : { name: t.name }) })),
      cc: [],
      body: m.body,
      receivedAt: m.receivedAt,
    });
    host.select('read');
  };

  return (
    <section className={styles.root} aria-labelledby="outlook-inbox-heading">
      <h2 id="outlook-inbox-heading" className={styles.heading}>
        Outlook inbox (sandbox Exchange, synced with DingTalk Mail)
      </h2>
      {messages === null && <Caption1>Loading…</Caption1>}
      {messages !== null && messages.length === 0 && <Caption1>No mail yet: this user has no synced mailbox, or the first sync is still running.</Caption1>}
      <ul className={styles.list}>
        {(messages ?? []).map((m) => (
          <li key={m.id}>
            <Button appearance="subtle" className={styles.row} onClick={() => open(m)}>
              {!m.isRead && <Badge size="small" appearance="filled" color="brand" aria-label="unread" />}
              <span className={styles.subject}>{m.subject}</span>
              <Caption1>{m.from.name === '' ? m.from.email : m.from.name}</Caption1>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
