/**
 * Mailbox requirement sets that manifest features need (microsoft.md §1.5, §1.6, §2.4;
 * office-js-docs-pr docs/develop/event-based-activation.md, "Outlook events" table).
 *
 * Decisions for this add-in (checked by checkManifestStructure, so the manifest cannot drift):
 * - Base `<Requirements>`: Mailbox 1.1. The base manifest only declares the task pane
 *   (FormSettings), which every Outlook with add-ins can show; a client that fails the base
 *   requirement never sees the add-in at all (Requirements element docs), so it stays at the floor.
 *   The pane feature-detects anything newer at run time (`isSetSupported`, §2.4).
 * - VersionOverrides V1_1 `<Requirements>`: Mailbox 1.12. One Requirements element gates the whole
 *   V1_1 block (buttons, pinning, events), so it must be the highest of what the block uses:
 *   V1_1 itself and SupportsPinning need 1.5, OnMessageRecipientsChanged 1.11, OnMessageSend 1.12.
 *   Microsoft's Smart Alerts walkthrough declares the same 1.12. Clients below 1.12 skip V1_1 (no
 *   buttons, pinning or events; at most the base manifest's task pane). The desktop and web clients
 *   that support nested app authentication (our sign-in, §2.5: classic Windows ≥ 2408/2409, Mac
 *   16.89 new UI, web) already support 1.12 or later (§2.4), so a V1_0 fallback ribbon at 1.3 would
 *   only serve clients on which the pane cannot sign in. Mobile is out of scope (no MobileFormFactor).
 */

/** Minimum Mailbox set of each LaunchEvent Type (add-in-only manifest names). */
export const LAUNCH_EVENT_MIN_SET: Readonly<Record<string, string>> = {
  OnNewMessageCompose: '1.10',
  OnNewAppointmentOrganizer: '1.10',
  OnMessageAttachmentsChanged: '1.11',
  OnAppointmentAttachmentsChanged: '1.11',
  OnMessageRecipientsChanged: '1.11',
  OnAppointmentAttendeesChanged: '1.11',
  OnAppointmentTimeChanged: '1.11',
  OnAppointmentRecurrenceChanged: '1.11',
  OnInfoBarDismissClicked: '1.11',
  OnMessageSend: '1.12',
  OnAppointmentSend: '1.12',
  OnMessageCompose: '1.12',
  OnAppointmentOrganizer: '1.12',
  OnMessageFromChanged: '1.13',
  OnAppointmentFromChanged: '1.13',
  OnSensitivityLabelChanged: '1.13',
};

/** VersionOverrides 1.1 is associated with Mailbox 1.5 (versionoverrides-1-1-mail reference). */
export const VERSION_OVERRIDES_V1_1_MIN_SET = '1.5';
/** `<SupportsPinning>` needs Mailbox 1.5 (§1.5). */
export const PINNING_MIN_SET = '1.5';
/** The base manifest's floor for this add-in (see above). */
export const BASE_MIN_SET = '1.1';

/** Compares dotted versions numerically: '1.12' > '1.5'. Negative, zero or positive like a sort comparator. */
export function compareSets(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The highest of the given sets ('1.1' for none). */
export function maxSet(sets: Iterable<string>): string {
  let best = '1.1';
  for (const set of sets) if (compareSets(set, best) > 0) best = set;
  return best;
}
