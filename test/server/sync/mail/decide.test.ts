import assert from 'node:assert/strict';
import fc from 'fast-check';
import { conflictOf, decide, type Action, type DecideContext } from '../../../../server/sync/mail/decide.js';
import type { LinkRecord, Side, SideItem } from '../../../../server/sync/mail/model.js';

const ctx: DecideContext = { priority: 'exchange' };

/** The agreed state every case starts from: in the inbox, unread, unflagged, hashes hA0 / hB0. */
const STATUS: LinkRecord = {
  linkId: 'L1',
  messageId: '<m1@x>',
  state: 'active',
  folder: 'inbox',
  seen: false,
  flagged: false,
  dingtalk: { sideId: 'a1', folder: 'inbox', contentHash: 'hA0', version: null, seen: false, flagged: false, stamp: null },
  exchange: { sideId: 'b1', folder: 'inbox', contentHash: 'hB0', version: 'ck0', seen: false, flagged: false, stamp: 'L1' },
  createdAt: 0,
  updatedAt: 0,
};

const VARIANTS = ['absent', 'same', 'flags', 'moved', 'content', 'trashed'] as const;
type Variant = (typeof VARIANTS)[number];

/**
 * Each side's variants relative to STATUS. They differ per side on purpose so that merges and
 * conflicts are visible: DingTalk's flag change marks it read and its move goes to archive; Exchange's
 * flag change flags it and its move goes to sent.
 */
function item(side: Side, variant: Variant): SideItem | null {
  if (variant === 'absent') return null;
  const a = side === 'dingtalk';
  const base: SideItem = {
    sideId: a ? 'a1' : 'b1',
    folder: 'inbox',
    messageId: '<m1@x>',
    contentHash: a ? 'hA0' : 'hB0',
    seen: false,
    flagged: false,
    linkId: a ? null : 'L1',
    version: a ? null : 'ck0',
    receivedAt: 1,
  };
  // a Graph change always comes with a new changeKey
  const bumped = a ? {} : { version: 'ck1' };
  switch (variant) {
    case 'same':
      return base;
    case 'flags':
      return { ...base, ...bumped, ...(a ? { seen: true } : { flagged: true }) };
    case 'moved':
      return { ...base, ...bumped, folder: a ? 'archive' : 'sent' };
    case 'content':
      return { ...base, ...bumped, contentHash: a ? 'hA1' : 'hB1' };
    case 'trashed':
      return { ...base, ...bumped, folder: 'trash' };
  }
}

const D = 'dingtalk' as const;
const E = 'exchange' as const;
const commit = (folder: string, seen = false, flagged = false): Action => ({ kind: 'commit', folder, seen, flagged });
const copy = (from: Side, folder: string, seen = false, flagged = false): Action => ({ kind: 'copy', from, to: from === D ? E : D, folder, seen, flagged });
const replace = (from: Side, folder: string, seen = false, flagged = false): Action => ({ kind: 'replace', from, to: from === D ? E : D, folder, seen, flagged });
const move = (side: Side, folder: string): Action => ({ kind: 'move', side, folder });
const trash = (side: Side): Action => ({ kind: 'trash', side });
const flags = (side: Side, f: { seen?: boolean; flagged?: boolean }): Action => ({ kind: 'setFlags', side, ...f });
const unlink = (reason: 'gone' | 'out-of-scope'): Action => ({ kind: 'unlink', reason });

/** Status present: `dingtalk|exchange` → actions (priority side: exchange). */
const WITH_STATUS: Record<string, Action[]> = {
  'absent|absent': [unlink('gone')],
  'absent|same': [trash(E), commit('trash')],
  'absent|flags': [trash(E), commit('trash', false, true)], // a flag change is not an edit: delete wins, flags kept
  'absent|moved': [copy(E, 'sent'), commit('sent')], // a move is an edit: edit beats delete
  'absent|content': [copy(E, 'inbox'), commit('inbox')],
  'absent|trashed': [commit('trash')], // already in trash: release the deleted side
  'same|absent': [trash(D), commit('trash')],
  'same|same': [],
  'same|flags': [flags(D, { flagged: true }), commit('inbox', false, true)],
  'same|moved': [move(D, 'sent'), commit('sent')],
  'same|content': [replace(E, 'inbox'), commit('inbox')],
  'same|trashed': [trash(D), commit('trash')],
  'flags|absent': [trash(D), commit('trash', true, false)],
  'flags|same': [flags(E, { seen: true }), commit('inbox', true, false)],
  'flags|flags': [flags(D, { flagged: true }), flags(E, { seen: true }), commit('inbox', true, true)],
  'flags|moved': [move(D, 'sent'), flags(E, { seen: true }), commit('sent', true, false)],
  'flags|content': [replace(E, 'inbox', true, false), flags(E, { seen: true }), commit('inbox', true, false)],
  'flags|trashed': [trash(D), flags(E, { seen: true }), commit('trash', true, false)],
  'moved|absent': [copy(D, 'archive'), commit('archive')],
  'moved|same': [move(E, 'archive'), commit('archive')],
  'moved|flags': [flags(D, { flagged: true }), move(E, 'archive'), commit('archive', false, true)],
  'moved|moved': [move(D, 'sent'), commit('sent')], // both moved elsewhere: priority (exchange) wins
  'moved|content': [replace(E, 'archive'), move(E, 'archive'), commit('archive')],
  'moved|trashed': [move(E, 'archive'), commit('archive')], // a move beats a trash
  'content|absent': [copy(D, 'inbox'), commit('inbox')],
  'content|same': [replace(D, 'inbox'), commit('inbox')],
  'content|flags': [flags(D, { flagged: true }), replace(D, 'inbox', false, true), commit('inbox', false, true)],
  'content|moved': [move(D, 'sent'), replace(D, 'sent'), commit('sent')],
  'content|content': [replace(E, 'inbox'), commit('inbox')], // both edited: priority (exchange) wins
  'content|trashed': [replace(D, 'inbox'), commit('inbox')], // an edit beats a trash
  'trashed|absent': [commit('trash')],
  'trashed|same': [trash(E), commit('trash')],
  'trashed|flags': [flags(D, { flagged: true }), trash(E), commit('trash', false, true)],
  'trashed|moved': [move(D, 'sent'), commit('sent')],
  'trashed|content': [replace(E, 'inbox'), commit('inbox')],
  'trashed|trashed': [commit('trash')],
};

/**
 * Status absent (never linked). Variants only say where each copy is and how it is flagged; two
 * copies are the same message (the planner pairs them by Message-ID). Folder: same → kept, a non-trash
 * folder beats trash, otherwise exchange's; seen = either side; flagged = exchange's.
 */
const WITHOUT_STATUS: Record<string, Action[]> = {
  'absent|absent': [],
  'absent|same': [copy(E, 'inbox'), commit('inbox')],
  'absent|flags': [copy(E, 'inbox', false, true), commit('inbox', false, true)],
  'absent|moved': [copy(E, 'sent'), commit('sent')],
  'absent|content': [copy(E, 'inbox'), commit('inbox')],
  'absent|trashed': [copy(E, 'trash'), commit('trash')],
  'same|absent': [copy(D, 'inbox'), commit('inbox')],
  'flags|absent': [copy(D, 'inbox', true, false), commit('inbox', true, false)],
  'moved|absent': [copy(D, 'archive'), commit('archive')],
  'content|absent': [copy(D, 'inbox'), commit('inbox')],
  'trashed|absent': [copy(D, 'trash'), commit('trash')],
  'same|same': [commit('inbox')],
  'same|flags': [flags(D, { flagged: true }), commit('inbox', false, true)],
  'same|moved': [move(D, 'sent'), commit('sent')],
  'same|content': [commit('inbox')],
  'same|trashed': [move(E, 'inbox'), commit('inbox')],
  'flags|same': [flags(E, { seen: true }), commit('inbox', true, false)],
  'flags|flags': [flags(D, { flagged: true }), flags(E, { seen: true }), commit('inbox', true, true)],
  'flags|moved': [move(D, 'sent'), flags(E, { seen: true }), commit('sent', true, false)],
  'flags|content': [flags(E, { seen: true }), commit('inbox', true, false)],
  'flags|trashed': [move(E, 'inbox'), flags(E, { seen: true }), commit('inbox', true, false)],
  'moved|same': [move(D, 'inbox'), commit('inbox')],
  'moved|flags': [move(D, 'inbox'), flags(D, { flagged: true }), commit('inbox', false, true)],
  'moved|moved': [move(D, 'sent'), commit('sent')],
  'moved|content': [move(D, 'inbox'), commit('inbox')],
  'moved|trashed': [move(E, 'archive'), commit('archive')],
  'content|same': [commit('inbox')],
  'content|flags': [flags(D, { flagged: true }), commit('inbox', false, true)],
  'content|moved': [move(D, 'sent'), commit('sent')],
  'content|content': [commit('inbox')],
  'content|trashed': [move(E, 'inbox'), commit('inbox')],
  'trashed|same': [move(D, 'inbox'), commit('inbox')],
  'trashed|flags': [move(D, 'inbox'), flags(D, { flagged: true }), commit('inbox', false, true)],
  'trashed|moved': [move(D, 'sent'), commit('sent')],
  'trashed|content': [move(D, 'inbox'), commit('inbox')],
  'trashed|trashed': [commit('trash')],
};

describe('server/sync/mail/decide', () => {
  describe('the full table: status present/absent × each side absent/same/flags/moved/content/trashed', () => {
    const cases: Array<{ status: 'present' | 'absent'; a: Variant; b: Variant }> = [];
    for (const status of ['present', 'absent'] as const) for (const a of VARIANTS) for (const b of VARIANTS) cases.push({ status, a, b });

    it('the expected tables cover exactly the 72 combinations', () => {
      assert.equal(cases.length, 72);
      assert.deepEqual(Object.keys(WITH_STATUS).sort(), cases.filter((c) => c.status === 'present').map((c) => `${c.a}|${c.b}`).sort());
      assert.deepEqual(Object.keys(WITHOUT_STATUS).sort(), cases.filter((c) => c.status === 'absent').map((c) => `${c.a}|${c.b}`).sort());
    });

    for (const c of cases) {
      it(`status ${c.status}, dingtalk ${c.a}, exchange ${c.b}`, () => {
        const table = c.status === 'present' ? WITH_STATUS : WITHOUT_STATUS;
        const expected = table[`${c.a}|${c.b}`];
        assert.ok(expected !== undefined);
        assert.deepEqual(decide(c.status === 'present' ? STATUS : null, item(D, c.a), item(E, c.b), ctx), expected);
      });
    }
  });

  describe('priority', () => {
    it('the priority side decides a true folder conflict and a double content edit', () => {
      const dt: DecideContext = { priority: 'dingtalk' };
      assert.deepEqual(decide(STATUS, item(D, 'moved'), item(E, 'moved'), dt), [move(E, 'archive'), commit('archive')]);
      assert.deepEqual(decide(STATUS, item(D, 'content'), item(E, 'content'), dt), [replace(D, 'inbox'), commit('inbox')]);
      assert.deepEqual(decide(null, item(D, 'same'), item(E, 'flags'), dt), [flags(E, { flagged: false }), commit('inbox')]);
    });
  });

  describe('beyond the table', () => {
    const outOfScope = (side: Side): SideItem => ({ ...(item(side, 'same') as SideItem), folder: null });

    it('a copy outside the mapped folders unlinks the pair and touches nothing', () => {
      assert.deepEqual(decide(STATUS, outOfScope(D), item(E, 'flags'), ctx), [unlink('out-of-scope')]);
      assert.deepEqual(decide(STATUS, item(D, 'same'), outOfScope(E), ctx), [unlink('out-of-scope')]);
      assert.deepEqual(decide(STATUS, null, outOfScope(E), ctx), [unlink('out-of-scope')]);
      assert.deepEqual(decide(null, outOfScope(D), null, ctx), [], 'never copied in');
      assert.deepEqual(decide(null, outOfScope(D), item(E, 'same'), ctx), [copy(E, 'inbox'), commit('inbox')]);
    });

    it('a detached link never acts and is dropped once both copies are gone', () => {
      const detached: LinkRecord = { ...STATUS, state: 'detached' };
      assert.deepEqual(decide(detached, item(D, 'flags'), item(E, 'moved'), ctx), []);
      assert.deepEqual(decide(detached, null, outOfScope(E), ctx), []);
      assert.deepEqual(decide(detached, null, null, ctx), [unlink('gone')]);
    });

    it('a released side (deleted earlier, other copy in trash) stays released unless the survivor is edited or restored', () => {
      const trashB = { ...STATUS.exchange!, folder: 'trash' };
      const released: LinkRecord = { ...STATUS, folder: 'trash', dingtalk: null, exchange: trashB };
      const inTrash: SideItem = { ...(item(E, 'same') as SideItem), folder: 'trash' };
      assert.deepEqual(decide(released, null, inTrash, ctx), []);
      assert.deepEqual(decide(released, null, { ...inTrash, flagged: true, version: 'ck1' }, ctx), [commit('trash', false, true)]);
      assert.deepEqual(decide(released, null, { ...inTrash, folder: 'archive', version: 'ck1' }, ctx), [copy(E, 'archive'), commit('archive')]);
      assert.deepEqual(decide(released, null, null, ctx), [unlink('gone')]);
    });

    it('a stored hash that is not known yet is learnt, not treated as an edit', () => {
      const unknownHash: LinkRecord = { ...STATUS, dingtalk: { ...STATUS.dingtalk!, contentHash: null } };
      assert.deepEqual(decide(unknownHash, item(D, 'same'), item(E, 'same'), ctx), [commit('inbox')]);
    });

    it('an echo of our own write (new version tag, agreed values) is recorded without any write', () => {
      const echo = { ...(item(E, 'same') as SideItem), version: 'ck9' };
      assert.deepEqual(decide(STATUS, item(D, 'same'), echo, ctx), [commit('inbox')]);
    });

    it('names the conflicts it settles, once', () => {
      assert.equal(conflictOf(STATUS, item(D, 'moved'), item(E, 'moved'), ctx)?.kind, 'folder');
      assert.equal(conflictOf(STATUS, item(D, 'content'), item(E, 'content'), ctx)?.kind, 'content');
      assert.equal(conflictOf(STATUS, item(D, 'content'), item(E, 'trashed'), ctx)?.kind, 'edit-beats-trash');
      assert.equal(conflictOf(STATUS, null, item(E, 'content'), ctx)?.kind, 'edit-beats-delete');
      assert.equal(conflictOf(null, item(D, 'same'), item(E, 'flags'), ctx)?.kind, 'first-sync');
      assert.equal(conflictOf(STATUS, item(D, 'flags'), item(E, 'flags'), ctx), null, 'different flags merge without a conflict');
      assert.equal(conflictOf(STATUS, item(D, 'moved'), item(E, 'same'), ctx), null);
    });
  });

  describe('invariants over random inputs', () => {
    const folder = fc.constantFrom('inbox', 'sent', 'archive', 'trash', null);
    const arbItem = (side: Side) =>
      fc.option(
        fc.record({
          sideId: fc.constantFrom(side === D ? 'a1' : 'b1', side === D ? 'a2' : 'b2'),
          folder,
          messageId: fc.constant('<m1@x>'),
          contentHash: fc.constantFrom(side === D ? 'hA0' : 'hB0', 'hX', null),
          seen: fc.boolean(),
          flagged: fc.boolean(),
          linkId: fc.constantFrom(null, 'L1'),
          version: fc.constantFrom(null, 'ck0', 'ck1'),
          receivedAt: fc.constant(1),
        }),
        { nil: null },
      );
    const arbStatus = fc.option(
      fc.record({
        state: fc.constantFrom('active' as const, 'detached' as const),
        folder: fc.constantFrom('inbox', 'sent', 'archive', 'trash'),
        seen: fc.boolean(),
        flagged: fc.boolean(),
        releaseA: fc.boolean(),
        releaseB: fc.boolean(),
      }),
      { nil: null },
    );

    it('every list ends with exactly one terminal action and writes only where there is an item', () => {
      fc.assert(
        fc.property(arbStatus, arbItem(D), arbItem(E), fc.constantFrom<Side>(D, E), (s, a, b, priority) => {
          const status: LinkRecord | null =
            s === null ? null : { ...STATUS, state: s.state, folder: s.folder, seen: s.seen, flagged: s.flagged, dingtalk: s.releaseA ? null : STATUS.dingtalk, exchange: s.releaseB ? null : STATUS.exchange };
          const actions = decide(status, a, b, { priority });
          if (actions.length === 0) return;
          const terminals = actions.filter((x) => x.kind === 'commit' || x.kind === 'unlink');
          assert.equal(terminals.length, 1);
          assert.equal(actions[actions.length - 1], terminals[0]);
          const items = { dingtalk: a, exchange: b };
          for (const x of actions) {
            if (x.kind === 'move' || x.kind === 'trash' || x.kind === 'setFlags') assert.notEqual(items[x.side], null, `${x.kind} on a missing ${x.side} item`);
            if (x.kind === 'copy' || x.kind === 'replace') assert.notEqual(items[x.from], null);
            if (x.kind === 'commit') assert.notEqual(x.folder, null);
          }
          // never a destructive action on an item out of scope
          for (const side of [D, E] as const) {
            if (items[side]?.folder === null) assert.ok(!actions.some((x) => (x.kind === 'trash' || x.kind === 'move' || x.kind === 'replace') && ('side' in x ? x.side : x.to) === side));
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('decide is a pure function: same input, same output', () => {
      fc.assert(
        fc.property(arbItem(D), arbItem(E), (a, b) => {
          assert.deepEqual(decide(STATUS, a, b, ctx), decide(structuredClone(STATUS), structuredClone(a), structuredClone(b), ctx));
        }),
      );
    });
  });
});
