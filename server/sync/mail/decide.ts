import { linkSideMatches, SIDES, sideOf, TRASH, type FolderKey, type LinkRecord, type Side, type SideItem } from './model.js';

/**
 * What the executor does for one message pair. Every non-empty list ends with exactly one terminal
 * action (`commit` or `unlink`); writes come first, in the fixed side order dingtalk → exchange.
 */
export type Action =
  /** create a copy of `from`'s item on `to` (stamped with a correlation token before the create) */
  | { kind: 'copy'; from: Side; to: Side; folder: FolderKey; seen: boolean; flagged: boolean }
  /** `from`'s content changed: create a fresh copy on `to`, then move `to`'s old copy to trash */
  | { kind: 'replace'; from: Side; to: Side; folder: FolderKey; seen: boolean; flagged: boolean }
  | { kind: 'move'; side: Side; folder: FolderKey }
  /** move to the trash folder (never a hard delete); audited */
  | { kind: 'trash'; side: Side }
  /** only the flags that differ are present */
  | { kind: 'setFlags'; side: Side; seen?: boolean; flagged?: boolean }
  /** write the link row with this agreed state and what each side holds after the writes */
  | { kind: 'commit'; folder: FolderKey; seen: boolean; flagged: boolean }
  /**
   * `gone`: nothing is left on either side, drop the row. `out-of-scope`: one copy left the mapped
   * folders; keep the row as a detached tombstone so nothing is re-copied, never delete anything. Audited.
   */
  | { kind: 'unlink'; reason: 'gone' | 'out-of-scope' };

export type ActionKind = Action['kind'];

export interface DecideContext {
  /**
   * The side that wins a true conflict: both sides moved the message to different folders, both edited
   * its content, or a first sync found the same message flagged on one side only.
   */
  priority: Side;
}

export const DEFAULT_DECIDE_CONTEXT: DecideContext = { priority: 'exchange' };

type Classified =
  | { kind: 'released' }
  | { kind: 'gone' }
  | { kind: 'outOfScope' }
  | { kind: 'present'; item: SideItem & { folder: FolderKey }; content: boolean; moved: boolean };

/**
 * The decision table (vdirsyncer's `_get_actions`, sync-engines.md §1, applied to mail): from the last
 * agreed state and what each side holds now, the actions that make both sides agree again. Pure and
 * total; `a` is the DingTalk side, `b` the Exchange side, null meaning "not there".
 *
 * Rules, in order (status present):
 * 1. Detached links never act; once neither copy is left the row is dropped.
 * 2. A copy that left the mapped folders unlinks the pair (out of scope ≠ deleted, KB 4345686 class).
 * 3. Nothing left anywhere → drop the row.
 * 4. One copy left (the other deleted, or released earlier): an *edit* on the survivor — content
 *    changed, or moved to a folder other than trash — beats the delete and re-creates the copy
 *    (edit beats delete). Otherwise the survivor goes to trash and the deleted side is released.
 * 5. Both present: content edited on one side replaces the other side's copy (both edited → priority
 *    side wins). Folder: a move on one side wins; both moved → the same folder is fine, a move beats a
 *    trash, an edit beats a trash, otherwise the priority side wins. Flags merge per flag against the
 *    agreed value; two booleans that both changed since the agreed state changed to the same value, so
 *    per-flag merging never conflicts.
 *
 * Status absent (never linked): one copy → copy it across, including items in trash so both sides stay
 * complete; both copies (paired by Message-ID by the planner) → link without a copy, folder as above
 * with the priority side winning, seen = read on either side (OR), flagged = the priority side's value.
 */
export function decide(status: LinkRecord | null, a: SideItem | null, b: SideItem | null, ctx: DecideContext): Action[] {
  if (status === null) return decideUnlinked(a, b, ctx);
  if (status.state === 'detached') return a === null && b === null ? [{ kind: 'unlink', reason: 'gone' }] : [];

  const cls: Record<Side, Classified> = { dingtalk: classify(status, 'dingtalk', a), exchange: classify(status, 'exchange', b) };
  if (cls.dingtalk.kind === 'outOfScope' || cls.exchange.kind === 'outOfScope') return [{ kind: 'unlink', reason: 'out-of-scope' }];

  const present = SIDES.filter((s) => cls[s].kind === 'present');
  if (present.length === 0) return [{ kind: 'unlink', reason: 'gone' }];

  if (present.length === 1) {
    const s = present[0] as Side;
    const survivor = cls[s] as Extract<Classified, { kind: 'present' }>;
    const other = s === 'dingtalk' ? 'exchange' : 'dingtalk';
    const x = survivor.item;
    const edited = survivor.content || (survivor.moved && x.folder !== TRASH);
    if (edited) {
      return [
        { kind: 'copy', from: s, to: other, folder: x.folder, seen: x.seen, flagged: x.flagged },
        { kind: 'commit', folder: x.folder, seen: x.seen, flagged: x.flagged },
      ];
    }
    if (cls[other].kind === 'gone' && x.folder !== TRASH) {
      return [{ kind: 'trash', side: s }, { kind: 'commit', folder: TRASH, seen: x.seen, flagged: x.flagged }];
    }
    // the survivor already sits in trash (or was left there when the other side was released)
    const target = { folder: x.folder, seen: x.seen, flagged: x.flagged };
    // gone → released is itself a change to record
    return cls[other].kind === 'released' && upToDate(status, { dingtalk: a, exchange: b }, target) ? [] : [{ kind: 'commit', ...target }];
  }

  const pa = cls.dingtalk as Extract<Classified, { kind: 'present' }>;
  const pb = cls.exchange as Extract<Classified, { kind: 'present' }>;
  const folder = resolveFolder(status.folder, pa, pb, ctx);
  const seen = mergeFlag(status.seen, pa.item.seen, pb.item.seen);
  const flagged = mergeFlag(status.flagged, pa.item.flagged, pb.item.flagged);
  const winner: Side | null = pa.content && pb.content ? ctx.priority : pa.content ? 'dingtalk' : pb.content ? 'exchange' : null;
  const actions = alignBoth({ dingtalk: pa.item, exchange: pb.item }, folder, seen, flagged, winner);
  if (actions.length === 0 && upToDate(status, { dingtalk: a, exchange: b }, { folder, seen, flagged })) return [];
  return [...actions, { kind: 'commit', folder, seen, flagged }];
}

function decideUnlinked(a: SideItem | null, b: SideItem | null, ctx: DecideContext): Action[] {
  const ia = a !== null && a.folder !== null ? (a as SideItem & { folder: FolderKey }) : null;
  const ib = b !== null && b.folder !== null ? (b as SideItem & { folder: FolderKey }) : null;
  if (ia === null && ib === null) return [];
  if (ia !== null && ib !== null) {
    const priorityItem = ctx.priority === 'dingtalk' ? ia : ib;
    const folder = ia.folder === ib.folder ? ia.folder : ia.folder === TRASH ? ib.folder : ib.folder === TRASH ? ia.folder : priorityItem.folder;
    const seen = ia.seen || ib.seen;
    const flagged = priorityItem.flagged;
    return [...alignBoth({ dingtalk: ia, exchange: ib }, folder, seen, flagged, null), { kind: 'commit', folder, seen, flagged }];
  }
  const [from, x] = ia !== null ? (['dingtalk', ia] as const) : (['exchange', ib as SideItem & { folder: FolderKey }] as const);
  return [
    { kind: 'copy', from, to: from === 'dingtalk' ? 'exchange' : 'dingtalk', folder: x.folder, seen: x.seen, flagged: x.flagged },
    { kind: 'commit', folder: x.folder, seen: x.seen, flagged: x.flagged },
  ];
}

function classify(status: LinkRecord, side: Side, item: SideItem | null): Classified {
  const stored = sideOf(status, side);
  if (item === null) return stored === null ? { kind: 'released' } : { kind: 'gone' };
  if (item.folder === null) return { kind: 'outOfScope' };
  // an unknown stored hash (set right after an IMAP APPEND) is learnt, not treated as an edit
  const content = stored !== null && stored.contentHash !== null && item.contentHash !== null && item.contentHash !== stored.contentHash;
  return { kind: 'present', item: item as SideItem & { folder: FolderKey }, content, moved: item.folder !== status.folder };
}

function resolveFolder(
  agreed: FolderKey,
  a: Extract<Classified, { kind: 'present' }>,
  b: Extract<Classified, { kind: 'present' }>,
  ctx: DecideContext,
): FolderKey {
  let wantA: FolderKey | null = a.moved ? a.item.folder : null;
  let wantB: FolderKey | null = b.moved ? b.item.folder : null;
  // an edit on one side beats a trash on the other (edit beats delete)
  if (wantA === TRASH && b.content) wantA = null;
  if (wantB === TRASH && a.content) wantB = null;
  if (wantA !== null && wantB !== null) {
    if (wantA === wantB) return wantA;
    if (wantA === TRASH) return wantB;
    if (wantB === TRASH) return wantA;
    return ctx.priority === 'dingtalk' ? wantA : wantB;
  }
  return wantA ?? wantB ?? agreed;
}

/** Three-way merge of one boolean: whichever side moved off the agreed value wins; both moved → same value. */
function mergeFlag(agreed: boolean, a: boolean, b: boolean): boolean {
  return a !== agreed ? a : b !== agreed ? b : agreed;
}

function alignBoth(
  items: Record<Side, SideItem & { folder: FolderKey }>,
  folder: FolderKey,
  seen: boolean,
  flagged: boolean,
  replaceFrom: Side | null,
): Action[] {
  const actions: Action[] = [];
  for (const side of SIDES) {
    const x = items[side];
    if (replaceFrom !== null && side !== replaceFrom) {
      actions.push({ kind: 'replace', from: replaceFrom, to: side, folder, seen, flagged });
      continue;
    }
    if (x.folder !== folder) actions.push(folder === TRASH ? { kind: 'trash', side } : { kind: 'move', side, folder });
    const flags: { seen?: boolean; flagged?: boolean } = {};
    if (x.seen !== seen) flags.seen = seen;
    if (x.flagged !== flagged) flags.flagged = flagged;
    if (flags.seen !== undefined || flags.flagged !== undefined) actions.push({ kind: 'setFlags', side, ...flags });
  }
  return actions;
}

function upToDate(
  status: LinkRecord,
  items: Record<Side, SideItem | null>,
  target: { folder: FolderKey; seen: boolean; flagged: boolean },
): boolean {
  if (status.folder !== target.folder || status.seen !== target.seen || status.flagged !== target.flagged) return false;
  return SIDES.every((side) => {
    const stored = sideOf(status, side);
    const item = items[side];
    if (stored === null || item === null) return stored === null && item === null;
    return linkSideMatches(stored, item);
  });
}

export interface Conflict {
  kind: 'content' | 'folder' | 'edit-beats-delete' | 'edit-beats-trash' | 'first-sync';
  /** how it was settled, for the status API */
  resolution: string;
}

/**
 * Names the conflict decide() settled for this pair, if any (the status API lists them). Pure; a
 * second call for an already settled pair finds none, so a conflict is reported once.
 */
export function conflictOf(status: LinkRecord | null, a: SideItem | null, b: SideItem | null, ctx: DecideContext): Conflict | null {
  if (a === null || b === null) {
    if (status === null || status.state !== 'active') return null;
    const [s, x] = a !== null ? (['dingtalk', a] as const) : b !== null ? (['exchange', b] as const) : [null, null];
    if (s === null || x === null || sideOf(status, s === 'dingtalk' ? 'exchange' : 'dingtalk') === null) return null;
    const stored = sideOf(status, s);
    const content = stored !== null && stored.contentHash !== null && x.contentHash !== null && stored.contentHash !== x.contentHash;
    const moved = x.folder !== null && x.folder !== status.folder && x.folder !== TRASH;
    return content || moved ? { kind: 'edit-beats-delete', resolution: `re-created on ${s === 'dingtalk' ? 'exchange' : 'dingtalk'}` } : null;
  }
  if (a.folder === null || b.folder === null) return null;
  if (status === null) {
    const disagree = a.folder !== b.folder || a.flagged !== b.flagged;
    return disagree ? { kind: 'first-sync', resolution: `${ctx.priority} wins folder and flag; read on either side counts as read` } : null;
  }
  if (status.state !== 'active') return null;
  const changed = (side: Side, x: SideItem): boolean => {
    const stored = sideOf(status, side);
    return stored !== null && stored.contentHash !== null && x.contentHash !== null && stored.contentHash !== x.contentHash;
  };
  const ca = changed('dingtalk', a);
  const cb = changed('exchange', b);
  if (ca && cb) return { kind: 'content', resolution: `${ctx.priority} copy kept` };
  if ((ca && b.folder === TRASH && status.folder !== TRASH) || (cb && a.folder === TRASH && status.folder !== TRASH)) {
    return { kind: 'edit-beats-trash', resolution: 'restored from trash' };
  }
  const ma = a.folder !== status.folder;
  const mb = b.folder !== status.folder;
  if (ma && mb && a.folder !== b.folder && a.folder !== TRASH && b.folder !== TRASH) {
    return { kind: 'folder', resolution: `${ctx.priority} folder kept` };
  }
  return null;
}
