import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBridge, type Bridge } from './helpers/bridge.js';
import { launchChromium, newPaneContext } from './helpers/chromium.js';
import type { CompletedOptions, FakeNotice } from './helpers/fake-office.js';

const SENDER = { email: 'lina@dingdemo.example.com', name: '李娜' };
const LOOKALIKE = 'zhangwe1@dingdemo.example.com';
const CORRECT = 'zhangwei@dingdemo.example.com';
/** addin/launchevent/handlers.ts NOTICE_KEY */
const NOTICE_KEY = 'dingtalkBridgeRecipientCheck';

/**
 * The built launchevent.js, loaded by commands.html as Outlook on the web loads it, against a fake
 * `Office` (helpers/fake-office.ts) and the real backend. Outlook would call the handlers; here the
 * test calls the ones the bundle registered with Office.actions.associate.
 */
describe('Smart Alerts: the send-time recipient check of launchevent.js (chromium)', function () {
  this.timeout(30_000);

  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let checks = 0;
  /** when set, the backend's check route answers this status instead (an expired or rejected sign-in) */
  let checkStatus: number | null = null;

  before(async () => {
    bridge = await startBridge();
    browser = await launchChromium();
    context = await newPaneContext(browser, {
      office: { displayLanguage: 'en-US', user: SENDER, item: { mode: 'compose', subject: 'Q3 figures' } },
    });
    page = await context.newPage();
    page.setDefaultTimeout(5000);
    // Counts the bundle's checks; the bundle signs in by itself (sandbox identity provider, as the mailbox owner).
    await page.route('**/api/recipients/check', async (route) => {
      checks += 1;
      assert.match(route.request().headers().authorization ?? '', /^Bearer \S+/, 'the bundle sends its sign-in token');
      if (checkStatus !== null) await route.fulfill({ status: checkStatus, contentType: 'application/json', body: '{"error":{"code":"APP_ERR_UNAUTHORIZED","message":"a valid sign-in token is required"}}' });
      else await route.continue();
    });
    await page.goto(`${bridge.url}/addin/commands.html`);
    await page.waitForFunction('typeof window.__fakeOffice?.handlers?.onMessageSendHandler === "function"');
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await bridge?.close();
  });

  beforeEach(async () => {
    checkStatus = null;
    checks = 0;
    await page.evaluate('window.__fakeOffice.notices = {}');
  });

  async function compose(to: string[]): Promise<void> {
    await page.evaluate(`window.__fakeOffice.setRecipients('to', ${JSON.stringify(to.map((email) => ({ email })))})`);
  }

  /** Runs a registered handler as Outlook would and resolves with what it passed to event.completed. */
  async function fire(handler: 'onMessageSendHandler' | 'onMessageRecipientsChangedHandler'): Promise<CompletedOptions | null> {
    return (await page.evaluate(
      `new Promise((resolve) => window.__fakeOffice.handlers.${handler}({ type: 'fake', completed: (options) => resolve(options ?? null) }))`,
    )) as CompletedOptions | null;
  }

  async function notice(): Promise<FakeNotice | null> {
    return (await page.evaluate(`window.__fakeOffice.notices[${JSON.stringify(NOTICE_KEY)}] ?? null`)) as FakeNotice | null;
  }

  it('blocks a send to a lookalike of a colleague, with a Smart Alerts prompt naming the colleague', async () => {
    await compose([LOOKALIKE]);
    const completed = await fire('onMessageSendHandler');
    assert.equal(checks, 1, 'the handler asked the backend');
    assert.equal(completed?.allowEvent, false);
    assert.match(completed.errorMessage ?? '', /zhangwe1@dingdemo\.example\.com looks like zhangwei@dingdemo\.example\.com \(张伟\)/);
    assert.equal(completed.sendModeOverride, 'promptUser', 'the user may still send anyway');
    assert.equal(completed.cancelLabel, 'Fix recipients');
  });

  it('lets a send to the correct address go without a prompt or a note', async () => {
    await compose([CORRECT, 'lina@dingdemo.example.com']);
    assert.deepEqual(await fire('onMessageSendHandler'), { allowEvent: true });
    assert.equal(checks, 1);
    assert.equal(await notice(), null);
  });

  it('warns in the notification bar while the lookalike is being typed in', async () => {
    await compose([LOOKALIKE]);
    assert.equal(await fire('onMessageRecipientsChangedHandler'), null, 'completed() without options');
    const shown = await notice();
    assert.equal(shown?.type, 'errorMessage');
    assert.match(shown.message, /zhangwe1@dingdemo\.example\.com looks like zhangwei@dingdemo\.example\.com/);
    assert.ok(shown.message.length <= 150, 'Office rejects longer notifications');

    await compose([CORRECT]);
    await fire('onMessageRecipientsChangedHandler');
    assert.equal(await notice(), null, 'the warning goes once the address is fixed');
  });

  it('fails open when the sign-in is rejected: the mail goes, with a note why', async () => {
    checkStatus = 401;
    await compose([LOOKALIKE]);
    assert.deepEqual(await fire('onMessageSendHandler'), { allowEvent: true });
    assert.equal(checks, 1);
    const shown = await notice();
    assert.equal(shown?.type, 'informationalMessage');
    assert.match(shown.message, /not signed in to the DingTalk bridge/);
  });
});
