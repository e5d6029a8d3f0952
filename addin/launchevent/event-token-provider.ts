import { fetchAuthConfig, type AuthConfig } from '../auth/auth-config.js';
import { SandboxTokenProvider } from '../auth/sandbox-token-provider.js';
import type { TokenProvider } from './token-provider.js';

export interface EventTokenProviderOptions {
  origin: string;
  fetch: typeof fetch;
  /** the mailbox owner, who the sandbox signs in as */
  userEmail: () => string | null;
  /** Office's silent SSO token for our API (Entra mode); null when Office cannot get one without the user */
  entraToken: () => Promise<string | null>;
}

/**
 * Sign-in for the event handlers, which can show no UI (microsoft.md §1.6). With the sandbox identity
 * provider it signs in as the mailbox owner. With Entra it asks Office for a silent SSO token
 * (OfficeRuntime.auth.getAccessToken) rather than bundling MSAL for nested app auth, which would grow
 * this bundle from a few KB to ~80 KB in a runtime that cannot load chunks. Any failure answers null
 * and the handlers let the mail go with a note: the send check must never block mail on sign-in.
 */
export function eventTokenProvider(options: EventTokenProviderOptions): TokenProvider {
  let config: Promise<AuthConfig | null> | null = null;
  let sandbox: SandboxTokenProvider | null = null;
  return {
    async getToken() {
      try {
        config ??= fetchAuthConfig(options.origin, options.fetch);
        const auth = await config;
        if (auth === null) return null;
        if (auth.mode === 'entra') return await options.entraToken();
        if (auth.sandboxTokenUrl === undefined) return null;
        sandbox ??= new SandboxTokenProvider({
          tokenUrl: new URL(auth.sandboxTokenUrl, options.origin).href,
          user: () => {
            const email = options.userEmail();
            return email === null ? null : { email };
          },
          fetch: options.fetch,
        });
        return await sandbox.getToken();
      } catch {
        config = null; // a failed config read is retried on the next event
        return null;
      }
    },
  };
}
