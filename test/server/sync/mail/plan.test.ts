import assert from 'node:assert/strict';
import type { LinkRecord, Side, SideItem } from '../../../../server/sync/mail/model.js';
import { DEFAULT_BREAKER, EMPTY_VIEW, planFolder, type PlanContext, type PlanInput, type SideView } from '../../../../server/sync/mail/plan.js';

const ctx: PlanContext = { priority: 'exchange', breaker: DEFAULT_BREAKER, allowMassDelete: false };

function link(n: number, folder = 'inbox'): LinkRecord {
  return {
    linkId: `L${n}`,
    messageId: `<m${n}@x>`,
    state: 'active',
    folder,
    seen: false,
    flagged: false,
    dingtalk: { sideId: `a${n}`, folder, contentHash: `hA${n}`, version: null, seen: false, flagged: false, stamp: null },
    exchange: { sideId: `b${n}`, folder, contentHash: `hB${n}`, version: 'ck0', seen: false, flagged: false, stamp: `L${n}` },
    createdAt: 0,
    updatedAt: 0,
  };
}

function item(side: Side, n: number, over: Partial<SideItem> = {}): SideItem {
  const a = side === 'dingtalk';
  return {
    sideId: a ? `a${n}` : `b${n}`,
    folder: 'inbox',
    messageId: `<m${n}@x>`,
    contentHash: a ? `hA${n}` : `hB${n}`,
    seen: false,
    flagged: false,
    linkId: a ? null : `L${n}`,
    version: a ? null : 'ck0',
    receivedAt: n,
    ...over,
  };
}

const view = (items: SideItem[], gone: string[] = [], complete = false): SideView => ({ complete, items, gone });

function input(links: LinkRecord[], dingtalk: SideView, exchange: SideView, over: Partial<PlanInput> = {}): PlanInput {
  return {
    folder: 'inbox',
    links,
    views: { dingtalk, exchange },
    linkedInFolder: links.filter((l) => l.folder === 'inbox').length,
    knownInFolder: { dingtalk: links.length, exchange: links.length },
    ...over,
  };
}

describe('server/sync/mail/plan', () => {
  it('decides only the pairs a view touches; an unchanged side comes from the status', () => {
    const links = [link(1), link(2), link(3)];
    const plan = planFolder(input(links, view([item('dingtalk', 2, { seen: true })]), EMPTY_VIEW), ctx);
    assert.deepEqual(
      plan.steps.map((s) => [s.key, s.actions.map((a) => a.kind)]),
      [['L2', ['setFlags', 'commit']]],
    );
    assert.equal(plan.steps[0]?.exchange?.sideId, 'b2', 'the exchange side as stored');
  });

  it('pairs unlinked items by Message-ID (one on each side) and copies the rest, newest first', () => {
    const plan = planFolder(
      input(
        [],
        view([item('dingtalk', 1, { linkId: null }), item('dingtalk', 2, { receivedAt: 50 }), item('dingtalk', 3), item('dingtalk', 9, { sideId: 'a9b', messageId: '<m3@x>' })]),
        view([item('exchange', 1, { linkId: null }), item('exchange', 4, { receivedAt: 90 })]),
      ),
      ctx,
    );
    assert.deepEqual(
      plan.steps.map((s) => [s.key, s.actions.map((a) => a.kind).join('+')]),
      [
        ['new:exchange:b4', 'copy+commit'],
        ['new:dingtalk:a2', 'copy+commit'],
        ['new:dingtalk:a9b', 'copy+commit'],
        ['new:dingtalk:a3', 'copy+commit'],
        ['pair:<m1@x>', 'commit'],
      ],
    );
  });

  it('does not pair a Message-ID held twice on one side (copies both instead of guessing)', () => {
    const plan = planFolder(input([], view([item('dingtalk', 1), item('dingtalk', 1, { sideId: 'a1-copy' })]), view([item('exchange', 1, { linkId: null })])), ctx);
    assert.ok(plan.steps.every((s) => s.key.startsWith('new:')));
    assert.equal(plan.steps.length, 3);
  });

  it('a confirmed disappearance is a delete; a repeated delta item counts once', () => {
    const plan = planFolder(input([link(1)], view([], ['a1']), view([item('exchange', 1, { seen: true, version: 'ck1' }), item('exchange', 1, { seen: true, version: 'ck2' })])), ctx);
    assert.equal(plan.steps.length, 1);
    assert.deepEqual(plan.steps[0]?.actions, [
      { kind: 'trash', side: 'exchange' },
      { kind: 'commit', folder: 'trash', seen: true, flagged: false },
    ]);
    assert.equal(plan.steps[0]?.exchange?.version, 'ck2', 'last wins');
    assert.equal(plan.steps[0]?.involvesGone, true);
  });

  it('a relinked id (UIDVALIDITY change) matches its link and only records the new id', () => {
    const plan = planFolder(
      input([link(1)], view([item('dingtalk', 1, { sideId: 'a1-new' })], [], true), EMPTY_VIEW, { relinks: [{ linkId: 'L1', side: 'dingtalk', sideId: 'a1-new' }] }),
      ctx,
    );
    assert.deepEqual(plan.steps.map((s) => [s.key, s.actions]), [['L1', [{ kind: 'commit', folder: 'inbox', seen: false, flagged: false }]]]);
  });

  it('replans links asked for although no side reported them (an observed side ahead of the agreed state)', () => {
    const ahead = { ...link(1), dingtalk: { ...link(1).dingtalk!, seen: true } };
    const plan = planFolder(input([ahead, link(2)], EMPTY_VIEW, EMPTY_VIEW, { replan: ['L1', 'L2', 'L404'] }), ctx);
    assert.deepEqual(plan.steps.map((s) => [s.key, s.actions]), [
      ['L1', [{ kind: 'setFlags', side: 'exchange', seen: true }, { kind: 'commit', folder: 'inbox', seen: true, flagged: false }]],
    ]);
  });

  describe('circuit breaker', () => {
    const links = Array.from({ length: 40 }, (_, i) => link(i));

    it('trips when more than minItems and more than maxShare of the folder would go to trash; holds exactly those steps', () => {
      const gone = links.slice(0, 11).map((l) => l.dingtalk!.sideId);
      const plan = planFolder(input(links, view([item('dingtalk', 39, { seen: true })], gone), view([item('exchange', 100, { linkId: null })])), ctx);
      assert.deepEqual(plan.breaker, { reason: 'mass-delete', side: null, deletes: 11, linked: 40 });
      assert.equal(plan.held.length, 11);
      assert.ok(plan.held.every((s) => s.actions.some((a) => a.kind === 'trash')));
      assert.deepEqual(plan.steps.map((s) => s.key).sort(), ['L39', 'new:exchange:b100'], 'the rest still runs');
    });

    it('10 deletes, or 11 that are not more than a quarter, do not trip it', () => {
      const ten = planFolder(input(links, view([], links.slice(0, 10).map((l) => l.dingtalk!.sideId)), EMPTY_VIEW), ctx);
      assert.equal(ten.breaker, null);
      assert.equal(ten.steps.length, 10);
      const many = Array.from({ length: 44 }, (_, i) => link(i));
      const eleven = planFolder(input(many, view([], many.slice(0, 11).map((l) => l.dingtalk!.sideId)), EMPTY_VIEW), ctx);
      assert.equal(eleven.breaker, null, '11 of 44 is exactly 25%');
    });

    it('an admin release runs the held steps', () => {
      const gone = links.slice(0, 20).map((l) => l.dingtalk!.sideId);
      const plan = planFolder(input(links, view([], gone), EMPTY_VIEW), { ...ctx, allowMassDelete: true });
      assert.equal(plan.breaker?.reason, 'mass-delete');
      assert.equal(plan.held.length, 0);
      assert.equal(plan.steps.length, 20);
    });

    it('a complete read with nothing in it trips on its own and withholds re-creations too', () => {
      const edited = item('exchange', 3, { contentHash: 'edited', version: 'ck1' });
      const plan = planFolder(input(links, view([], ['a3'], true), view([edited, item('exchange', 200, { linkId: null })])), ctx);
      assert.deepEqual(plan.breaker, { reason: 'empty-side', side: 'dingtalk', deletes: 40, linked: 40 });
      assert.deepEqual(plan.held.map((s) => s.key), ['L3'], 'edit-beats-delete would re-copy into a side that may only be unreadable');
      assert.deepEqual(plan.steps.map((s) => s.key), ['new:exchange:b200']);
    });

    it('an empty complete read of a folder the status barely knows is not an outage', () => {
      const few = links.slice(0, 10);
      const plan = planFolder(input(few, view([], [], true), EMPTY_VIEW), ctx);
      assert.equal(plan.breaker, null);
    });
  });
});
