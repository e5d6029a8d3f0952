import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatViolations, seriousViolations } from './helpers/axe.js';
import { startBridge, type Bridge } from './helpers/bridge.js';
import { launchChromium, newPaneContext } from './helpers/chromium.js';
import type { FakeOfficeItem } from './helpers/fake-office.js';
import { saveScreenshot } from './helpers/screenshots.js';

/** Outlook's task pane on desktop is about 320–350 px wide. */
const PANE_VIEWPORT = { width: 350, height: 700 };
const USER = { email: 'zhangwei@dingdemo.example.com', name: '张伟' };
/** the received message the dev host shows too (addin/office/fake-host.ts DEFAULT_READ_ITEM) */
const READ_ITEM: FakeOfficeItem = {
  mode: 'read',
  itemId: 'AAMkADemoReadItem0001',
  internetMessageId: '<demo-0001@mail.dingdemo.example.com>',
  conversationId: 'AAQkADemoConversation0001',
  subject: '第三季度销售会议安排 / Q3 sales meeting',
  from: { email: 'lina@dingdemo.example.com', name: '李娜' },
  to: [USER],
};

/**
 * Every view of the real taskpane.html (office.js replaced by helpers/fake-office.ts), in Outlook's
 * zh-CN display language at pane size: no serious or critical axe-core violations, and a screenshot
 * of each under test-output/screenshots/ for a person to look at.
 */
describe('task pane accessibility, per view (chromium, axe-core)', function () {
  this.timeout(30_000);

  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let light: Page;

  async function openPane(theme: 'light' | 'dark'): Promise<Page> {
    const context = await newPaneContext(browser!, {
      viewport: PANE_VIEWPORT,
      locale: 'zh-CN',
      office: { displayLanguage: 'zh-CN', theme, user: USER, item: READ_ITEM },
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${bridge!.url}/addin/taskpane.html`);
    await page.getByRole('searchbox', { name: '搜索钉钉通讯录' }).waitFor();
    return page;
  }

  async function assertAccessible(page: Page): Promise<void> {
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, `serious/critical axe-core violations:\n${formatViolations(violations)}`);
  }

  async function showResults(page: Page, query: string): Promise<void> {
    await page.getByRole('searchbox', { name: '搜索钉钉通讯录' }).fill(query);
    await page.getByRole('list', { name: '搜索结果' }).and(page.locator('[aria-busy="false"]')).waitFor();
  }

  before(async () => {
    bridge = await startBridge();
    browser = await launchChromium();
    light = await openPane('light');
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await bridge?.close();
  });

  it('Directory as opened (department tree), light', async () => {
    await light.getByRole('tree').first().waitFor();
    await assertAccessible(light);
    await saveScreenshot(light, 'pane-directory-browse-light', { fullPage: false });
  });

  it('Directory with search results, light', async () => {
    await showResults(light, 'zjl');
    await assertAccessible(light);
    await saveScreenshot(light, 'pane-directory-light', { fullPage: false });
  });

  it('Directory contact card, light', async () => {
    await light.getByRole('button', { name: /zhangwei@dingdemo\.example\.com/ }).click();
    await light.getByRole('region', { name: '张伟 的名片' }).getByText('BJ00007').waitFor();
    await assertAccessible(light);
    await saveScreenshot(light, 'pane-contact-card-light', { fullPage: false });
  });

  it('Thread, light', async () => {
    await light.getByRole('tab', { name: '会话' }).click();
    await light.getByRole('tabpanel', { name: '会话' }).getByText('尚未关联到钉钉会话').waitFor();
    await assertAccessible(light);
    await saveScreenshot(light, 'pane-thread-light', { fullPage: false });
  });

  it('Sync status, light', async () => {
    await light.getByRole('tab', { name: '同步状态' }).click();
    await light.getByRole('tabpanel', { name: '同步状态' }).getByRole('term').filter({ hasText: '人数' }).waitFor();
    await assertAccessible(light);
    await saveScreenshot(light, 'pane-sync-light', { fullPage: false });
  });

  it('Directory with search results, dark', async () => {
    const dark = await openPane('dark');
    await showResults(dark, 'zjl');
    await assertAccessible(dark);
    await saveScreenshot(dark, 'pane-directory-dark', { fullPage: false });
  });
});
