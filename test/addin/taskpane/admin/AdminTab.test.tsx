import '../../setup.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { MyPermissions } from '../../../../shared/admin-api.js';
import { FakeOfficeHost } from '../../../../addin/office/fake-host.js';
import { FakeBridgeApi, NO_PERMISSIONS, SUPER_ADMIN } from '../../fake-bridge-api.js';
import { renderPane } from '../../render-pane.js';
import { renderAdmin } from './admin-helpers.js';

const AUDITOR: MyPermissions = { ...NO_PERMISSIONS, roles: [{ role: 'auditor', deptIds: [] }], canReadAudit: true };
const HR_EDITOR: MyPermissions = { ...NO_PERMISSIONS, roles: [{ role: 'hr_editor', deptIds: [3] }], canEditPeople: true };
const NO_RULES = 'No rules yet: everyone sees the whole directory.';
const SUB_ADMIN: MyPermissions = { ...NO_PERMISSIONS, roles: [{ role: 'sub_admin', deptIds: [3] }], canAdminister: true };

/** Renders the pane and waits until it has its answer to "what may this viewer administer". */
async function renderPaneAs(permissions: MyPermissions): Promise<FakeBridgeApi> {
  const api = new FakeBridgeApi();
  api.permissions = permissions;
  renderPane(new FakeOfficeHost({ language: 'en-US' }), api);
  await waitFor(() => assert.equal(api.permissionChecks, 1));
  await act(async () => undefined); // lets the answer reach React
  return api;
}

function sectionNames(): string[] {
  const menu = screen.queryByRole('combobox', { name: 'Section' });
  return menu === null ? [] : within(menu).getAllByRole('option').map((option) => option.textContent ?? '');
}

describe('Admin tab', () => {
  it('is not offered to a viewer without an admin role', async () => {
    await renderPaneAs(NO_PERMISSIONS);
    assert.ok(screen.getByRole('tab', { name: 'Directory' }));
    assert.equal(screen.queryByRole('tab', { name: 'Admin' }), null);
  });

  it('is offered to an admin, an auditor and an HR editor', async () => {
    for (const permissions of [SUPER_ADMIN, AUDITOR, HR_EDITOR]) {
      const { unmount } = renderPane(new FakeOfficeHost({ language: 'en-US' }), Object.assign(new FakeBridgeApi(), { permissions }));
      assert.ok(await screen.findByRole('tab', { name: 'Admin' }), permissions.roles[0]?.role);
      unmount();
    }
  });

  it('is not offered when the server cannot say (an older server answers 404)', async () => {
    const api = new FakeBridgeApi();
    api.myPermissions = async () => {
      api.permissionChecks += 1;
      throw new Error('404');
    };
    renderPane(new FakeOfficeHost({ language: 'en-US' }), api);
    await waitFor(() => assert.equal(api.permissionChecks, 1));
    await act(async () => undefined);
    assert.equal(screen.queryByRole('tab', { name: 'Admin' }), null);
  });

  it('shows a super admin every section', async () => {
    renderAdmin(new FakeBridgeApi(), SUPER_ADMIN);
    await screen.findByText(NO_RULES);
    assert.deepEqual(sectionNames(), ['Visibility rules', 'Hidden fields', 'Address books', 'Roles', 'Audit log']);
  });

  it('shows a department admin no Roles and no Audit log', async () => {
    renderAdmin(new FakeBridgeApi(), SUB_ADMIN);
    await screen.findByText(NO_RULES);
    assert.deepEqual(sectionNames(), ['Visibility rules', 'Hidden fields', 'Address books']);
  });

  it('shows an auditor only the audit log, and loads no departments for them', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api, AUDITOR);
    assert.ok(await screen.findByRole('region', { name: 'Audit log' }));
    await screen.findByText('No entries match these filters.');
    assert.deepEqual(sectionNames(), [], 'one section needs no menu');
    assert.deepEqual(api.admin.callsOf('departments'), []);
  });

  it('tells an HR editor where to edit people', async () => {
    renderAdmin(new FakeBridgeApi(), HR_EDITOR);
    assert.ok(await screen.findByText(/open their contact card in the directory and choose “Edit HR details”/));
    assert.equal(screen.queryByRole('region', { name: 'Audit log' }), null);
  });

  it('speaks zh-CN', async () => {
    renderAdmin(new FakeBridgeApi(), SUPER_ADMIN, 'zh-CN');
    assert.ok(await screen.findByText('尚无规则：所有人都能看到整个通讯录。'));
    assert.ok(screen.getByRole('heading', { name: '管理' }));
    assert.ok(screen.getByRole('button', { name: '添加规则' }));
  });
});

describe('Edit HR details on the contact card', () => {
  async function openCard(permissions: MyPermissions): Promise<void> {
    await renderPaneAs(permissions);
    const user = userEvent.setup({ delay: null });
    await user.type(screen.getByRole('searchbox', { name: 'Search the DingTalk directory' }), 'zw');
    await user.click(await screen.findByRole('button', { name: /张伟/ }));
    await screen.findByRole('region', { name: 'Contact card of 张伟' });
  }

  it('is offered to an HR editor', async () => {
    await openCard(HR_EDITOR);
    assert.ok(await screen.findByRole('button', { name: 'Edit HR details' }));
  });

  it('is not offered to others', async () => {
    await openCard(AUDITOR);
    assert.equal(screen.queryByRole('button', { name: 'Edit HR details' }), null);
  });
});
