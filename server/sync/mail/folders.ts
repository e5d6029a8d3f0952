import { TRASH, type FolderKey } from './model.js';

/**
 * One logical folder and where it lives on each side.
 * - `dingtalk`: an IMAP path (`INBOX`, `Projects/Customs`) or an RFC 6154 special-use flag
 *   (`\Sent`, `\Trash`, `\Archive`) resolved against LIST at first use, because DingTalk Mail names its
 *   folders per locale.
 * - `exchange`: a Graph well-known folder name (`inbox`, `sentitems`, `archive`, `deleteditems`,
 *   microsoft.md §4.1) or a mailFolder id.
 */
export interface FolderMapping {
  key: FolderKey;
  dingtalk: string;
  exchange: string;
}

export interface FolderMap {
  readonly folders: readonly FolderMapping[];
}

export const DEFAULT_FOLDERS: readonly FolderMapping[] = [
  { key: 'inbox', dingtalk: 'INBOX', exchange: 'inbox' },
  { key: 'sent', dingtalk: '\\Sent', exchange: 'sentitems' },
  { key: 'archive', dingtalk: '\\Archive', exchange: 'archive' },
  { key: TRASH, dingtalk: '\\Trash', exchange: 'deleteditems' },
];

/** Graph well-known names a mapping may use instead of an id (microsoft.md §4.1). */
export const GRAPH_WELL_KNOWN = new Set(['inbox', 'sentitems', 'archive', 'deleteditems', 'drafts', 'junkemail', 'outbox']);

/**
 * Validates a mapping: keys, IMAP paths and Graph folders unique, and a `trash` folder present (every
 * delete goes there). Custom folders are appended to the defaults unless `replaceDefaults` is set.
 */
export function folderMap(custom: readonly FolderMapping[] = [], options: { replaceDefaults?: boolean } = {}): FolderMap {
  const folders = options.replaceDefaults === true ? [...custom] : [...DEFAULT_FOLDERS.filter((d) => !custom.some((c) => c.key === d.key)), ...custom];
  for (const field of ['key', 'dingtalk', 'exchange'] as const) {
    const seen = new Set<string>();
    for (const f of folders) {
      if (f[field].trim() === '') throw new Error(`folder mapping ${JSON.stringify(f.key)}: empty ${field}`);
      if (seen.has(f[field])) throw new Error(`folder mapping: ${field} ${JSON.stringify(f[field])} used twice`);
      seen.add(f[field]);
    }
  }
  if (!folders.some((f) => f.key === TRASH)) throw new Error('folder mapping must contain a "trash" folder: deletes go there');
  return { folders };
}

export function folderKeys(map: FolderMap): FolderKey[] {
  return map.folders.map((f) => f.key);
}

export function mappingOf(map: FolderMap, key: FolderKey): FolderMapping {
  const found = map.folders.find((f) => f.key === key);
  if (found === undefined) throw new Error(`unknown logical folder ${JSON.stringify(key)}`);
  return found;
}

/** Backfill order: the folders people look at first, trash last. */
export function backfillOrder(map: FolderMap): FolderKey[] {
  const rank = (key: FolderKey): number => (key === 'inbox' ? 0 : key === 'sent' ? 1 : key === TRASH ? 3 : 2);
  return folderKeys(map).sort((a, b) => rank(a) - rank(b));
}
