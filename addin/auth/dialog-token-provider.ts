import type { AuthDialogHost } from '../office/office-host.js';
import { SignInError, type TokenProvider } from './token-provider.js';

/** What the sign-in dialog page (auth-dialog.ts) sends back with `messageParent`. */
export type AuthDialogMessage = { status: 'ok'; accessToken: string; expiresOn: number } | { status: 'error'; message: string };

/** Renew this long before expiry so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Fallback for Outlook clients without nested app authentication (NestedAppAuth 1.1 missing, e.g.
 * older builds, microsoft.md §2.5): sign in with standard MSAL inside an Office dialog, which posts
 * the token back. The dialog is opened through the host adapter; the token lives in memory only.
 */
export class DialogTokenProvider implements TokenProvider {
  readonly kind = 'office-dialog' as const;
  readonly #host: AuthDialogHost;
  readonly #dialogUrl: string;
  readonly #now: () => number;
  #cached: { token: string; expiresOn: number } | null = null;
  #pending: Promise<string> | null = null;

  constructor(host: AuthDialogHost, dialogUrl: string, now: () => number = Date.now) {
    this.#host = host;
    this.#dialogUrl = dialogUrl;
    this.#now = now;
  }

  async getToken(): Promise<string> {
    if (this.#cached !== null && this.#cached.expiresOn - EXPIRY_MARGIN_MS > this.#now()) return this.#cached.token;
    // why: Office allows one dialog at a time (error 12007), so concurrent callers share it
    this.#pending ??= this.#signIn().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  invalidate(): void {
    this.#cached = null;
  }

  async #signIn(): Promise<string> {
    let raw: string;
    try {
      raw = await this.#host.openAuthDialog(this.#dialogUrl);
    } catch (error) {
      throw new SignInError('cancelled', 'the sign-in window was closed or could not open', { cause: error });
    }
    let message: AuthDialogMessage;
    try {
      message = JSON.parse(raw) as AuthDialogMessage;
    } catch (error) {
      throw new SignInError('failed', 'the sign-in window sent an unreadable answer', { cause: error });
    }
    if (message.status !== 'ok') throw new SignInError('failed', message.message);
    this.#cached = { token: message.accessToken, expiresOn: message.expiresOn };
    return message.accessToken;
  }
}
