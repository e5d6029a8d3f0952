import { createStandardPublicClientApplication } from '@azure/msal-browser';
import { messageParent, whenOfficeReady } from '../office/office-host.js';
import { fetchAuthConfig } from './auth-config.js';
import type { AuthDialogMessage } from './dialog-token-provider.js';

/**
 * The page inside the Office sign-in dialog (auth-dialog.html), for clients without nested app
 * authentication. It runs the standard MSAL redirect flow with itself as the redirect URI (register
 * `https://<host>/addin/auth-dialog.html` as a SPA redirect URI in Entra), then posts the access
 * token to the pane with messageParent and is closed by it.
 */
async function main(): Promise<void> {
  await whenOfficeReady();
  const config = await fetchAuthConfig('');
  if (config === null || config.mode !== 'entra') throw new Error('this server does not use Microsoft Entra sign-in');
  const pca = await createStandardPublicClientApplication({
    auth: { clientId: config.spaClientId, authority: config.authority, redirectUri: `${window.location.origin}${window.location.pathname}` },
    // why: the dialog is a separate window; sessionStorage keeps the redirect state within it
    cache: { cacheLocation: 'sessionStorage' },
  });
  const result = await pca.handleRedirectPromise();
  if (result === null) {
    await pca.acquireTokenRedirect({ scopes: [config.apiScope] });
    return;
  }
  const expiresOn = result.expiresOn?.getTime() ?? Date.now();
  send({ status: 'ok', accessToken: result.accessToken, expiresOn });
}

function send(message: AuthDialogMessage): void {
  messageParent(JSON.stringify(message));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : 'sign-in failed';
  try {
    send({ status: 'error', message });
  } catch {
    document.body.textContent = `Sign-in failed: ${message}`;
  }
});
