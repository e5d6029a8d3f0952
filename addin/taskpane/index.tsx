import { createRoot } from 'react-dom/client';
import { HttpBridgeApi } from '../api/http-bridge-api.js';
import { fetchAuthConfig } from '../auth/auth-config.js';
import { createTokenProvider } from '../auth/create-token-provider.js';
import { pickLocale } from '../i18n/locale.js';
import { OutlookOfficeHost, whenOfficeReady } from '../office/office-host.js';
import { App } from './App.js';

/** The sign-in dialog page for clients without nested app authentication (built next to this page). */
const AUTH_DIALOG_PAGE = 'auth-dialog.html';

/**
 * Entry of taskpane.html inside Outlook: wait for office.js, read the server's sign-in mode, render
 * the pane once (the Office-Addin-TaskPane-React pattern).
 */
async function main(container: HTMLElement): Promise<void> {
  // why: the sign-in config does not depend on Office; asking for it while office.js starts saves a round trip
  const config = fetchAuthConfig('');
  config.catch(() => undefined); // handled where it is awaited; avoids an unhandled rejection meanwhile
  try {
    await whenOfficeReady();
  } catch (error) {
    // why: outside Outlook (or with office.js blocked) there is no mailbox; say so instead of a blank pane
    container.textContent = `${error instanceof Error ? error.message : 'Office is not available'}. The dev host at /addin/devhost.html runs the pane without Outlook.`;
    return;
  }
  const host = new OutlookOfficeHost();
  const locale = pickLocale(host.displayLanguage());
  document.documentElement.lang = locale;
  const tokens = createTokenProvider(await config, {
    host,
    sandboxUser: () => host.user(),
    dialogUrl: new URL(AUTH_DIALOG_PAGE, window.location.href).toString(),
  });
  const api = new HttpBridgeApi({ tokens });
  // why: warm the token while React renders, so the first search does not wait for sign-in
  void tokens.getToken().catch(() => undefined);
  createRoot(container).render(<App host={host} api={api} />);
}

const container = document.getElementById('root');
if (container !== null) {
  main(container).catch((error: unknown) => {
    container.textContent = `The pane could not start: ${error instanceof Error ? error.message : String(error)}`;
  });
}
