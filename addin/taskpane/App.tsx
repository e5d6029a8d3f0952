import { makeStyles, Spinner, Tab, TabList, tokens } from '@fluentui/react-components';
import { ArrowSync20Regular } from '@fluentui/react-icons/svg/arrow-sync';
import { Chat20Regular } from '@fluentui/react-icons/svg/chat';
import { People20Regular } from '@fluentui/react-icons/svg/people';
import { ShieldPerson20Regular } from '@fluentui/react-icons/svg/shield-person';
import { lazy, Suspense, useState, type ReactElement } from 'react';
import type { BridgeApi } from '../api/bridge-api.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { OfficeHost } from '../office/host.js';
import { DirectoryView } from './components/DirectoryView.js';
import { PaneProviders } from './PaneProviders.js';
import { canOpenAdmin, PermissionsProvider, usePermissions } from './permissions.js';

// why: the directory is what the pane opens on; the other views load on first use to keep the first bundle small
const ThreadView = lazy(() => import(/* webpackChunkName: "thread-view" */ './components/ThreadView.js'));
const SyncStatusView = lazy(() => import(/* webpackChunkName: "sync-status-view" */ './components/SyncStatusView.js'));
// why: only admins open it, and it brings its own pickers, table and string table
const AdminView = lazy(() => import(/* webpackChunkName: "admin-view" */ './components/admin/AdminView.js'));

type ViewId = 'directory' | 'thread' | 'sync' | 'admin';

const useStyles = makeStyles({
  tabs: {
    // why: with the Admin tab, four labels may not fit a narrow pane; wrapping beats clipping a tab
    flexWrap: 'wrap',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingInline: tokens.spacingHorizontalXS,
  },
  panel: {
    flexGrow: 1,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
});

/**
 * Tabs for Directory, Thread, Sync status and (for admins, HR editors and auditors) Admin; the
 * directory is always mounted, the others on demand.
 */
function PaneTabs() {
  const styles = useStyles();
  const { t } = useI18n();
  const permissions = usePermissions();
  const [chosen, setChosen] = useState<ViewId>('directory');
  const showAdmin = canOpenAdmin(permissions);
  const view: ViewId = chosen === 'admin' && !showAdmin ? 'directory' : chosen;
  const tabs: Array<{ id: ViewId; label: string; icon: ReactElement }> = [
    { id: 'directory', label: t.tabDirectory, icon: <People20Regular /> },
    { id: 'thread', label: t.tabThread, icon: <Chat20Regular /> },
    { id: 'sync', label: t.tabSync, icon: <ArrowSync20Regular /> },
    ...(showAdmin ? [{ id: 'admin' as const, label: t.tabAdmin, icon: <ShieldPerson20Regular /> }] : []),
  ];
  return (
    <>
      <TabList className={styles.tabs} selectedValue={view} onTabSelect={(_event, data) => setChosen(data.value as ViewId)} aria-label={t.views} size="small">
        {tabs.map((tab) => (
          <Tab key={tab.id} id={`tab-${tab.id}`} value={tab.id} icon={tab.icon} aria-controls={`panel-${tab.id}`}>
            {tab.label}
          </Tab>
        ))}
      </TabList>
      {/* why: the directory stays mounted while hidden so the query, results and open card survive a tab switch */}
      <div role="tabpanel" id="panel-directory" aria-labelledby="tab-directory" className={styles.panel} hidden={view !== 'directory'}>
        <DirectoryView />
      </div>
      {view !== 'directory' && (
        <div role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`} className={styles.panel}>
          <Suspense fallback={<Spinner size="tiny" label={t.loading} />}>
            {view === 'thread' ? <ThreadView /> : view === 'sync' ? <SyncStatusView /> : <AdminView />}
          </Suspense>
        </div>
      )}
    </>
  );
}

export interface AppProps {
  host: OfficeHost;
  api: BridgeApi;
  /** the clock for relative times; tests pin it */
  now?: () => number;
}

/** The task pane, in Outlook's theme and display language. */
export function App({ host, api, now }: AppProps) {
  return (
    <PaneProviders host={host} api={api} {...(now === undefined ? {} : { now })}>
      <PermissionsProvider>
        <PaneTabs />
      </PermissionsProvider>
    </PaneProviders>
  );
}
