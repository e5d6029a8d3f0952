import { createRoot } from 'react-dom/client';
import { HttpBridgeApi } from '../api/http-bridge-api.js';
import { fetchAuthConfig } from '../auth/auth-config.js';
import { createTokenProvider } from '../auth/create-token-provider.js';
import { FakeOfficeHost } from '../office/fake-host.js';
import { DevHostPage } from './DevHostPage.js';
import { BridgeHttp } from '../api/http-client.js';
import type { DevInboxMessage } from './OutlookInbox.js';

/** The dev host's settings survive a reload, so a tester can keep a language/theme/user while iterating. */
const STORAGE_KEY = 'bridge.devhost';

interface SavedSettings {
  language?: string;
  theme?: 'light' | 'dark';
  user?: { email: string; name?: string };
}

function loadSettings(): SavedSettings {
  try {
    return JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as SavedSettings;
  } catch {
    return {};
  }
}

/**
 * Entry of devhost.html: the pane without Outlook. office.js is not loaded here; FakeOfficeHost
 * stands in for the mailbox and the backend's sandbox sign-in issues tokens for the chosen user.
 */
async function main(container: HTMLElement): Promise<void> {
  const saved = loadSettings();
  const host = new FakeOfficeHost({
    language: saved.language ?? navigator.language,
    ...(saved.theme === undefined ? {} : { theme: saved.theme }),
    ...(saved.user === undefined ? {} : { user: saved.user }),
  });
  host.subscribe(() => {
    const { language, theme, user } = host.getSnapshot();
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ language, theme, user }));
  });
  const authConfig = await fetchAuthConfig('').catch(() => null);
  const tokens = createTokenProvider(authConfig, { host, sandboxUser: () => host.user(), dialogUrl: '' });
  const api = new HttpBridgeApi({ tokens });
  const http = new BridgeHttp('', tokens, window.fetch.bind(window));
  const loadInbox = async (): Promise<DevInboxMessage[]> => (await http.json<{ messages: DevInboxMessage[] }>('GET', '/api/devhost/outlook-inbox')).messages;
  createRoot(container).render(<DevHostPage host={host} api={api} authConfig={authConfig} onUserChange={() => tokens.invalidate()} loadInbox={loadInbox} />);
}

const container = document.getElementById('root');
if (container !== null) {
  main(container).catch((error: unknown) => {
    container.textContent = `The dev host could not start: ${error instanceof Error ? error.message : String(error)}`;
  });
}
