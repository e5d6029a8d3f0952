import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

/** git-ignored (.gitignore: test-output/); for people to look at, never compared by the tests. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));

export interface ScreenshotOptions {
  /** a page's whole scroll height (default) or only its viewport, e.g. a pane-sized window */
  fullPage?: boolean;
}

/** Saves `test-output/screenshots/<name>.png` of a page or of one element. */
export async function saveScreenshot(target: Page | Locator, name: string, options: ScreenshotOptions = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  // why animations disabled: Fluent's transitions would otherwise be caught halfway
  if ('goto' in target) await target.screenshot({ path, fullPage: options.fullPage ?? true, animations: 'disabled' });
  else await target.screenshot({ path, animations: 'disabled' });
  return path;
}
