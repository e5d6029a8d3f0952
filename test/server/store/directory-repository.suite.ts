import assert from 'node:assert/strict';
import type { Store } from '../../../server/store/store.js';
import { department, person } from '../../helpers/people.js';

/** The repository contract; runs against SQLite and PostgreSQL. */
export function directoryRepositorySuite(open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ store, dispose } = await open());
  });
  afterEach(async () => {
    await dispose();
  });

  it('upserts people with departments and reads them back, Chinese text intact', async () => {
    await store.directory.upsertPeople([
      person('u1', { name: '张伟', title: '销售经理', dept_id_list: [2, 3], extension: '{"英文名":"David Zhang"}' }),
      person('u2', { name: '陳大文', mobile: '+852-91234567' }),
    ]);
    const u1 = await store.directory.getPerson('u1');
    assert.equal(u1?.name, '张伟');
    assert.equal(u1?.title, '销售经理');
    assert.equal(u1?.englishName, 'David Zhang');
    assert.deepEqual(u1?.deptIds, [2, 3]);
    assert.equal(u1?.active, true);
    assert.equal((await store.directory.getPerson('u2'))?.mobile, '+852-91234567');
    assert.equal(await store.directory.countPeople(), 2);
  });

  it('replaces a person on upsert, including a move between departments', async () => {
    await store.directory.upsertPeople([person('u1', { name: '张伟', dept_id_list: [2] })]);
    await store.directory.upsertPeople([person('u1', { name: '张伟伟', dept_id_list: [5], active: false })]);
    const u1 = await store.directory.getPerson('u1');
    assert.equal(u1?.name, '张伟伟');
    assert.deepEqual(u1?.deptIds, [5]);
    assert.equal(u1?.active, false);
    assert.equal((await store.directory.membersOf(2, { offset: 0, limit: 10 })).total, 0);
    assert.deepEqual((await store.directory.membersOf(5, { offset: 0, limit: 10 })).userids, ['u1']);
  });

  it('removes people and reports only those that existed', async () => {
    await store.directory.upsertPeople([person('u1'), person('u2')]);
    assert.deepEqual(await store.directory.removePeople(['u1', 'ghost']), ['u1']);
    assert.equal(await store.directory.getPerson('u1'), null);
    assert.deepEqual(await store.directory.allUserIds(), ['u2']);
  });

  it('handles more rows than one insert batch', async () => {
    const many = Array.from({ length: 1234 }, (_, i) => person(`p${i}`, { dept_id_list: [1, 2] }));
    await store.directory.upsertPeople(many);
    assert.equal(await store.directory.countPeople(), 1234);
    const all = await store.directory.allPeople();
    assert.equal(all.length, 1234);
    assert.ok(all.every((p) => p.deptIds.length === 2));
  });

  it('reads people page by page in userid order, with their departments', async () => {
    await store.directory.upsertPeople(['c', 'a', 'e', 'b', 'd'].map((id) => person(id, { dept_id_list: [1, 3] })));
    const first = await store.directory.peoplePage(null, 2);
    const second = await store.directory.peoplePage('b', 2);
    const last = await store.directory.peoplePage('d', 2);
    assert.deepEqual([first, second, last].map((page) => page.map((p) => p.userid)), [['a', 'b'], ['c', 'd'], ['e']]);
    assert.deepEqual(first[0]?.deptIds, [1, 3]);
    assert.deepEqual(await store.directory.peoplePage('e', 2), []);
  });

  it('pages department members by name', async () => {
    await store.directory.upsertPeople([
      person('a', { name: 'Carol', dept_id_list: [7] }),
      person('b', { name: 'Alice', dept_id_list: [7] }),
      person('c', { name: 'Bob', dept_id_list: [7, 8] }),
    ]);
    const first = await store.directory.membersOf(7, { offset: 0, limit: 2 });
    assert.equal(first.total, 3);
    assert.deepEqual(first.userids, ['b', 'c']);
    assert.deepEqual((await store.directory.membersOf(7, { offset: 2, limit: 2 })).userids, ['a']);
  });

  it('keeps departments with their tree links', async () => {
    await store.directory.upsertDepartments([department(1, null, '总公司'), department(2, 1, '销售部'), department(3, 2, '华东区')]);
    await store.directory.upsertDepartments([department(3, 1, '华东大区')]);
    const d3 = await store.directory.getDepartment(3);
    assert.equal(d3?.name, '华东大区');
    assert.equal(d3?.parentId, 1);
    assert.equal((await store.directory.allDepartments()).length, 3);
    assert.deepEqual(await store.directory.removeDepartments([2, 99]), [2]);
    assert.equal(await store.directory.getDepartment(2), null);
  });

  it('marks an event processed exactly once', async () => {
    assert.equal(await store.directory.markEventProcessed('e1', 'user_add_org', 1), true);
    assert.equal(await store.directory.markEventProcessed('e1', 'user_add_org', 2), false);
    assert.equal(await store.directory.hasProcessedEvent('e1'), true);
    assert.equal(await store.directory.hasProcessedEvent('e2'), false);
    assert.equal(await store.directory.pruneProcessedEvents(10), 1);
    assert.equal(await store.directory.hasProcessedEvent('e1'), false);
  });

  it('counts frequent contacts per viewer, most used first', async () => {
    await store.directory.recordContactUse('me', 'x', 1);
    await store.directory.recordContactUse('me', 'y', 2);
    await store.directory.recordContactUse('me', 'y', 3);
    await store.directory.recordContactUse('other', 'x', 4);
    const mine = await store.directory.frequentContacts('me', 10);
    assert.deepEqual(mine.map((c) => [c.userid, c.uses]), [['y', 2], ['x', 1]]);
  });

  it('stores JSON state and run history', async () => {
    assert.equal(await store.directory.getState('k'), null);
    await store.directory.setState('k', { a: 1 }, 1);
    await store.directory.setState('k', { a: 2 }, 2);
    assert.deepEqual(await store.directory.getState('k'), { a: 2 });
    const id = await store.runs.start('directory.full', 100);
    await store.runs.finish(id, 'succeeded', 200, { people: 3 });
    const [run] = await store.runs.recent('directory.full', 5);
    assert.equal(run?.status, 'succeeded');
    assert.deepEqual(run?.detail, { people: 3 });
    assert.equal(run?.finishedAt, 200);
  });
}
