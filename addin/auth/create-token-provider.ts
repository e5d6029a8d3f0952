import type { AuthDialogHost } from '../office/office-host.js';
import type { OfficeHost } from '../office/host.js';
import type { AuthConfig } from './auth-config.js';
import { DialogTokenProvider } from './dialog-token-provider.js';
import { NestedAppAuthTokenProvider } from './nested-app-auth-provider.js';
import { SandboxTokenProvider, type SandboxUser } from './sandbox-token-provider.js';
import { NoTokenProvider, SignInError, type TokenProvider } from './token-provider.js';

export interface TokenProviderContext {
  host: OfficeHost & Partial<AuthDialogHost>;
  /** who to be in sandbox mode: the dev host's picked user, or Outlook's mailbox owner */
  sandboxUser: () => SandboxUser | null;
  /** the sign-in dialog page, for Entra sign-in without nested app authentication */
  dialogUrl: string;
  fetch?: typeof fetch;
}

/**
 * Picks how the pane signs in, from the server's /auth/config (null = the server has no sign-in).
 * Entra: nested app authentication where the host supports it, else the Office dialog fallback.
 */
export function createTokenProvider(config: AuthConfig | null, context: TokenProviderContext): TokenProvider {
  if (config === null) return new NoTokenProvider();
  if (config.mode === 'sandbox') {
    return new SandboxTokenProvider({
      tokenUrl: config.sandboxTokenUrl ?? '/auth/sandbox/token',
      user: context.sandboxUser,
      ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
    });
  }
  const settings = { clientId: config.spaClientId, authority: config.authority, apiScope: config.apiScope };
  if (context.host.supportsNestedAppAuth()) return new NestedAppAuthTokenProvider(settings);
  const { openAuthDialog } = context.host;
  if (openAuthDialog !== undefined) return new DialogTokenProvider({ openAuthDialog: (url) => openAuthDialog.call(context.host, url) }, context.dialogUrl);
  return {
    kind: 'none',
    getToken: async () => {
      throw new SignInError('unavailable', 'this host cannot sign in to Microsoft Entra (the dev host works in sandbox mode only)');
    },
    invalidate: () => undefined,
  };
}
