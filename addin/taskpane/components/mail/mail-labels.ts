import type { MailConflictKind, Strings, WellKnownMailFolder } from '../../../i18n/strings.js';

const WELL_KNOWN_FOLDERS: ReadonlySet<string> = new Set<WellKnownMailFolder>(['inbox', 'sent', 'archive', 'trash']);
const CONFLICT_KINDS: ReadonlySet<string> = new Set<MailConflictKind>(['content', 'folder', 'first-sync', 'edit-beats-delete', 'edit-beats-trash']);

/** The four logical folders in the viewer's language; a custom folder keeps the name it was mapped with. */
export function folderLabel(t: Strings, folder: string): string {
  return WELL_KNOWN_FOLDERS.has(folder) ? t.mailFolder[folder as WellKnownMailFolder] : folder;
}

/** A conflict kind decide() reports, in the viewer's language; a kind this pane does not know yet is shown as sent. */
export function conflictKindLabel(t: Strings, kind: string): string {
  return CONFLICT_KINDS.has(kind) ? t.conflictKind[kind as MailConflictKind] : kind;
}
