import {
  Dropdown,
  Field,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Switch,
  tokens,
  typographyStyles,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';
import type { BridgeApi } from '../api/bridge-api.js';
import type { AuthConfig } from '../auth/auth-config.js';
import type { FakeOfficeHost } from '../office/fake-host.js';
import type { Recipient } from '../office/host.js';
import { App } from '../taskpane/App.js';
import { ActivityLog } from './ActivityLog.js';
import { MailboxPreview } from './MailboxPreview.js';
import { UserPicker } from './UserPicker.js';
import { OutlookInbox, type DevInboxMessage } from './OutlookInbox.js';

/** Outlook's task pane is about 320–350 px wide on desktop; the frame uses the wider end. */
const PANE_WIDTH = '350px';
const PANE_MIN_HEIGHT = '640px';

const LANGUAGES: ReadonlyArray<{ tag: string; label: string }> = [
  { tag: 'zh-CN', label: '简体中文 (zh-CN)' },
  { tag: 'zh-HK', label: '繁體中文 (zh-HK)' },
  { tag: 'zh-TW', label: '繁體中文 (zh-TW)' },
  { tag: 'en-US', label: 'English (en-US)' },
];

const useStyles = makeStyles({
  page: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalXL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  title: { ...typographyStyles.subtitle1, margin: 0, marginInlineEnd: 'auto' },
  main: {
    display: 'flex',
    alignItems: 'stretch',
    gap: tokens.spacingHorizontalXL,
    padding: tokens.spacingHorizontalXL,
    flexGrow: 1,
  },
  mailbox: {
    flexGrow: 1,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  pane: {
    flexShrink: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    width: PANE_WIDTH,
    minHeight: PANE_MIN_HEIGHT,
    overflowY: 'auto',
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    boxShadow: tokens.shadow8,
    '@media (forced-colors: active)': { border: `${tokens.strokeWidthThin} solid CanvasText` },
  },
});

export interface DevHostPageProps {
  host: FakeOfficeHost;
  api: BridgeApi;
  authConfig: AuthConfig | null;
  /** called when the "signed in as" user changes, before the pane remounts as that user */
  onUserChange: (user: Recipient) => void;
  /** the signed-in user's sandbox Outlook inbox (mail sync demo); absent = not shown */
  loadInbox?: () => Promise<DevInboxMessage[]>;
}

/** The dev host: a simulated Outlook mailbox with the real task pane in an Outlook-sized frame. */
export function DevHostPage({ host, api, authConfig, onUserChange, loadInbox }: DevHostPageProps) {
  const styles = useStyles();
  const state = useSyncExternalStore(host.subscribe, host.getSnapshot);
  return (
    // why: FluentProvider copies its className onto popup portals, so page layout lives on an inner element
    <FluentProvider theme={state.theme === 'dark' ? webDarkTheme : webLightTheme}>
      <div className={styles.page}>
        <header className={styles.bar}>
          <h1 className={styles.title}>DingTalk ⇄ Outlook bridge · dev host</h1>
          <UserPicker
            api={api}
            user={state.user}
            onChange={(user) => {
              onUserChange(user);
              host.setUser(user);
            }}
          />
          <Field label="Outlook display language">
            <Dropdown
              value={LANGUAGES.find((l) => l.tag === state.language)?.label ?? state.language}
              selectedOptions={[state.language]}
              onOptionSelect={(_event, data) => data.optionValue !== undefined && host.setLanguage(data.optionValue)}
            >
              {LANGUAGES.map((language) => (
                <Option key={language.tag} value={language.tag}>
                  {language.label}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Switch label="Dark theme" checked={state.theme === 'dark'} onChange={(_event, data) => host.setTheme(data.checked ? 'dark' : 'light')} />
        </header>
        {authConfig?.mode === 'entra' && (
          <MessageBar intent="warning">
            <MessageBarBody>This server signs in with Microsoft Entra; the dev host can only sign in to a server in sandbox mode, so API calls will be refused.</MessageBarBody>
          </MessageBar>
        )}
        <main className={styles.main}>
          <div className={styles.mailbox}>
            {loadInbox !== undefined && <OutlookInbox key={state.user.email} host={host} load={loadInbox} />}
            <MailboxPreview host={host} state={state} />
            <ActivityLog activity={state.activity} />
          </div>
          <div className={styles.pane} role="complementary" aria-label="Task pane">
            {/* why: Outlook loads a fresh pane per display language and user; remounting mirrors that */}
            <App key={`${state.language}|${state.user.email}`} host={host} api={api} />
          </div>
        </main>
      </div>
    </FluentProvider>
  );
}
