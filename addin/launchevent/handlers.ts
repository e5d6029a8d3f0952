import { completeEvent, completeSend, type LaunchEvent, type LaunchEventHost, type SendVerdict } from '../office/launch-event-host.js';
import { NOTICE_TIMEOUT_MS, withDeadline } from './deadline.js';
import { CANCEL_LABEL_MAX, NOTICE_MAX, clip, noticeText, sendText } from './messages.js';
import { checkRecipients, type CheckBackend, type CheckOutcome } from './recipient-check.js';
import { stringsFor } from './strings.js';

/** Key of our one notification bar: a warning, or a note that the check could not run. */
export const NOTICE_KEY = 'dingtalkBridgeRecipientCheck';

export interface LaunchEventDeps extends CheckBackend {
  /** the host for the item of the current event */
  host: () => LaunchEventHost;
  /** budget for reading the recipients and asking the backend (CHECK_TIMEOUT_MS in production) */
  timeoutMs: number;
  /** budget for showing or clearing the notification (NOTICE_TIMEOUT_MS by default) */
  noticeTimeoutMs?: number;
  /** manifest control id for the Smart Alerts dialog's Take Action button (e.g. the task pane's) */
  commandId?: string;
}

export interface LaunchEventHandlers {
  onMessageRecipientsChangedHandler(event: LaunchEvent): Promise<void>;
  onMessageSendHandler(event: LaunchEvent): Promise<void>;
}

/**
 * The two event-based handlers. Both always call `event.completed` exactly once, whatever fails:
 * an uncompleted OnMessageSend holds the mail until the platform's timeout. The rule throughout is
 * that our backend being slow, down or wrong never stops a mail: such a check ends in "allow" plus a
 * non-blocking notification saying why.
 */
export function createLaunchEventHandlers(deps: LaunchEventDeps): LaunchEventHandlers {
  /** Recipient changes arrive in bursts; only the newest check may touch the notification. */
  let latestChange = 0;
  const noticeTimeoutMs = deps.noticeTimeoutMs ?? NOTICE_TIMEOUT_MS;

  async function check(host: LaunchEventHost): Promise<CheckOutcome> {
    const outcome = await withDeadline(deps.timeoutMs, async (signal) => {
      let addresses: string[];
      try {
        addresses = await host.recipients();
      } catch {
        return { kind: 'unavailable', reason: { kind: 'recipients-unreadable' } } satisfies CheckOutcome;
      }
      return checkRecipients(addresses, deps, signal);
    });
    return outcome === 'timed-out' ? { kind: 'unavailable', reason: { kind: 'timeout' } } : outcome;
  }

  return {
    async onMessageRecipientsChangedHandler(event) {
      const change = ++latestChange;
      try {
        const host = deps.host();
        const strings = stringsFor(host.displayLanguage());
        const outcome = await check(host);
        if (change !== latestChange) return;
        await withDeadline(noticeTimeoutMs, () => {
          if (outcome.kind === 'unavailable') return host.showNotice(NOTICE_KEY, { severity: 'info', message: clip(strings.unavailable(outcome.reason), NOTICE_MAX) });
          if (outcome.warnings.length === 0) return host.clearNotice(NOTICE_KEY);
          return host.showNotice(NOTICE_KEY, { severity: 'warning', message: noticeText(strings, outcome.warnings) });
        });
      } catch {
        // why: the bar is advice; failing to show it must not leave the event open
      } finally {
        completeEvent(event);
      }
    },

    async onMessageSendHandler(event) {
      let verdict: SendVerdict = { allow: true };
      try {
        const host = deps.host();
        const strings = stringsFor(host.displayLanguage());
        const outcome = await check(host);
        if (outcome.kind === 'checked' && outcome.warnings.length > 0) {
          verdict = {
            allow: false,
            message: sendText(strings, outcome.warnings),
            cancelLabel: clip(strings.cancelLabel, CANCEL_LABEL_MAX),
            ...(deps.commandId !== undefined ? { commandId: deps.commandId } : {}),
          };
        } else if (outcome.kind === 'unavailable') {
          const message = clip(strings.unavailable(outcome.reason), NOTICE_MAX);
          await withDeadline(noticeTimeoutMs, () => host.showNotice(NOTICE_KEY, { severity: 'info', message })).catch(() => undefined);
        }
      } catch {
        verdict = { allow: true };
      } finally {
        completeSend(event, verdict);
      }
    },
  };
}
