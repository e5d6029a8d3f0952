import type { HostTheme, MailItemInfo, OfficeHost, Recipient, RecipientField } from './host.js';

/**
 * The real host: the only module (with the launch-event host) that touches `Office.*`. Everything is
 * feature-detected at call time because Outlook clients differ widely in the Mailbox requirement sets
 * they support (microsoft.md §2.4).
 */

/** `addAsync`/`setAsync` take at most 100 recipients per call (microsoft.md §2.2). */
const MAX_RECIPIENTS_PER_CALL = 100;
/** office.js never settles `Office.onReady` when it is blocked (microsoft.md §2.1), so give up after this. */
const OFFICE_READY_TIMEOUT_MS = 15_000;
/** relative luminance below which Outlook's body background counts as a dark theme */
const DARK_LUMINANCE = 0.4;
/** size of the sign-in dialog, in percent of the Outlook window */
const AUTH_DIALOG_SIZE = { height: 60, width: 30 } as const;
/** Office dialog error raised when the user closes the dialog window (Office dialog API docs) */
const DIALOG_CLOSED_BY_USER = 12006;

export class OfficeCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'OfficeCallError';
  }
}

export class OfficeUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfficeUnavailableError';
  }
}

/**
 * Waits for office.js. Rejects when the script did not load, never became ready, or the page is open
 * outside Outlook (onReady then reports host null, microsoft.md §3.2).
 */
export async function whenOfficeReady(timeoutMs = OFFICE_READY_TIMEOUT_MS): Promise<void> {
  if (typeof Office === 'undefined') throw new OfficeUnavailableError('office.js did not load');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OfficeUnavailableError(`office.js was not ready after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const info = await Promise.race([Office.onReady(), timeout]);
    if (info.host !== Office.HostType.Outlook) throw new OfficeUnavailableError('this page runs inside Outlook only');
  } finally {
    clearTimeout(timer);
  }
}

/** Sends a message from an Office dialog page to the pane that opened it. */
export function messageParent(message: string): void {
  Office.context.ui.messageParent(message);
}

/** What the sign-in fallback needs from the host; kept apart from `OfficeHost` because only Outlook has dialogs. */
export interface AuthDialogHost {
  /** Opens an Office dialog at `url` and resolves with the first message the page sends back. */
  openAuthDialog(url: string): Promise<string>;
}

type ReadMessage = Office.MessageRead;
type ComposeMessage = Office.MessageCompose;
type AnyItem = Office.Item & Partial<Record<string, unknown>>;

function settle<T>(invoke: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    invoke((result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new OfficeCallError(result.error.code, result.error.message));
    });
  });
}

function toRecipient(details: Office.EmailAddressDetails): Recipient {
  return details.displayName !== '' && details.displayName !== details.emailAddress
    ? { email: details.emailAddress, name: details.displayName }
    : { email: details.emailAddress };
}

function toEmailUser(recipient: Recipient): Office.EmailUser {
  return { emailAddress: recipient.email, displayName: recipient.name ?? recipient.email };
}

/** In read mode `subject` is a string; in compose mode it is an object with getAsync (the documented test). */
function isReadItem(item: Office.Item): item is Office.Item & ReadMessage {
  return typeof (item as AnyItem).subject === 'string';
}

function relativeLuminance(hex: string): number | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (match === null) return null;
  const value = Number.parseInt(match[1] ?? '', 16);
  const channel = (shift: number): number => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

/** `OfficeHost` over `Office.context.mailbox`. Create it after `whenOfficeReady()`. */
export class OutlookOfficeHost implements OfficeHost, AuthDialogHost {
  readonly kind = 'outlook' as const;
  readonly #itemListeners = new Set<() => void>();
  readonly #themeListeners = new Set<() => void>();
  readonly #onItemChanged = (): void => {
    for (const listener of [...this.#itemListeners]) listener();
  };
  readonly #onThemeChanged = (): void => {
    for (const listener of [...this.#themeListeners]) listener();
  };

  get #mailbox(): Office.Mailbox {
    return Office.context.mailbox;
  }

  displayLanguage(): string {
    return Office.context.displayLanguage || 'en-US';
  }

  theme(): HostTheme {
    // why: officeTheme exists in Outlook from Mailbox 1.14 only; older clients throw or return undefined
    try {
      const background = Office.context.officeTheme?.bodyBackgroundColor;
      const luminance = background === undefined ? null : relativeLuminance(background);
      return luminance !== null && luminance < DARK_LUMINANCE ? 'dark' : 'light';
    } catch {
      return 'light';
    }
  }

  /** Outlook's signed-in mailbox (userProfile, Mailbox 1.1): the identity for sandbox sign-in. */
  user(): Recipient {
    const profile = this.#mailbox.userProfile;
    return { email: profile.emailAddress, name: profile.displayName };
  }

  async currentItem(): Promise<MailItemInfo | null> {
    const item = this.#mailbox.item;
    if (item === null || item === undefined) return null;
    if (isReadItem(item)) {
      const from = (item as AnyItem).from as Office.EmailAddressDetails | undefined;
      return {
        mode: 'read',
        itemId: this.#restId(item.itemId),
        internetMessageId: item.internetMessageId || null,
        conversationId: item.conversationId || null,
        subject: item.subject,
        from: from === undefined ? null : toRecipient(from),
      };
    }
    const compose = item as Office.Item & ComposeMessage;
    const subject = await settle<string>((cb) => compose.subject.getAsync(cb)).catch(() => '');
    // why: from.getAsync is Mailbox 1.7; older clients have no `from` in compose mode
    const from =
      typeof compose.from?.getAsync === 'function'
        ? await settle<Office.EmailAddressDetails>((cb) => compose.from.getAsync(cb)).then(toRecipient, () => null)
        : null;
    return { mode: 'compose', itemId: null, internetMessageId: null, conversationId: compose.conversationId || null, subject, from };
  }

  onItemChanged(listener: () => void): () => void {
    this.#itemListeners.add(listener);
    if (this.#itemListeners.size === 1) {
      // why: removeHandlerAsync removes every handler of the type, so one Office handler fans out to all listeners
      this.#mailbox.addHandlerAsync(Office.EventType.ItemChanged, this.#onItemChanged);
    }
    return () => {
      if (!this.#itemListeners.delete(listener) || this.#itemListeners.size > 0) return;
      this.#mailbox.removeHandlerAsync(Office.EventType.ItemChanged);
    };
  }

  /** Outlook's theme changed (OfficeThemeChanged, Mailbox 1.14); a no-op subscription on older clients. */
  onThemeChanged(listener: () => void): () => void {
    if (!Office.context.requirements.isSetSupported('Mailbox', '1.14')) return () => undefined;
    this.#themeListeners.add(listener);
    if (this.#themeListeners.size === 1) this.#mailbox.addHandlerAsync(Office.EventType.OfficeThemeChanged, this.#onThemeChanged);
    return () => {
      if (!this.#themeListeners.delete(listener) || this.#themeListeners.size > 0) return;
      this.#mailbox.removeHandlerAsync(Office.EventType.OfficeThemeChanged);
    };
  }

  async getRecipients(field: RecipientField): Promise<Recipient[]> {
    const item = this.#mailbox.item;
    if (item === null || item === undefined) return [];
    if (isReadItem(item)) {
      // why: a received message never exposes its Bcc
      if (field === 'bcc') return [];
      const list = ((item as AnyItem)[field] as Office.EmailAddressDetails[] | undefined) ?? [];
      return list.map(toRecipient);
    }
    const recipients = (item as AnyItem)[field] as Office.Recipients | undefined;
    if (recipients === undefined) return [];
    const list = await settle<Office.EmailAddressDetails[]>((cb) => recipients.getAsync(cb));
    return list.map(toRecipient);
  }

  async addRecipients(field: RecipientField, recipients: Recipient[]): Promise<void> {
    const item = this.#mailbox.item;
    if (item === null || item === undefined || isReadItem(item)) throw new Error('the current item is not a draft');
    const target = (item as AnyItem)[field] as Office.Recipients | undefined;
    if (target === undefined || typeof target.addAsync !== 'function') throw new Error(`this draft has no ${field} field`);
    for (let at = 0; at < recipients.length; at += MAX_RECIPIENTS_PER_CALL) {
      const batch = recipients.slice(at, at + MAX_RECIPIENTS_PER_CALL).map(toEmailUser);
      await settle<void>((cb) => target.addAsync(batch, cb));
    }
  }

  newMessage(to: Recipient[]): void {
    // why: displayNewMessageForm is Mailbox 1.6 and throws on unknown parameters or over-limit values
    this.#mailbox.displayNewMessageForm({ toRecipients: to.slice(0, MAX_RECIPIENTS_PER_CALL).map((r) => ({ ...toEmailUser(r), recipientType: 'user' })) as Office.EmailAddressDetails[] });
  }

  displayReplyForm(htmlBody?: string): void {
    this.#readItemForReply().displayReplyForm(htmlBody ?? '');
  }

  displayReplyAllForm(htmlBody?: string): void {
    this.#readItemForReply().displayReplyAllForm(htmlBody ?? '');
  }

  supportsNestedAppAuth(): boolean {
    return Office.context.requirements.isSetSupported('NestedAppAuth', '1.1');
  }

  openAuthDialog(url: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      Office.context.ui.displayDialogAsync(url, { ...AUTH_DIALOG_SIZE, displayInIframe: false }, (result) => {
        if (result.status !== Office.AsyncResultStatus.Succeeded) {
          reject(new OfficeCallError(result.error.code, result.error.message));
          return;
        }
        const dialog = result.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
          if (!('message' in arg)) return;
          // why: DialogOrigin 1.1 reports the sender's origin; anything but our own origin is ignored
          if (arg.origin !== undefined && arg.origin !== window.location.origin) return;
          dialog.close();
          resolve(String(arg.message));
        });
        dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => {
          if (!('error' in arg)) return;
          reject(new OfficeCallError(arg.error, arg.error === DIALOG_CLOSED_BY_USER ? 'the sign-in window was closed' : 'the sign-in window failed'));
        });
      });
    });
  }

  /** Both reply forms are Mailbox 1.1 read-mode members (microsoft.md §2.2); a draft has neither. */
  #readItemForReply(): Office.Item & ReadMessage {
    const item = this.#mailbox.item;
    if (item === null || item === undefined || !isReadItem(item)) throw new Error('reply needs a received message');
    return item;
  }

  /** Read-mode ids are EWS ids; the REST form is what Graph and the backend understand (Mailbox 1.3, not on mobile). */
  #restId(ewsId: string | undefined): string | null {
    if (ewsId === undefined || ewsId === '') return null;
    try {
      return this.#mailbox.convertToRestId(ewsId, Office.MailboxEnums.RestVersion.v2_0);
    } catch {
      return ewsId;
    }
  }
}
