import '../setup.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import assert from 'node:assert/strict';
import { FakeOfficeHost } from '../../../addin/office/fake-host.js';
import { SYNC_POLL_INTERVAL_MS, SyncStatusView } from '../../../addin/taskpane/components/SyncStatusView.js';
import { DIRECTORY_STATUS, FakeBridgeApi } from '../fake-bridge-api.js';
import { ManualScheduler, setPageVisibility } from '../manual-scheduler.js';
import { NOW, renderView } from '../render-pane.js';

/** Counts the view's calls to the server: every poll reads the sync status and the mail sync detail. */
class CountingApi extends FakeBridgeApi {
  syncReads = 0;
  override async syncStatus() {
    this.syncReads += 1;
    return super.syncStatus();
  }
}

describe('SyncStatusView', () => {
  it('shows running mail sync as a progress bar with done/total, rate and ETA', async () => {
    const api = new FakeBridgeApi();
    api.sync = {
      status: 'available',
      body: {
        directory: DIRECTORY_STATUS,
        mailboxes: [
          {
            mailbox: 'zhangwei@dingdemo.example.com',
            kinds: [
              { kind: 'mail', state: 'running', lastSuccessAt: NOW - 5 * 60_000, lagSeconds: 90, queued: 12, errors: [], progress: { done: 120, total: 480, rate: 12.5, etaSeconds: 29 } },
              { kind: 'calendar', state: 'error', lastSuccessAt: null, lagSeconds: null, queued: 0, errors: [{ at: NOW - 60_000, reason: 'Graph answered 429 (throttled)' }], progress: null },
            ],
          },
        ],
      },
    };
    renderView(<SyncStatusView />, new FakeOfficeHost(), api);

    const bar = await screen.findByRole('progressbar', { name: 'Mail progress' });
    assert.equal(bar.getAttribute('aria-valuenow'), '120');
    assert.equal(bar.getAttribute('aria-valuemax'), '480');
    assert.ok(screen.getByText('120 of 480 · 12.5/s · about 29 sec left'));

    const mailbox = screen.getByRole('region', { name: 'zhangwei@dingdemo.example.com' });
    assert.ok(within(mailbox).getByText('Syncing'));
    assert.ok(within(mailbox).getByText('5 minutes ago'));
    assert.ok(within(mailbox).getByText('2 min'));
    assert.ok(within(mailbox).getByText(/Graph answered 429 \(throttled\)/));
    // kinds the server did not report are listed as not configured
    assert.equal(within(mailbox).getAllByText('Not configured yet').length, 2);
  });

  it('without mailbox sync on the server (404) shows the directory on its own and every kind as not configured', async () => {
    const api = new FakeBridgeApi();
    api.sync = { status: 'unavailable' };
    api.directory = { ...DIRECTORY_STATUS, running: { kind: 'full', progress: { done: 7, total: null, rate: 1.5, etaSeconds: null } } };
    renderView(<SyncStatusView />, new FakeOfficeHost(), api);

    assert.ok(await screen.findByText('Mailbox sync is not configured yet.'));
    const mailboxes = screen.getByRole('region', { name: 'Mailboxes' });
    assert.equal(within(mailboxes).getAllByText('Not configured yet').length, 4);
    const directory = screen.getByRole('region', { name: 'Directory' });
    assert.ok(within(directory).getByText('2,000'));
    // a run whose total is still unknown is an indeterminate bar, not one stuck at 0
    const bar = within(directory).getByRole('progressbar', { name: 'Directory sync progress' });
    assert.equal(bar.getAttribute('aria-valuenow'), null);
    assert.ok(within(directory).getByText('7 done · 1.5/s'));
  });

  it('speaks zh-HK', async () => {
    const api = new FakeBridgeApi();
    renderView(<SyncStatusView />, new FakeOfficeHost({ language: 'zh-HK' }), api);

    assert.ok(await screen.findByText('尚未設定郵箱同步。'));
    assert.ok(screen.getByRole('heading', { name: '同步狀態' }));
  });

  describe('polling', () => {
    afterEach(() => setPageVisibility('visible'));

    it('asks again every few seconds while visible', async () => {
      const api = new CountingApi();
      const scheduler = new ManualScheduler();
      renderView(<SyncStatusView pollScheduler={scheduler.schedule} />, new FakeOfficeHost(), api);
      await screen.findByText('Mailbox sync is not configured yet.');
      await waitFor(() => assert.deepEqual(scheduler.pending, [SYNC_POLL_INTERVAL_MS, SYNC_POLL_INTERVAL_MS]));
      assert.equal(api.syncReads, 1);
      assert.equal(api.mailDetailReads, 1);

      await act(async () => scheduler.runDue());

      await waitFor(() => assert.equal(scheduler.pending.length, 2));
      assert.equal(api.syncReads, 2);
      assert.equal(api.mailDetailReads, 2);
    });

    it('stops while the pane is hidden and asks at once when it shows again', async () => {
      const api = new CountingApi();
      const scheduler = new ManualScheduler();
      renderView(<SyncStatusView pollScheduler={scheduler.schedule} />, new FakeOfficeHost(), api);
      await waitFor(() => assert.equal(scheduler.pending.length, 2));

      act(() => setPageVisibility('hidden'));

      assert.deepEqual(scheduler.pending, []);
      assert.equal(api.syncReads, 1);

      await act(async () => setPageVisibility('visible'));

      await waitFor(() => assert.equal(api.syncReads, 2));
      assert.equal(api.mailDetailReads, 2);
      await waitFor(() => assert.equal(scheduler.pending.length, 2));
    });

    it('stops when the view is closed', async () => {
      const api = new CountingApi();
      const scheduler = new ManualScheduler();
      const view = renderView(<SyncStatusView pollScheduler={scheduler.schedule} />, new FakeOfficeHost(), api);
      await waitFor(() => assert.equal(scheduler.pending.length, 2));

      view.unmount();

      assert.deepEqual(scheduler.pending, []);
    });
  });
});
