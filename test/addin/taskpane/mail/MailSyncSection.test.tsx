import '../../setup.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { ReactNode } from 'react';
import { FakeOfficeHost } from '../../../../addin/office/fake-host.js';
import { SyncStatusView } from '../../../../addin/taskpane/components/SyncStatusView.js';
import { PermissionsProvider } from '../../../../addin/taskpane/permissions.js';
import { FakeBridgeApi, MAIL_DETAIL, NO_PERMISSIONS, SUPER_ADMIN } from '../../fake-bridge-api.js';
import { ManualScheduler } from '../../manual-scheduler.js';
import { renderView } from '../../render-pane.js';

const BREAKER_TEXT = 'Sync stopped before deleting 120 of 300 items in Inbox — nothing was deleted.';

function withPermissions(view: ReactNode): ReactNode {
  return <PermissionsProvider>{view}</PermissionsProvider>;
}

function render(api: FakeBridgeApi, language = 'en-US'): ManualScheduler {
  const scheduler = new ManualScheduler();
  renderView(withPermissions(<SyncStatusView pollScheduler={scheduler.schedule} />), new FakeOfficeHost({ language }), api);
  return scheduler;
}

async function mailSection(): Promise<HTMLElement> {
  return screen.findByRole('region', { name: 'Mail sync' });
}

describe('Sync status: mail sync detail', () => {
  it('shows the backfill as a progress bar with done/total, rate and ETA', async () => {
    const api = new FakeBridgeApi();
    api.mail = MAIL_DETAIL;
    render(api);

    const section = await mailSection();
    const bar = within(section).getByRole('progressbar', { name: 'Initial mail copy progress' });
    assert.equal(bar.getAttribute('aria-valuenow'), '4210');
    assert.equal(bar.getAttribute('aria-valuemax'), '10000');
    assert.ok(within(section).getByText('4,210 of 10,000 · 118/s · about 49 sec left'));
    assert.ok(within(section).getByText('zhangwei@dingtalk-mail.example.com'));
  });

  it('has no progress bar once the backfill is done', async () => {
    const api = new FakeBridgeApi();
    api.mail = { ...MAIL_DETAIL, progress: null };
    render(api);

    const section = await mailSection();
    assert.equal(within(section).queryByRole('progressbar'), null);
  });

  it('lists every folder with its state, last success, lag, queue and backfill', async () => {
    const api = new FakeBridgeApi();
    api.mail = MAIL_DETAIL;
    render(api);

    const folders = within(await mailSection()).getByRole('list', { name: 'Folders' });
    const inbox = within(folders).getByRole('listitem', { name: 'Inbox' });
    assert.ok(within(inbox).getByText('Stopped'));
    assert.ok(within(inbox).getByText('10 minutes ago'));
    assert.ok(within(inbox).getByText('10 min'));
    assert.ok(within(inbox).getByText('4,210 of 10,000'));
    const sent = within(folders).getByRole('listitem', { name: 'Sent Items' });
    assert.ok(within(sent).getByText('Up to date'));
    assert.ok(within(sent).getByText('Complete'));
    // a custom folder keeps its own name
    const custom = within(folders).getByRole('listitem', { name: 'Projects/Customs' });
    assert.ok(within(custom).getByText('Error'));
    assert.ok(within(custom).getByText('Never'));
  });

  it('lists recent errors with their reasons', async () => {
    const api = new FakeBridgeApi();
    api.mail = MAIL_DETAIL;
    render(api);

    const errors = within(await mailSection()).getByRole('list', { name: 'Recent errors' });
    const items = within(errors).getAllByRole('listitem').map((li) => li.textContent ?? '');
    assert.deepEqual(items, ['1 minute ago: circuit breaker: mass-delete, 120 deletions withheld', '3 minutes ago: IMAP folder Projects/Customs does not exist']);
  });

  it('counts conflicts and lists them, with how each was resolved, when expanded', async () => {
    const api = new FakeBridgeApi();
    api.mail = MAIL_DETAIL;
    render(api);

    const section = await mailSection();
    const toggle = within(section).getByRole('button', { name: 'Show conflicts (2)' });
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(within(section).queryByRole('list', { name: 'Conflicts' }), null);

    await userEvent.setup().click(toggle);

    assert.equal(within(section).getByRole('button', { name: 'Hide conflicts' }).getAttribute('aria-expanded'), 'true');
    const items = within(within(section).getByRole('list', { name: 'Conflicts' })).getAllByRole('listitem').map((li) => li.textContent ?? '');
    assert.deepEqual(items, ['4 minutes ago Sent Items: Moved on both sides — dingtalk folder kept', '5 minutes ago Sent Items: Changed on both sides — dingtalk copy kept']);
  });

  it('shows a breaker stop prominently and, to a non-admin, no Release button', async () => {
    const api = new FakeBridgeApi();
    api.permissions = NO_PERMISSIONS;
    api.mail = MAIL_DETAIL;
    render(api);

    const section = await mailSection();
    const stop = within(section).getByText(new RegExp(BREAKER_TEXT));
    assert.match(stop.textContent ?? '', /Too many items disappeared from Outlook at once\. Stopped 5 minutes ago\./);
    assert.match(stop.textContent ?? '', /Deletions resume only after an administrator checks and releases this folder\./);
    await waitFor(() => assert.ok(api.permissionChecks > 0));
    assert.equal(within(section).queryByRole('button', { name: /^Release/ }), null);
    assert.equal(within(section).queryByRole('button', { name: 'Retry quarantined items' }), null);
    assert.deepEqual(api.breakerReleases, []);
  });

  it('lets an admin release the breaker: the API is called and the view shows the stop as released', async () => {
    const api = new FakeBridgeApi();
    api.permissions = SUPER_ADMIN;
    api.mail = MAIL_DETAIL;
    render(api);

    const section = await mailSection();
    const release = await within(section).findByRole('button', { name: 'Release Inbox' });
    assert.match(within(section).getByText(new RegExp(BREAKER_TEXT)).textContent ?? '', /Release only if these deletions were intended/);
    await userEvent.setup().click(release);

    assert.deepEqual(api.breakerReleases, [{ mailbox: 'zhangwei@dingdemo.example.com', folder: 'inbox' }]);
    assert.ok(await within(section).findByText(/^Released by admin@dingdemo\.example\.com .*The withheld deletions run on the next sync\.$/));
    assert.equal(within(section).queryByText(new RegExp(BREAKER_TEXT)), null);
  });

  it('says plainly when the server refuses a release (403)', async () => {
    const api = new FakeBridgeApi();
    api.permissions = SUPER_ADMIN;
    api.mail = MAIL_DETAIL;
    render(api);
    const release = await within(await mailSection()).findByRole('button', { name: 'Release Inbox' });
    // the role was taken away after the pane asked
    api.permissions = NO_PERMISSIONS;

    await userEvent.setup().click(release);

    assert.ok(await screen.findByText('Only administrators can do this.'));
    assert.deepEqual(api.breakerReleases, []);
    assert.ok(screen.getByText(new RegExp(BREAKER_TEXT)));
  });

  it('lists quarantined items with reason and next attempt, and lets an admin retry them', async () => {
    const api = new FakeBridgeApi();
    api.permissions = SUPER_ADMIN;
    api.mail = MAIL_DETAIL;
    render(api);

    const quarantine = await screen.findByRole('region', { name: 'Quarantined items (2)' });
    const items = within(quarantine).getAllByRole('listitem').map((li) => li.textContent ?? '');
    assert.equal(items.length, 2);
    assert.match(items[0] ?? '', /Inbox.*k-inbox-77.*message larger than the 35 MB DingTalk Mail limit \(MAIL_ERR_SEND\).*2 attempts · Next attempt in 5 minutes/);
    assert.match(items[1] ?? '', /Sent Items.*Graph rejected the item \(GRAPH_ERR_INVALID\).*8 attempts · Retries used up: waiting for an administrator/);

    await userEvent.setup().click(await within(quarantine).findByRole('button', { name: 'Retry quarantined items' }));

    assert.deepEqual(api.quarantineRetries, ['zhangwei@dingdemo.example.com']);
    assert.ok(await within(quarantine).findByText('2 items will be retried on the next sync.'));
  });

  it('says when the viewer\'s mailbox is not synced', async () => {
    const api = new FakeBridgeApi();
    api.mail = null;
    render(api);

    assert.ok(within(await mailSection()).getByText('Mail sync is not set up for your mailbox.'));
  });

  it('speaks zh-CN', async () => {
    const cn = new FakeBridgeApi();
    cn.mail = MAIL_DETAIL;
    render(cn, 'zh-CN');
    const section = await screen.findByRole('region', { name: '邮件同步' });
    assert.ok(within(section).getByText(/同步在删除“收件箱”中 300 封邮件里的 120 封之前已停止，没有删除任何邮件。/));
    assert.ok(within(section).getByRole('progressbar', { name: '首次邮件同步进度' }));
  });

  it('speaks zh-HK', async () => {
    const hk = new FakeBridgeApi();
    hk.mail = MAIL_DETAIL;
    render(hk, 'zh-HK');
    const section = await screen.findByRole('region', { name: '郵件同步' });
    assert.ok(within(section).getByText(/同步在刪除「收件匣」中 300 封郵件裏的 120 封之前已停止，沒有刪除任何郵件。/));
    assert.ok(within(section).getByRole('region', { name: '已隔離的項目（2）' }));
  });

  it('asks again on every poll and shows what changed', async () => {
    const api = new FakeBridgeApi();
    api.mail = MAIL_DETAIL;
    const scheduler = render(api);
    await mailSection();
    await waitFor(() => assert.equal(api.mailDetailReads, 1));

    api.mail = { ...MAIL_DETAIL, progress: { done: 9000, total: 10000, rate: 120, etaSeconds: 8 } };
    await act(async () => scheduler.runDue());

    assert.ok(await screen.findByText('9,000 of 10,000 · 120/s · about 8 sec left'));
    assert.equal(api.mailDetailReads, 2);
  });
});
