import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { BridgeApi } from '../../addin/api/bridge-api.js';
import type { OfficeHost } from '../../addin/office/host.js';
import { App } from '../../addin/taskpane/App.js';
import { PaneProviders } from '../../addin/taskpane/PaneProviders.js';

/** Fixed clock for relative times: 2026-11-21T12:00:00Z. */
export const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

/** Renders the whole pane as Outlook would show it, with the given host and backend. */
export function renderPane(host: OfficeHost, api: BridgeApi): RenderResult {
  return render(<App host={host} api={api} now={() => NOW} />);
}

/**
 * Renders one view inside the pane's real providers. The lazily loaded views are tested this way:
 * under mocha + tsx the test's static imports are compiled to CommonJS while `React.lazy`'s dynamic
 * import() loads the ES module build, which would give the view a second Fluent and i18n context.
 */
export function renderView(view: ReactNode, host: OfficeHost, api: BridgeApi): RenderResult {
  return render(
    <PaneProviders host={host} api={api} now={() => NOW}>
      {view}
    </PaneProviders>,
  );
}
