import type { IPublicClientApplication } from '@azure/msal-browser';
import { SignInError, type TokenProvider } from './token-provider.js';

type Msal = typeof import('@azure/msal-browser');

export interface EntraSettings {
  clientId: string;
  authority: string;
  /** the bridge API's scope; never only openid/profile (microsoft.md §2.5: send a token for our API) */
  apiScope: string;
}

/**
 * Microsoft Entra sign-in through Outlook's own account, with MSAL's nested app authentication
 * (microsoft.md §2.5): `acquireTokenSilent`, and `acquireTokenPopup` when the user has to consent or
 * sign in again. MSAL is loaded on first use, so it stays out of the pane's initial JavaScript.
 */
export class NestedAppAuthTokenProvider implements TokenProvider {
  readonly kind = 'nested-app-auth' as const;
  readonly #settings: EntraSettings;
  readonly #loadMsal: () => Promise<Msal>;
  #client: Promise<{ msal: Msal; pca: IPublicClientApplication }> | null = null;
  #forceRefresh = false;

  constructor(settings: EntraSettings, loadMsal: () => Promise<Msal> = () => import(/* webpackChunkName: "msal" */ '@azure/msal-browser')) {
    this.#settings = settings;
    this.#loadMsal = loadMsal;
  }

  async getToken(): Promise<string> {
    const { msal, pca } = await this.#init();
    const scopes = [this.#settings.apiScope];
    const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
    try {
      // why: under NAA the host supplies the account, so silent works without one on the first call
      const result = await pca.acquireTokenSilent({ scopes, forceRefresh: this.#forceRefresh, ...(account === undefined ? {} : { account }) });
      this.#forceRefresh = false;
      return result.accessToken;
    } catch (error) {
      const interactive =
        error instanceof msal.InteractionRequiredAuthError ||
        (error instanceof msal.BrowserAuthError && error.errorCode === msal.BrowserAuthErrorCodes.noAccountError);
      if (!interactive) throw new SignInError('failed', 'could not get a token silently', { cause: error });
    }
    try {
      const result = await pca.acquireTokenPopup({ scopes });
      pca.setActiveAccount(result.account);
      this.#forceRefresh = false;
      return result.accessToken;
    } catch (error) {
      const cancelled = error instanceof msal.BrowserAuthError && error.errorCode === msal.BrowserAuthErrorCodes.userCancelled;
      throw new SignInError(cancelled ? 'cancelled' : 'failed', cancelled ? 'sign-in was cancelled' : 'sign-in failed', { cause: error });
    }
  }

  invalidate(): void {
    this.#forceRefresh = true;
  }

  #init(): Promise<{ msal: Msal; pca: IPublicClientApplication }> {
    this.#client ??= (async () => {
      const msal = await this.#loadMsal();
      const pca = await msal.createNestablePublicClientApplication({
        auth: { clientId: this.#settings.clientId, authority: this.#settings.authority },
        cache: { cacheLocation: 'localStorage' },
      });
      return { msal, pca };
    })();
    // why: a failed init (e.g. network) must not be cached forever
    this.#client.catch(() => {
      this.#client = null;
    });
    return this.#client;
  }
}
