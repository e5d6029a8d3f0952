import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDevHost, type DevHostSession } from './helpers/devhost.js';

/** Bounded waits for things the page does on its own (lazy chunk, thread lookup). */
const UI_TIMEOUT_MS = 5000;

describe('dev host: Reply from the Thread tab (chromium)', function () {
  // why: starting the sandbox organisation and chromium takes a few seconds on these machines
  this.timeout(30_000);

  let session: DevHostSession | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    session = await openDevHost({ viewport: { width: 1280, height: 900 }, timeoutMs: UI_TIMEOUT_MS });
    ({ page, pageErrors } = session);
  });

  after(async () => {
    await session?.close();
  });

  it('Reply and Reply all open Outlook\'s forms for the selected message, shown in the dev host\'s activity log', async () => {
    const pane = page.getByRole('complementary', { name: 'Task pane' });
    await page.getByRole('radio', { name: 'Received message (read mode)' }).check();
    await pane.getByRole('tab', { name: 'Thread' }).click();
    await pane.getByRole('heading', { name: 'DingTalk thread' }).waitFor();

    await pane.getByRole('button', { name: 'Reply', exact: true }).click();
    await pane.getByRole('button', { name: 'Reply all' }).click();

    const log = page.getByRole('region', { name: 'Outlook activity' }).getByRole('listitem');
    await log.filter({ hasText: 'Outlook would open a reply-all to' }).waitFor();
    assert.deepEqual(
      (await log.allInnerTexts()).map((text) => text.replace(/“.*”/, '“…”')),
      ['Outlook would open a reply-all to “…”', 'Outlook would open a reply to “…”'],
    );
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  });
});
