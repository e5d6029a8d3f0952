import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBridge, type Bridge } from './helpers/bridge.js';
import { launchChromium, newPaneContext, type PaneContextOptions } from './helpers/chromium.js';

const USER = { email: 'zhangwei@dingdemo.example.com', name: '张伟' };
const UI_TIMEOUT_MS = 5000;

/**
 * Records every CSP violation the page reports, from the first script on: the document's
 * `securitypolicyviolation` events and chromium's console messages. A string, not a function: see
 * helpers/fake-office.ts on functions serialised from tsx-compiled code.
 */
const RECORD_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', function (event) {
    window.__cspViolations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')');
  });
`;

/**
 * The backend's real Content-Security-Policy (server/http/security.ts, wired by the runtime) against
 * the built pages in chromium: the dev host, the task pane with (fake) office.js from Microsoft's CDN
 * URL, the event-based commands page and Swagger UI all work and report no violation.
 */
describe('content security policy: the built pages run under it (chromium)', function () {
  this.timeout(30_000);

  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  before(async () => {
    bridge = await startBridge();
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await bridge?.close();
  });

  async function open(path: string, options: PaneContextOptions = {}): Promise<{ page: Page; violations: () => Promise<string[]> }> {
    const context = await newPaneContext(browser!, options);
    contexts.push(context);
    await context.addInitScript(RECORD_VIOLATIONS);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    const console: string[] = [];
    page.on('console', (message) => {
      if (/Content[ -]Security[ -]Policy/i.test(message.text())) console.push(message.text());
    });
    const response = await page.goto(`${bridge!.url}${path}`);
    assert.ok(response !== null);
    assert.match(String((await response.allHeaders())['content-security-policy']), /frame-ancestors 'self' https:\/\/outlook\.office\.com/);
    return {
      page,
      violations: async () => [...((await page.evaluate('window.__cspViolations')) as string[]), ...console],
    };
  }

  it('the dev host (sandbox mode /) searches the directory with no violation', async () => {
    const { page, violations } = await open('/', { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const pane = page.getByRole('complementary', { name: 'Task pane' });
    await pane.getByRole('searchbox', { name: 'Search the DingTalk directory' }).fill('zjl');
    await pane.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /zhangwei@dingdemo\.example\.com/ }).first().waitFor();
    assert.deepEqual(await violations(), []);
  });

  it('the task pane loads office.js from its CDN URL, signs in, searches and opens its lazy views with no violation', async () => {
    const { page, violations } = await open('/addin/taskpane.html', {
      viewport: { width: 350, height: 700 },
      locale: 'en-US',
      office: { displayLanguage: 'en-US', user: USER, item: null },
    });
    await page.getByRole('searchbox', { name: 'Search the DingTalk directory' }).fill('zjl');
    await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /zhangwei@dingdemo\.example\.com/ }).first().waitFor();
    await page.getByRole('tab', { name: 'Sync status' }).click();
    await page.getByRole('tabpanel', { name: 'Sync status' }).waitFor();
    assert.deepEqual(await violations(), []);
  });

  it('the commands page registers the event handlers with no violation', async () => {
    const { page, violations } = await open('/addin/commands.html', { office: { displayLanguage: 'en-US', user: USER, item: { mode: 'compose', subject: 'Hello' } } });
    await page.waitForFunction('typeof window.__fakeOffice?.handlers?.onMessageSendHandler === "function"');
    assert.deepEqual(await violations(), []);
  });

  it('Swagger UI at /docs renders with no violation', async () => {
    const { page, violations } = await open('/docs');
    await page.getByText('DingTalk ⇄ Outlook bridge').first().waitFor();
    await page.locator('.opblock').first().waitFor();
    assert.deepEqual(await violations(), []);
  });
});
