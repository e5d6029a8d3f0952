import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { fakeOfficeScript, type FakeOfficeOptions } from './fake-office.js';

/** Debian's chromium; tools that download their own browser do not work on these machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** No sandbox (root in a container), no GPU, and nothing that phones home during a test. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** office.js is only ever loaded from Microsoft's CDN, which is unreachable here (webpack.config.js OFFICE_JS). */
export const OFFICE_CDN = 'https://appsforoffice.microsoft.com/**';

/** Headless chromium; playwright-core gives every launch its own temporary profile (user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface PaneContextOptions extends BrowserContextOptions {
  /**
   * What office.js defines in this context. Without it the CDN answers with an empty script, as a
   * blocked CDN would look to the page (the dev host needs no office.js at all).
   */
  office?: FakeOfficeOptions;
}

/** A fresh context (cookies, storage and cache of its own) whose requests to the Office CDN are stubbed. */
export async function newPaneContext(browser: Browser, options: PaneContextOptions = {}): Promise<BrowserContext> {
  const { office, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  const body = office === undefined ? '' : fakeOfficeScript(office);
  await context.route(OFFICE_CDN, (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body }));
  return context;
}
