import type { RecipientWarning } from '../../shared/recipients-api.js';
import type { LaunchEventStrings } from './strings.js';

/** NotificationMessageDetails.message: longer text throws ArgumentOutOfRange. */
export const NOTICE_MAX = 150;
/** SmartAlertsEventCompletedOptions.errorMessage limit. */
export const DIALOG_MAX = 500;
export const CANCEL_LABEL_MAX = 20;
/** Lines the Smart Alerts dialog lists before "…and N more". */
const DIALOG_LINES = 4;

/** One warning in words: the address it resembles and whose it is. */
export function describeWarning(strings: LaunchEventStrings, warning: RecipientWarning): string {
  if (warning.resembles !== null) return strings.resembles(warning.address, warning.resembles.email, warning.resembles.name);
  return strings.domainResembles(warning.address, warning.resemblesDomain ?? '');
}

/** The notification bar for OnMessageRecipientsChanged: the first lookalike, and how many more. */
export function noticeText(strings: LaunchEventStrings, warnings: readonly RecipientWarning[]): string {
  const [first] = warnings;
  return clip(first === undefined ? '' : strings.notice(describeWarning(strings, first), warnings.length - 1), NOTICE_MAX);
}

/** The Smart Alerts dialog text for OnMessageSend. */
export function sendText(strings: LaunchEventStrings, warnings: readonly RecipientWarning[]): string {
  const lines = warnings.slice(0, DIALOG_LINES).map((w) => describeWarning(strings, w));
  return clip(strings.send(lines, warnings.length - lines.length), DIALOG_MAX);
}

/**
 * Shortens to at most `max` UTF-16 units (what JavaScript's length and Office's limits count), ending
 * in '…', without cutting a surrogate pair in half.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}
