import type { MailSyncStore } from './mail-sync-store.js';
import { sideOf, type FolderKey, type LinkRecord, type LinkSide, type Side, type SideItem } from './model.js';
import { emptySideTrip, type BreakerConfig, type BreakerTrip, type Relink, type SideView } from './plan.js';
import type { ItemRef, MailSide } from './side.js';

export interface GatherInput {
  mailbox: string;
  side: MailSide;
  folder: FolderKey;
  cursor: string | null;
  store: MailSyncStore;
  /**
   * Status rows agreed in this folder or with a copy last seen there (memoised by the caller). Loaded
   * only when needed: before the read when the side uses known ids, after it when the read turned out
   * complete (first read, or a Graph 410 the adapter answered with a fresh round) — a notification-driven
   * Graph delta never pays for a large folder.
   */
  folderLinks: () => Promise<readonly LinkRecord[]>;
  breaker: BreakerConfig;
  /** an admin released the breaker: locate disappearances even when the side reads empty */
  allowMassDelete: boolean;
}

export interface Gathered {
  view: SideView;
  relinks: Relink[];
  /** every status row the view touches, for the planner */
  links: LinkRecord[];
  /** persist once the plan ran */
  cursor: string;
  /** the side read as empty while the status knows many of its items here; nothing was located */
  emptyTrip: BreakerTrip | null;
  /** side calls spent locating disappeared or re-appeared items (for diagnostics) */
  located: number;
}

/**
 * Reads one side's changes of a folder and turns them into a planner view. The I/O half of planning:
 * - an item that left the folder (delta `@removed`, IMAP VANISHED, or missing from a complete read) is
 *   looked up (`locate`): moved to another mapped folder, out of scope, or really gone — a folder delta
 *   reports a move as a removal (microsoft.md §4.2), and only a confirmed disappearance may count as a
 *   delete;
 * - after an IMAP UIDVALIDITY change, the re-read folder is matched to the stored links by stamp, then
 *   by a Message-ID that names exactly one candidate, so nothing is copied again;
 * - an unknown item carrying the stamp or Message-ID of a linked item whose stored copy is gone is that
 *   item under a new id (an IMAP move seen from its destination folder first).
 * An empty complete read while the status knows more than `minItems` items here stops before any
 * lookup (sync-engines.md failure mode 1): nothing is located, so nothing can be planned as deleted.
 */
export async function gatherSide(input: GatherInput): Promise<Gathered> {
  const { side, folder } = input;
  const s = side.side;
  const knownOf = (rows: readonly LinkRecord[]) => rows.filter((l) => sideOf(l, s)?.folder === folder);
  let folderLinks = side.needsKnown || input.cursor === null ? await input.folderLinks() : null;
  const changes = await side.changes(folder, input.cursor, knownOf(folderLinks ?? []).map((l) => refOfLink(l, sideOf(l, s) as LinkSide)));
  if (folderLinks === null && (changes.complete || changes.idsReset)) folderLinks = await input.folderLinks();
  const known = knownOf(folderLinks ?? []);

  const emptyTrip = input.allowMassDelete ? null : emptySideTrip(folder, s, changes, known.length, input.breaker);
  if (emptyTrip !== null) {
    return { view: { complete: true, items: changes.items, gone: [] }, relinks: [], links: [...(folderLinks ?? [])], cursor: changes.cursor, emptyTrip, located: 0 };
  }

  const links = new Map((folderLinks ?? []).map((l) => [l.linkId, l]));
  const addLinks = (rows: readonly LinkRecord[]): void => rows.forEach((l) => links.set(l.linkId, l));
  const items = new Map<string, SideItem>();
  for (const item of changes.items) items.set(item.sideId, item);

  // which stored links do the reported ids belong to (items may have moved in from another folder)
  addLinks(await input.store.linksBySideIds(input.mailbox, s, [...items.keys(), ...changes.removed]));
  const bySideId = (): Map<string, LinkRecord> => {
    const map = new Map<string, LinkRecord>();
    for (const l of links.values()) {
      const stored = sideOf(l, s);
      if (stored !== null) map.set(stored.sideId, l);
    }
    return map;
  };
  let index = bySideId();
  const relinks: Relink[] = [];
  const relinkedLinks = new Set<string>();
  const claimedIds = new Set<string>();
  const relink = (link: LinkRecord, item: SideItem): void => {
    relinks.push({ linkId: link.linkId, side: s, sideId: item.sideId });
    relinkedLinks.add(link.linkId);
    claimedIds.add(item.sideId);
  };

  if (changes.idsReset) matchReset(known, [...items.values()], s, index, relink);

  // disappearances: removed ids, and (complete reads) stored ids the read did not return
  const missing = new Map<string, LinkRecord>();
  for (const sideId of changes.removed) {
    const link = index.get(sideId);
    if (link !== undefined && !items.has(sideId)) missing.set(link.linkId, link);
  }
  if (changes.complete) {
    for (const link of known) {
      const stored = sideOf(link, s) as LinkSide;
      if (!items.has(stored.sideId) && !relinkedLinks.has(link.linkId)) missing.set(link.linkId, link);
    }
  }
  const isClaimed = (linkId: string) => async (sideId: string): Promise<boolean> => {
    if (claimedIds.has(sideId)) return true;
    const owner = index.get(sideId) ?? (await input.store.linksBySideIds(input.mailbox, s, [sideId]))[0];
    return owner !== undefined && owner.linkId !== linkId;
  };
  const gone: string[] = [];
  let located = 0;
  for (const link of missing.values()) {
    const stored = sideOf(link, s) as LinkSide;
    located += 1;
    const found = await side.locate(refOfLink(link, stored), isClaimed(link.linkId));
    if (found === null) {
      gone.push(stored.sideId);
      continue;
    }
    items.set(found.sideId, found);
    if (found.sideId !== stored.sideId) relink(link, found);
  }

  // unknown items that may be a linked message under a new id
  index = bySideId();
  const unknown = [...items.values()].filter((i) => !index.has(i.sideId) && !claimedIds.has(i.sideId));
  const stamps = unknown.map((i) => i.linkId).filter((x): x is string => x !== null);
  const messageIds = unknown.map((i) => i.messageId).filter((x): x is string => x !== null);
  const candidates = [...(await input.store.linksByStamps(input.mailbox, stamps)), ...(await input.store.linksByMessageIds(input.mailbox, messageIds))];
  addLinks(candidates);
  for (const item of unknown) {
    const link = candidates.find(
      (l) =>
        l.state === 'active' &&
        !relinkedLinks.has(l.linkId) &&
        sideOf(l, s) !== null &&
        !items.has((sideOf(l, s) as LinkSide).sideId) &&
        ((item.linkId !== null && (sideOf(l, s)?.stamp === item.linkId || l.linkId === item.linkId)) || (item.messageId !== null && l.messageId === item.messageId)),
    );
    if (link === undefined) continue;
    const stored = sideOf(link, s) as LinkSide;
    located += 1;
    const found = await side.locate(refOfLink(link, stored), isClaimed(link.linkId));
    // the stored copy is this item (moved), or no longer exists and this item carries its stamp
    if (found?.sideId === item.sideId || (found === null && item.linkId !== null && stored.stamp === item.linkId)) relink(link, item);
  }

  return { view: { complete: changes.complete, items: [...items.values()], gone }, relinks, links: [...links.values()], cursor: changes.cursor, emptyTrip: null, located };
}

/** UIDVALIDITY changed: every stored id of the folder is void; match the re-read by stamp, then by a unique Message-ID. */
function matchReset(known: readonly LinkRecord[], listed: readonly SideItem[], s: Side, index: Map<string, LinkRecord>, relink: (l: LinkRecord, i: SideItem) => void): void {
  const free = new Set(listed.filter((i) => !index.has(i.sideId)));
  const unmatched: LinkRecord[] = [];
  for (const link of known) {
    const stored = sideOf(link, s) as LinkSide;
    const stamp = stored.stamp;
    const hit = stamp === null ? undefined : [...free].find((i) => i.linkId === stamp);
    if (hit !== undefined) {
      relink(link, hit);
      free.delete(hit);
    } else unmatched.push(link);
  }
  const byMessageId = new Map<string, SideItem[]>();
  for (const item of free) if (item.messageId !== null) byMessageId.set(item.messageId, [...(byMessageId.get(item.messageId) ?? []), item]);
  const wanted = new Map<string, number>();
  for (const link of unmatched) if (link.messageId !== null) wanted.set(link.messageId, (wanted.get(link.messageId) ?? 0) + 1);
  for (const link of unmatched) {
    if (link.messageId === null) continue;
    const hits = byMessageId.get(link.messageId) ?? [];
    // ambiguous (two copies, or two links wanting one Message-ID): leave it to locate, never guess
    if (hits.length === 1 && wanted.get(link.messageId) === 1) relink(link, hits[0] as SideItem);
  }
}

function refOfLink(link: LinkRecord, stored: LinkSide): ItemRef {
  return { sideId: stored.sideId, folder: stored.folder, messageId: link.messageId, stamp: stored.stamp };
}
