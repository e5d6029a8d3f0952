import type { ElementContext, Result } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** axe's context for "the whole document": include defaults to it when only exclude is given. */
const WHOLE_PAGE: ElementContext = { exclude: [] };

/** The impacts that fail a scan; moderate and minor ones are left to review. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Fluent UI v9's focus management (Tabster) puts `<i tabindex="0" aria-hidden="true" data-tabster-dummy>`
 * around tab lists, toolbars and arrow-key groups; they pass focus on at once and are hidden from screen
 * readers on purpose. axe reports them as aria-hidden-focus; Tabster's maintainers call this a false
 * positive to be excepted (microsoft/tabster#288, microsoft/accessibility-insights-web#7613).
 */
function isTabsterDummy(rule: string, html: string): boolean {
  return rule === 'aria-hidden-focus' && /^<i\b[^>]*\bdata-tabster-dummy\b/.test(html);
}

/**
 * Runs axe-core in the page (injected from node_modules, never a CDN) and returns the serious and
 * critical violations, without Tabster's focus sentinels. `context` narrows the scan (default: the page).
 */
export async function seriousViolations(page: Page, context: ElementContext = WHOLE_PAGE): Promise<Result[]> {
  // why evaluate, not addScriptTag: the pages' Content-Security-Policy (server/http/security.ts) forbids
  // inline scripts, and addScriptTag inserts one; DevTools evaluation is not subject to the page's CSP
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'));
  const options = { resultTypes: ['violations'] };
  // why a string: see fake-office.ts on functions serialised from tsx-compiled code
  const violations = (await page.evaluate(`axe.run(${JSON.stringify(context)}, ${JSON.stringify(options)}).then((r) => r.violations)`)) as Result[];
  return violations
    .filter((v) => v.impact !== undefined && v.impact !== null && BLOCKING.has(v.impact))
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isTabsterDummy(v.id, n.html)) }))
    .filter((v) => v.nodes.length > 0);
}

/** One line per violation and per offending element, for an assertion message. */
export function formatViolations(violations: readonly Result[]): string {
  return violations
    .map((v) =>
      [
        `${v.impact ?? '?'} ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}${n.failureSummary === undefined ? '' : `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`}`),
      ].join('\n'),
    )
    .join('\n');
}
