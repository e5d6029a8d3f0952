import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBridge, type Bridge } from './helpers/bridge.js';
import { launchChromium, newPaneContext } from './helpers/chromium.js';

/** Bounded waits for what the page does on its own (first sync, polling, lazy chunks). */
const UI_TIMEOUT_MS = 15_000;

describe('dev host: DingTalk mail in the Outlook inbox, its thread in the pane, sync status (chromium)', function () {
  // why: the sandbox organisation, the first mail sync and chromium take several seconds here
  this.timeout(60_000);

  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    bridge = await startBridge();
    browser = await launchChromium();
    context = await newPaneContext(browser, { viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${bridge.url}/`);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await bridge?.close();
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
