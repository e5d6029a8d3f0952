import { Button, Caption1, makeStyles, tokens, useId } from '@fluentui/react-components';
import { Chat20Regular } from '@fluentui/react-icons/svg/chat';
import { Copy20Regular } from '@fluentui/react-icons/svg/copy';
import { Mail20Regular } from '@fluentui/react-icons/svg/mail';
import { PersonAdd20Regular } from '@fluentui/react-icons/svg/person-add';
import { useState } from 'react';
import type { MailItemInfo, Recipient, RecipientField } from '../../office/host.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { copyText } from '../clipboard.js';
import { dingTalkChatLink } from '../dingtalk-links.js';
import { useServices } from '../services.js';

const FIELDS: readonly RecipientField[] = ['to', 'cc', 'bcc'];

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  hint: { color: tokens.colorNeutralForeground2 },
});

export interface ContactActionsProps {
  userid: string;
  name: string;
  email: string | undefined;
  mobile: string | undefined;
  /** an address book's external contact: not in DingTalk, so no DingTalk chat and no contact ranking */
  external: boolean;
  /** the current Outlook item: the Add buttons exist only for a draft */
  item: MailItemInfo | null;
  /** the person left the directory: nothing that would address them is offered */
  removed: boolean;
  announce: (message: string) => void;
}

/** What the pane can do with a contact: address them in the draft, write to them, copy, open DingTalk. */
export function ContactActions({ userid, name, email, mobile, external, item, removed, announce }: ContactActionsProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { host, api } = useServices();
  const hintId = useId('chat-hint');
  const [busy, setBusy] = useState(false);
  const recipient: Recipient | null = email === undefined ? null : { email, name };
  const canAddress = recipient !== null && !removed;
  const link = dingTalkChatLink({ mobile }, t.openChat);
  const chatHint = external ? t.externalNoChat : link.kind === 'profile' ? t.chatHintMobile : t.chatHintDesktop(name);

  const recordUse = (): void => {
    // why: frequent contacts rank DingTalk people (`POST /people/:userid/use`); an `ext:` id is not one
    if (external) return;
    // why: ranking only; a failure (e.g. no signed-in viewer yet) must never undo or block the action
    api.recordUse(userid).catch(() => undefined);
  };

  const add = async (field: RecipientField): Promise<void> => {
    if (recipient === null) return;
    setBusy(true);
    try {
      const existing = await host.getRecipients(field);
      if (existing.some((r) => r.email.toLowerCase() === recipient.email.toLowerCase())) {
        announce(t.alreadyAdded(name, field));
        return;
      }
      await host.addRecipients(field, [recipient]);
      announce(t.added(name, field));
      recordUse();
    } catch (error) {
      announce(t.addFailed(error instanceof Error ? error.message : String(error)));
    } finally {
      setBusy(false);
    }
  };

  const newMessage = (): void => {
    if (recipient === null) return;
    try {
      host.newMessage([recipient]);
      announce(t.newMessageOpened(name));
      recordUse();
    } catch (error) {
      announce(t.addFailed(error instanceof Error ? error.message : String(error)));
    }
  };

  const copy = async (): Promise<void> => {
    if (email === undefined) return;
    try {
      await copyText(email);
      announce(t.copied(email));
    } catch {
      announce(t.copyFailed);
    }
  };

  return (
    <div className={styles.root} role="group" aria-label={t.actionsLabel}>
      {item?.mode === 'compose' ? (
        <div className={styles.row} role="group" aria-label={t.addGroupLabel}>
          {FIELDS.map((field) => (
            <Button key={field} size="small" icon={<PersonAdd20Regular />} disabled={!canAddress || busy} onClick={() => void add(field)}>
              {t.addTo(field)}
            </Button>
          ))}
        </div>
      ) : (
        <Caption1 className={styles.hint}>{t.draftOnlyHint}</Caption1>
      )}
      {recipient === null && <Caption1 className={styles.hint}>{external ? t.externalNoEmail : t.noEmail}</Caption1>}
      <div className={styles.row}>
        <Button icon={<Mail20Regular />} disabled={!canAddress} onClick={newMessage}>
          {t.newMessage}
        </Button>
        <Button icon={<Copy20Regular />} disabled={email === undefined} onClick={() => void copy()}>
          {t.copyAddress}
        </Button>
        {!external && (
          <Button as="a" href={link.href} target="_blank" rel="noopener noreferrer" icon={<Chat20Regular />} aria-describedby={hintId} disabled={removed}>
            {t.openChat}
          </Button>
        )}
      </div>
      <Caption1 id={hintId} className={styles.hint}>
        {chatHint}
      </Caption1>
    </div>
  );
}
