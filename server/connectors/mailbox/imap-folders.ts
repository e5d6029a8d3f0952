import type { ListResponse } from 'imapflow';
import type { MailboxFolder, SpecialUse } from './contract.js';

const SPECIAL_USES: readonly SpecialUse[] = ['\\Sent', '\\Trash', '\\Archive', '\\Drafts', '\\Junk'];

/**
 * Folder names that stand for a special use on servers without SPECIAL-USE (RFC 6154), in order of
 * preference. The Chinese names are what DingTalk/Alibaba Mail and Chinese clients (Foxmail, NetEase)
 * create; the English ones what Apple Mail, Thunderbird and Outlook create.
 */
const NAME_FALLBACKS: ReadonlyMap<SpecialUse, readonly string[]> = new Map([
  ['\\Sent', ['已发送', '已发送邮件', 'Sent', 'Sent Messages', 'Sent Items', 'Sent Mail']],
  ['\\Trash', ['已删除', '已删除邮件', 'Trash', 'Deleted Messages', 'Deleted Items', 'Deleted']],
  ['\\Drafts', ['草稿箱', '草稿', 'Drafts', 'Draft']],
  ['\\Junk', ['垃圾邮件', '垃圾箱', 'Junk', 'Spam', 'Junk E-mail', 'Junk Email']],
  ['\\Archive', ['归档', '存档', 'Archive', 'Archives']],
]);

/**
 * LIST → our folders, each special use on at most one folder: first what the server flags
 * (SPECIAL-USE), then our name table, then imapflow's own localized-name guess. Folders that cannot be
 * selected (\Noselect, \NonExistent) are left out.
 */
export function toMailboxFolders(listed: readonly ListResponse[]): MailboxFolder[] {
  const selectable = listed.filter((entry) => !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'));
  const assigned = new Map<string, SpecialUse>();
  const taken = new Set<SpecialUse>();
  const assign = (path: string, use: SpecialUse): void => {
    if (assigned.has(path) || taken.has(use)) return;
    assigned.set(path, use);
    taken.add(use);
  };

  for (const entry of selectable) {
    if (entry.path.toUpperCase() === 'INBOX') assign(entry.path, '\\Inbox');
  }
  for (const entry of selectable) {
    const fromServer = [...entry.flags].find((flag): flag is SpecialUse => (SPECIAL_USES as readonly string[]).includes(flag));
    if (fromServer !== undefined) assign(entry.path, fromServer);
  }
  // shallow folders first: "Sent" beats "Projects/Sent"
  const byDepth = [...selectable].sort((a, b) => a.parent.length - b.parent.length);
  for (const [use, names] of NAME_FALLBACKS) {
    for (const name of names) {
      const match = byDepth.find((entry) => entry.name.toLowerCase() === name.toLowerCase());
      if (match !== undefined) assign(match.path, use);
    }
  }
  for (const entry of selectable) {
    const guess = entry.specialUse;
    if (guess !== undefined && (SPECIAL_USES as readonly string[]).includes(guess)) assign(entry.path, guess as SpecialUse);
  }

  return selectable.map((entry) => ({ path: entry.path, specialUse: assigned.get(entry.path) ?? null }));
}
