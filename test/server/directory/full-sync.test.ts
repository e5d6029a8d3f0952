import assert from 'node:assert/strict';
import type { DirectoryProvider } from '../../../server/connectors/dingtalk/contract.js';
import { DirectoryService } from '../../../server/directory/directory-service.js';
import { buildDingTalkSandbox, type DingTalkSandbox } from '../../../server/sandbox/dingtalk/app.js';
import { SandboxDirectoryProvider } from '../../../server/sandbox/dingtalk/directory-provider.js';
import { openStore, type Store } from '../../../server/store/store.js';
import { SANDBOX_APP } from '../../helpers/dingtalk-sandbox.js';
import { memoryLogger } from '../../helpers/silent-logger.js';
import { BIG_DEPT, testOrg } from '../sandbox/dingtalk/fixtures.js';
import { UNRESTRICTED } from '../../../server/directory/access.js';

describe('server/directory/full-sync', () => {
  let sandbox: DingTalkSandbox;
  let store: Store;
  let provider: DirectoryProvider;
  const make = (p: DirectoryProvider = provider) =>
    new DirectoryService({ provider: p, store, logger: memoryLogger().logger, englishNameFields: ['英文名'], massRemovalThreshold: 0.3 });

  beforeEach(async () => {
    sandbox = await buildDingTalkSandbox({ ...SANDBOX_APP, org: testOrg() });
    store = await openStore('sqlite::memory:');
    provider = new SandboxDirectoryProvider(sandbox.state);
  });
  afterEach(async () => {
    await sandbox.close();
    await store.close();
  });

  it('mirrors the whole organisation, each person once even when in several departments', async () => {
    const outcome = await make().fullSync();
    assert.equal(outcome.status, 'succeeded');
    assert.equal(outcome.people, 254);
    assert.equal(outcome.departments, 8);
    assert.equal(await store.directory.countPeople(), 254);
    assert.deepEqual((await store.directory.getPerson('lina'))?.deptIds, [3, 4]);
  });

  it('a second run over an unchanged organisation writes and announces nothing', async () => {
    const directory = make();
    await directory.fullSync();
    const seq = directory.feed.lastSeq;
    const again = await directory.fullSync();
    assert.equal(again.upsertedPeople.length, 0);
    assert.equal(again.removedUserids.length, 0);
    assert.equal(directory.feed.lastSeq, seq);
  });

  it('the reconcile catches changes whose events were missed', async () => {
    const directory = make();
    await directory.fullSync();
    sandbox.state.leave('lina');
    const hired = sandbox.state.hire({ name: '钱多多', dept_id_list: [2] });
    const outcome = await directory.fullSync();
    assert.deepEqual(outcome.removedUserids, ['lina']);
    assert.deepEqual(outcome.upsertedPeople.map((p) => p.userid), [hired.userid]);
    assert.equal((await directory.search('qdd', null, 5, UNRESTRICTED))[0]?.userid, hired.userid);
    assert.equal((await directory.search('lina', null, 5, UNRESTRICTED)).length, 0);
    // A removal is a destructive sync action: audited with the person as they were.
    const audited = async () => (await store.audit.list({ limit: 10, action: 'directory.person.remove' }))[0];
    for (let i = 0; i < 50 && (await audited()) === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    const entry = await audited();
    assert.equal(entry?.target, 'person:lina');
    assert.equal((entry?.before as { name: string }).name, '李娜');
  });

  it('stops instead of removing more than the threshold, keeps everyone, and records why', async () => {
    const directory = make();
    await directory.fullSync();
    // Half of the org vanishes from one read (e.g. a permission change narrowed the app's scope).
    for (let i = 0; i < 200; i++) sandbox.state.leave(`u${String(i).padStart(3, '0')}`);
    const outcome = await directory.fullSync();
    assert.equal(outcome.status, 'stopped');
    assert.match(outcome.reason ?? '', /would remove 200 of 254/);
    assert.equal(await store.directory.countPeople(), 254);
    const [run] = await store.runs.recent('directory.full', 1);
    assert.equal(run?.status, 'stopped');
    assert.equal((await directory.status()).lastFullSync?.status, 'stopped');
    const confirmed = await directory.fullSync({ allowMassRemoval: true });
    assert.equal(confirmed.status, 'succeeded');
    assert.equal(await store.directory.countPeople(), 54);
  });

  it('never empties the directory because DingTalk suddenly reads as empty', async () => {
    await make().fullSync();
    const empty: DirectoryProvider = {
      listSubDepartments: async () => [],
      getDepartment: async (id) => (id === 1 ? { dept_id: 1, name: '测试公司' } : null),
      async *listDepartmentUsers() {},
      getUser: async () => null,
    };
    const outcome = await make(empty).fullSync();
    assert.equal(outcome.status, 'stopped');
    assert.match(outcome.reason ?? '', /returned nobody/);
    assert.equal(await store.directory.countPeople(), 254);
  });

  it('a failing read fails the run, records it, and leaves the store as it was', async () => {
    await make().fullSync();
    const failing: DirectoryProvider = {
      ...provider,
      listSubDepartments: (id) => provider.listSubDepartments(id),
      getDepartment: (id) => provider.getDepartment(id),
      getUser: (id) => provider.getUser(id),
      async *listDepartmentUsers(id) {
        if (id === BIG_DEPT) throw new Error('connection reset');
        yield* provider.listDepartmentUsers(id);
      },
    };
    await assert.rejects(make(failing).fullSync(), /connection reset/);
    assert.equal(await store.directory.countPeople(), 254);
    assert.equal((await store.runs.recent('directory.full', 1))[0]?.status, 'failed');
  });

  it('reports progress while it runs and joins a run already in progress', async () => {
    const directory = make();
    const first = directory.fullSync();
    const second = directory.fullSync();
    assert.equal(first, second);
    assert.notEqual((await directory.status()).running, null);
    await first;
    assert.equal((await directory.status()).running, null);
  });
});
