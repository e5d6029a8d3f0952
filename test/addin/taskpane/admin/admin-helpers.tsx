import { screen, waitFor, within, type RenderResult } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { ReactNode } from 'react';
import type { MyPermissions } from '../../../../shared/admin-api.js';
import { FakeOfficeHost } from '../../../../addin/office/fake-host.js';
import { AdminView } from '../../../../addin/taskpane/components/admin/AdminView.js';
import { PermissionsProvider } from '../../../../addin/taskpane/permissions.js';
import { FakeBridgeApi, SUPER_ADMIN } from '../../fake-bridge-api.js';
import { renderView } from '../../render-pane.js';

/**
 * Renders the Admin view the way the pane does (inside the viewer's permissions). It is imported
 * statically: the pane loads it with React.lazy, which mocha cannot share contexts with (render-pane.tsx).
 */
export function renderAdmin(api: FakeBridgeApi, permissions: MyPermissions = SUPER_ADMIN, language = 'en-US'): RenderResult {
  api.permissions = permissions;
  return renderView(
    <PermissionsProvider>
      <AdminView />
    </PermissionsProvider>,
    new FakeOfficeHost({ language }),
    api,
  );
}

/** Renders any view inside the viewer's permissions. */
export function renderWithPermissions(view: ReactNode, api: FakeBridgeApi, permissions: MyPermissions = SUPER_ADMIN): RenderResult {
  api.permissions = permissions;
  return renderView(<PermissionsProvider>{view}</PermissionsProvider>, new FakeOfficeHost({ language: 'en-US' }), api);
}

/** Picks a section in the Admin view's section menu. */
export async function openSection(user: UserEvent, name: string): Promise<HTMLElement> {
  await user.selectOptions(await screen.findByRole('combobox', { name: 'Section' }), name);
  return screen.findByRole('region', { name });
}

/** Types into a TagPicker (department or person picker) and picks the option whose name matches. */
export async function pick(user: UserEvent, scope: HTMLElement, label: string, typed: string, option: RegExp): Promise<void> {
  const box = within(scope).getByRole('combobox', { name: label });
  await user.click(box);
  await user.type(box, typed);
  // the options live in a popover portal, outside the form
  await user.click(await screen.findByRole('option', { name: option }));
}

/** The chosen entries of a TagPicker, by their text. */
export function chosen(scope: HTMLElement, label: string): string[] {
  const tags = within(scope).getByRole('listbox', { name: label }).querySelectorAll('[role="option"]');
  return Array.from(tags, (tag) => tag.textContent ?? '');
}

/** Waits until the fake recorded a call of `method`, and returns its arguments. */
export async function lastCall(api: FakeBridgeApi, method: Parameters<FakeBridgeApi['admin']['callsOf']>[0]): Promise<unknown[]> {
  return waitFor(() => {
    const calls = api.admin.callsOf(method);
    assert.ok(calls.length > 0, `${method} was not called`);
    return calls.at(-1) ?? [];
  });
}
