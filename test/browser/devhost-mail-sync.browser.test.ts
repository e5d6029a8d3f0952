import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDevHost, type DevHostSession } from './helpers/devhost.js';

/** Bounded waits for what the page does on its own (first sync, polling, lazy chunks). */
const UI_TIMEOUT_MS = 15_000;

describe('dev host: DingTalk mail in the Outlook inbox, its thread in the pane, sync status (chromium)', function () {
  // why: the sandbox organisation, the first mail sync and chromium take several seconds here
  this.timeout(60_000);

  let session: DevHostSession | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    session = await openDevHost({ viewport: { width: 1400, height: 1000 }, timeoutMs: UI_TIMEOUT_MS });
    ({ page, pageErrors } = session);
  });

  after(async () => {
    await session?.close();
  });

  it('opens a synced DingTalk mail from the Outlook inbox and shows its DingTalk thread', async () => {
    const inbox = page.getByRole('region', { name: /Outlook inbox/ });
    // The demo seeds DingTalk mail with Chinese subjects (报关单, 提单 …); the sync copies it to Outlook.
    const synced = inbox.getByRole('button').filter({ hasText: /#\d{4}/ }).first();
    await synced.waitFor();
    const subject = ((await synced.innerText()).split('\n').find((line) => /#\d{4}/.test(line)) ?? '').trim();
    await synced.click();
    const pane = page.getByRole('complementary', { name: 'Task pane' });
    await pane.getByRole('tab', { name: 'Thread' }).click();
    await pane.getByRole('heading', { name: 'DingTalk thread' }).waitFor();
    await pane.getByText(subject, { exact: false }).first().waitFor();
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  });

  it('shows the mail sync of the signed-in mailbox in Sync status', async () => {
    const pane = page.getByRole('complementary', { name: 'Task pane' });
    await pane.getByRole('tab', { name: /Sync/ }).click();
    await pane.getByText(/inbox/i).first().waitFor();
    const text = await pane.innerText();
    assert.match(text, /mail\.dingdemo\.example\.com/, 'the paired DingTalk mailbox is named');
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  });
});
