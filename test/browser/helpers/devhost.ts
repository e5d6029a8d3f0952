import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBridge, type Bridge } from './bridge.js';
import { launchChromium, newPaneContext } from './chromium.js';

export interface DevHostSession {
  bridge: Bridge;
  page: Page;
  /** uncaught errors of the page so far (tests assert it stays empty) */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The product in sandbox mode and the dev host open in chromium at `viewport`, in English (the dev host
 * takes Outlook's display language from the browser's). One per test file: `before` opens, `after` closes.
 */
export async function openDevHost(options: { viewport: { width: number; height: number }; timeoutMs: number }): Promise<DevHostSession> {
  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    await context?.close();
    await browser?.close();
    await bridge?.close();
  };
  try {
    bridge = await startBridge();
    browser = await launchChromium();
    context = await newPaneContext(browser, { viewport: options.viewport, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(options.timeoutMs);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${bridge.url}/`);
    return { bridge, page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
