import { conflictOf, decide, type Action, type Conflict, type DecideContext } from './decide.js';
import { itemFromLinkSide, SIDES, sideOf, type FolderKey, type LinkRecord, type Side, type SideItem } from './model.js';

/** One side's reading of a folder, with disappearances already resolved by the engine (gather.ts). */
export interface SideView {
  /** the whole folder was read (first read, resync, reconcile) */
  complete: boolean;
  /** current state of every item the read reported, plus items located after they left the folder */
  items: readonly SideItem[];
  /** stored side ids confirmed gone from the mailbox (not found in any folder) */
  gone: readonly string[];
}

export const EMPTY_VIEW: SideView = { complete: false, items: [], gone: [] };

/** A link whose side now has a different id (IMAP UIDVALIDITY change, or an IMAP move seen from its destination). */
export interface Relink {
  linkId: string;
  side: Side;
  sideId: string;
}

export interface PlanInput {
  folder: FolderKey;
  /** status rows that may be involved: at least every row holding an id the views mention */
  links: readonly LinkRecord[];
  views: Readonly<Record<Side, SideView>>;
  relinks?: readonly Relink[];
  /** link ids to decide again although no side reported them (quarantined items due for a retry) */
  replan?: readonly string[];
  /** active links whose agreed folder is this folder: the breaker's denominator */
  linkedInFolder: number;
  /** links per side whose copy was last seen in this folder: what an empty read is compared with */
  knownInFolder: Readonly<Record<Side, number>>;
}

export interface BreakerConfig {
  /** share of a folder's links one run may send to trash (default 0.25) */
  maxShare: number;
  /** the breaker needs more than this many deletes, or known items for the empty-side check (default 10) */
  minItems: number;
}

export const DEFAULT_BREAKER: BreakerConfig = { maxShare: 0.25, minItems: 10 };

export interface PlanContext extends DecideContext {
  breaker: BreakerConfig;
  /** an admin released the breaker for this folder: run the destructive steps this once */
  allowMassDelete: boolean;
}

export interface PlannedStep {
  /** the link id, or `new:<side>:<sideId>` / `pair:<Message-ID>` for items not linked yet */
  key: string;
  link: LinkRecord | null;
  dingtalk: SideItem | null;
  exchange: SideItem | null;
  actions: Action[];
  conflict: Conflict | null;
  /** newest item's receivedAt; steps run newest first (backfill shows recent mail first) */
  receivedAt: number;
  /** a side's copy disappeared since the last agreement */
  involvesGone: boolean;
}

export interface BreakerTrip {
  reason: 'mass-delete' | 'empty-side';
  side: Side | null;
  /** how many pairs the run would have sent to trash */
  deletes: number;
  /** links of the folder the share was measured against */
  linked: number;
}

export interface FolderPlan {
  folder: FolderKey;
  /** steps to execute (each with at least one action), newest first */
  steps: PlannedStep[];
  /** steps withheld by a tripped breaker: nothing of them runs and the status keeps them as they were */
  held: PlannedStep[];
  breaker: BreakerTrip | null;
}

/**
 * Applies decide() to every pair the two views touch and runs the safety checks (sync-engines.md
 * failure modes 1 and 4, scenario 23). Pure. Items are matched to links by side id (plus relinks);
 * unlinked items on both sides with the same Message-ID, one on each side, are paired and linked
 * without a copy. The breaker trips when a side read as complete comes back empty while the status
 * knows more than `minItems` of its items there, or when more than `minItems` pairs and more than
 * `maxShare` of the folder's links would go to trash. Tripped, it withholds every step that trashes
 * something or concerns a disappeared copy (including edit-beats-delete re-creations, which would
 * duplicate mail once an outage ends) and lets the rest run.
 */
export function planFolder(input: PlanInput, ctx: PlanContext): FolderPlan {
  const linkById = new Map(input.links.map((l) => [l.linkId, l]));
  const index: Record<Side, Map<string, string>> = { dingtalk: new Map(), exchange: new Map() };
  for (const link of input.links) {
    for (const side of SIDES) {
      const stored = sideOf(link, side);
      if (stored !== null) index[side].set(stored.sideId, link.linkId);
    }
  }
  for (const r of input.relinks ?? []) index[r.side].set(r.sideId, r.linkId);

  type Slot = SideItem | 'gone';
  const touched = new Map<string, Partial<Record<Side, Slot>>>();
  const touch = (linkId: string, side: Side, slot: Slot): void => {
    const entry = touched.get(linkId) ?? {};
    entry[side] = slot;
    touched.set(linkId, entry);
  };
  const unlinked: Record<Side, SideItem[]> = { dingtalk: [], exchange: [] };
  for (const side of SIDES) {
    const view = input.views[side];
    const latest = new Map<string, SideItem>();
    for (const item of view.items) latest.set(item.sideId, item); // a delta may repeat an item: last wins (§4.2)
    for (const item of latest.values()) {
      const linkId = index[side].get(item.sideId);
      if (linkId !== undefined) touch(linkId, side, item);
      else unlinked[side].push(item);
    }
    for (const sideId of view.gone) {
      const linkId = index[side].get(sideId);
      if (linkId !== undefined && !latest.has(sideId)) touch(linkId, side, 'gone');
    }
  }
  for (const linkId of input.replan ?? []) if (linkById.has(linkId) && !touched.has(linkId)) touched.set(linkId, {});

  const steps: PlannedStep[] = [];
  for (const [linkId, slots] of touched) {
    const link = linkById.get(linkId);
    if (link === undefined) continue;
    const current = (side: Side): SideItem | null => {
      const slot = slots[side];
      if (slot === 'gone') return null;
      if (slot !== undefined) return slot;
      const stored = sideOf(link, side);
      return stored === null ? null : itemFromLinkSide(link, stored);
    };
    const a = current('dingtalk');
    const b = current('exchange');
    steps.push(makeStep(linkId, link, a, b, ctx, slots.dingtalk === 'gone' || slots.exchange === 'gone'));
  }
  for (const [key, a, b] of pairUnlinked(unlinked)) steps.push(makeStep(key, null, a, b, ctx, false));

  const active = steps.filter((s) => s.actions.length > 0).sort((x, y) => y.receivedAt - x.receivedAt);
  const breaker = tripBreaker(input, active, ctx.breaker);
  if (breaker === null || ctx.allowMassDelete) return { folder: input.folder, steps: active, held: [], breaker };
  const destructive = (s: PlannedStep): boolean => s.involvesGone || s.actions.some((a) => a.kind === 'trash');
  return { folder: input.folder, steps: active.filter((s) => !destructive(s)), held: active.filter(destructive), breaker };
}

function makeStep(key: string, link: LinkRecord | null, a: SideItem | null, b: SideItem | null, ctx: DecideContext, involvesGone: boolean): PlannedStep {
  return {
    key,
    link,
    dingtalk: a,
    exchange: b,
    actions: decide(link, a, b, ctx),
    conflict: conflictOf(link, a, b, ctx),
    receivedAt: Math.max(a?.receivedAt ?? 0, b?.receivedAt ?? 0),
    involvesGone,
  };
}

/** Unlinked items: one per side with the same Message-ID → a pair; everything else stands alone. */
function pairUnlinked(unlinked: Record<Side, SideItem[]>): Array<[string, SideItem | null, SideItem | null]> {
  const byId = (items: SideItem[]): Map<string, SideItem[]> => {
    const map = new Map<string, SideItem[]>();
    for (const item of items) {
      if (item.messageId === null || item.folder === null) continue;
      map.set(item.messageId, [...(map.get(item.messageId) ?? []), item]);
    }
    return map;
  };
  const da = byId(unlinked.dingtalk);
  const ex = byId(unlinked.exchange);
  const paired = new Set<SideItem>();
  const out: Array<[string, SideItem | null, SideItem | null]> = [];
  for (const [messageId, left] of da) {
    const right = ex.get(messageId);
    if (left.length === 1 && right?.length === 1) {
      const [a, b] = [left[0] as SideItem, right[0] as SideItem];
      paired.add(a).add(b);
      out.push([`pair:${messageId}`, a, b]);
    }
  }
  for (const a of unlinked.dingtalk) if (!paired.has(a)) out.push([`new:dingtalk:${a.sideId}`, a, null]);
  for (const b of unlinked.exchange) if (!paired.has(b)) out.push([`new:exchange:${b.sideId}`, null, b]);
  return out;
}

/** The empty-side check alone, so the engine can run it before spending calls on locating missing items. */
export function emptySideTrip(folder: FolderKey, side: Side, view: Pick<SideView, 'complete' | 'items'>, known: number, config: BreakerConfig): BreakerTrip | null {
  if (!view.complete || known <= config.minItems) return null;
  return view.items.some((i) => i.folder === folder) ? null : { reason: 'empty-side', side, deletes: known, linked: known };
}

function tripBreaker(input: PlanInput, steps: readonly PlannedStep[], config: BreakerConfig): BreakerTrip | null {
  for (const side of SIDES) {
    const trip = emptySideTrip(input.folder, side, input.views[side], input.knownInFolder[side], config);
    if (trip !== null) return trip;
  }
  const deletes = steps.filter((s) => s.actions.some((a) => a.kind === 'trash')).length;
  const linked = Math.max(input.linkedInFolder, 1);
  if (deletes > config.minItems && deletes / linked > config.maxShare) return { reason: 'mass-delete', side: null, deletes, linked: input.linkedInFolder };
  return null;
}
