import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBridge, type Bridge } from './helpers/bridge.js';
import { launchChromium, newPaneContext } from './helpers/chromium.js';
import { saveScreenshot } from './helpers/screenshots.js';

/** Bounded waits for things the page does on its own (search debounce + request, SSE delivery). */
const UI_TIMEOUT_MS = 5000;

describe('dev host: the task pane beside the simulated mailbox (chromium)', function () {
  // why: starting the sandbox organisation and chromium takes a few seconds on these machines
  this.timeout(30_000);

  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    bridge = await startBridge();
    browser = await launchChromium();
    // en-US: the dev host takes Outlook's display language from the browser's
    context = await newPaneContext(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${bridge.url}/`);
    assert.match(page.url(), /\/addin\/devhost\.html$/);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await bridge?.close();
  });

  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'uncaught errors in the page');
  });

  const pane = () => page.getByRole('complementary', { name: 'Task pane' });
  const searchBox = () => pane().getByRole('searchbox', { name: 'Search the DingTalk directory' });
  const results = () => pane().getByRole('list', { name: 'Search results' });

  it('finds 张伟 (销售经理) when 张经理 is typed as initials "zjl", showing name and title', async () => {
    await searchBox().fill('zjl');
    const row = results().getByRole('button', { name: /^张伟 / });
    await row.first().waitFor();
    const texts = await row.allInnerTexts();
    const manager = texts.find((text) => text.includes('zhangwei@dingdemo.example.com'));
    assert.ok(manager !== undefined, `no row for zhangwei@dingdemo.example.com among ${JSON.stringify(texts)}`);
    assert.match(manager, /张伟/);
    assert.match(manager, /销售经理/);
  });

  it('"Add to To" on a contact puts the address into the draft\'s To', async () => {
    await page.getByRole('radio', { name: 'Draft (compose mode)' }).check();
    await searchBox().fill('zjl');
    await results().getByRole('button', { name: /zhangwei@dingdemo\.example\.com/ }).click();
    await pane().getByRole('region', { name: 'Contact card of 张伟' }).waitFor();
    await pane().getByRole('button', { name: 'Add to To' }).click();

    const draft = page.getByRole('region', { name: /^RE: / });
    const to = draft.getByRole('toolbar', { name: 'To' });
    await to.getByRole('button', { name: /zhangwei@dingdemo\.example\.com/ }).waitFor();
    assert.equal((await to.innerText()).trim(), '张伟 <zhangwei@dingdemo.example.com>');
    assert.equal(await draft.getByRole('toolbar', { name: 'Cc' }).count(), 0, 'Cc stays empty');
    await pane().getByRole('status').filter({ hasText: 'Added 张伟 to To.' }).waitFor();
    await saveScreenshot(page, 'devhost-light');
  });

  it('shows a person hired in DingTalk in the open pane, without a reload', async () => {
    const newcomer = { name: '钱秋秋', title: '产品经理' };
    const initials = 'qqq';
    await pane().getByRole('button', { name: 'Back' }).click();
    await page.evaluate('window.__openedBeforeHire = true');

    await searchBox().fill(initials);
    // nobody in the demo organisation has these initials, so the answer before the hire is "no one"
    await pane().getByText(`No one in the directory matches “${initials}”.`).waitFor();

    const userid = await bridge!.hire(newcomer);
    // The open result list must pick the hire up from the change stream by itself, within a second or
    // two: nobody types again.
    await results().locator(`[data-userid="${userid}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    const row = await results().locator(`[data-userid="${userid}"]`).innerText();
    assert.match(row, /钱秋秋/);
    assert.match(row, /产品经理/);
    assert.equal(await page.evaluate('window.__openedBeforeHire'), true, 'the page was not reloaded');
  });

  it('renders the dev host in the dark theme', async () => {
    await page.getByRole('switch', { name: 'Dark theme' }).check();
    await searchBox().fill('zjl');
    await results().getByRole('button', { name: /zhangwei@dingdemo\.example\.com/ }).waitFor();
    await saveScreenshot(page, 'devhost-dark');
  });
});
