/**
 * The Office side of the event-based handlers (addin/launchevent/): the only code in that bundle that
 * touches `Office.*`. It runs in the event runtime, where Office.onReady never fires and the DOM,
 * dialogs and display*Form are unavailable (microsoft.md §1.6; docs: outlook/autolaunch
 * "Event-based add-ins in classic Outlook on Windows", "Unsupported APIs"), so it uses only the item's
 * async APIs, notification messages and `event.completed`.
 */

/** The object Outlook hands to a launch-event handler (RecipientsChanged or MessageSend). */
export type LaunchEvent = Office.MailboxEvent;

/** A notification bar on the item being composed. */
export interface Notice {
  /** 'warning': something to fix; 'info': something to know (e.g. the check could not run) */
  severity: 'warning' | 'info';
  /** at most 150 characters (NotificationMessageDetails.message) */
  message: string;
}

export interface LaunchEventHost {
  /** BCP-47 tag of Outlook's display language, e.g. zh-CN */
  displayLanguage(): string;
  /** The addresses in To, Cc and Bcc of the item being composed, in that order */
  recipients(): Promise<string[]>;
  /** Shows or replaces the add-in's notification with this key */
  showNotice(key: string, notice: Notice): Promise<void>;
  /** Removes it; succeeds when there was none */
  clearNotice(key: string): Promise<void>;
}

/** What OnMessageSend decided. */
export type SendVerdict =
  | { allow: true }
  | {
      allow: false;
      /** the Smart Alerts dialog text, at most 500 characters */
      message: string;
      /** at most 20 characters; see completeSend */
      cancelLabel: string;
      /** manifest id of a task pane or function command for the dialog's Take Action button */
      commandId?: string;
    };

export interface LaunchEventHostOptions {
  /**
   * resid of a 16px icon in the manifest. InformationalMessage notifications require an icon
   * (NotificationMessageDetails.icon); without one, info notices fall back to ErrorMessage, which
   * needs no icon.
   */
  infoIcon?: string;
}

/** The host for the current item; call it per event, since each event may concern another item. */
export function officeLaunchEventHost(options: LaunchEventHostOptions = {}): LaunchEventHost {
  return {
    displayLanguage: () => Office.context.displayLanguage || 'en-US',
    async recipients() {
      // why: in the compose events this add-in handles, the item is a MessageCompose
      const item = Office.context.mailbox.item as Office.MessageCompose | null;
      if (item === null || item === undefined) return [];
      const fields = await Promise.all([item.to, item.cc, item.bcc].map(addressesOf));
      return fields.flat();
    },
    showNotice(key, notice) {
      const details: Office.NotificationMessageDetails =
        notice.severity === 'info' && options.infoIcon !== undefined
          ? { type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage, message: notice.message, icon: options.infoIcon, persistent: false }
          : // ErrorMessage takes no icon or persistent flag (they would throw: NotificationMessageDetails.type)
            { type: Office.MailboxEnums.ItemNotificationMessageType.ErrorMessage, message: notice.message };
      return new Promise((resolve, reject) => {
        const item = Office.context.mailbox.item;
        if (item === null || item === undefined) return resolve();
        item.notificationMessages.replaceAsync(key, details, (result) => (result.status === Office.AsyncResultStatus.Failed ? reject(asError(result)) : resolve()));
      });
    },
    clearNotice(key) {
      return new Promise((resolve) => {
        const item = Office.context.mailbox.item;
        if (item === null || item === undefined) return resolve();
        // why: removing a key that is not shown fails; either way the bar is gone, which is all we want
        item.notificationMessages.removeAsync(key, () => resolve());
      });
    },
  };
}

/** Ends a launch event that has nothing to decide (e.g. OnMessageRecipientsChanged). */
export function completeEvent(event: LaunchEvent): void {
  event.completed();
}

/**
 * Ends OnMessageSend. A block asks the user instead of forbidding: `sendModeOverride: PromptUser`
 * (Mailbox 1.14) turns the manifest's SoftBlock into a Smart Alerts dialog with **Send Anyway**
 * (docs: onmessagesend-onappointmentsend-events "prompt user"). `cancelLabel` renames the Don't Send
 * button on older clients and the Take Action button on newer ones, where that button only appears
 * with a `commandId` (SmartAlertsEventCompletedOptions.cancelLabel).
 */
export function completeSend(event: LaunchEvent, verdict: SendVerdict): void {
  if (verdict.allow) {
    event.completed({ allowEvent: true });
    return;
  }
  event.completed({
    allowEvent: false,
    errorMessage: verdict.message,
    cancelLabel: verdict.cancelLabel,
    // why the fallback: clients before Mailbox 1.14 lack the enum; they ignore the option anyway
    sendModeOverride: Office.MailboxEnums.SendModeOverride?.PromptUser ?? 'promptUser',
    ...(verdict.commandId !== undefined ? { commandId: verdict.commandId } : {}),
  });
}

/**
 * Registers a handler under the manifest's FunctionName. Without it a SoftBlock OnMessageSend add-in
 * blocks every send (microsoft.md §2.3), so the entry registers at load time, before any event.
 */
export function associateHandler(name: string, handler: (event: LaunchEvent) => unknown): void {
  Office.actions.associate(name, handler);
}

function addressesOf(field: Office.Recipients | undefined): Promise<string[]> {
  if (field === undefined) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    field.getAsync((result) => {
      if (result.status === Office.AsyncResultStatus.Failed) reject(asError(result));
      else resolve(result.value.map((recipient) => recipient.emailAddress).filter((address) => typeof address === 'string' && address !== ''));
    });
  });
}

function asError(result: Office.AsyncResult<unknown>): Error {
  return new Error(result.error?.message || 'Office call failed');
}

/** The signed-in mailbox's address (userProfile is available in event handlers); null outside Outlook. */
export function mailboxUserEmail(): string | null {
  const address = typeof Office === 'undefined' ? undefined : Office.context?.mailbox?.userProfile?.emailAddress;
  return typeof address === 'string' && address.length > 0 ? address : null;
}

/** The part of OfficeRuntime.auth we use; @types/office-js does not declare the OfficeRuntime namespace. */
interface OfficeRuntimeAuth {
  getAccessToken(options: { allowSignInPrompt?: boolean; allowConsentPrompt?: boolean }): Promise<string>;
}

/**
 * An SSO token for our API from inside an event handler. `Office.context.auth.getAccessToken` is blocked
 * there; `OfficeRuntime.auth.getAccessToken` is the documented replacement (microsoft.md §1.6, needs the
 * manifest's WebApplicationInfo and IdentityAPI 1.3). Silent only: an event handler may show no UI.
 * Answers null when the runtime has no SSO or Office cannot get a token without the user.
 */
export async function officeRuntimeToken(): Promise<string | null> {
  const runtime = (globalThis as { OfficeRuntime?: { auth?: OfficeRuntimeAuth } }).OfficeRuntime;
  if (runtime?.auth?.getAccessToken === undefined) return null;
  try {
    return await runtime.auth.getAccessToken({ allowSignInPrompt: false, allowConsentPrompt: false });
  } catch {
    return null;
  }
}
