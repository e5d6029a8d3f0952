import '../../setup.js';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { RoleAssignment } from '../../../../shared/admin-api.js';
import { FakeBridgeApi } from '../../fake-bridge-api.js';
import { FAKE_ADMIN, FAKE_UPDATED_AT, forbidden } from '../../fake-admin-api.js';
import { lastCall, openSection, pick, renderAdmin } from './admin-helpers.js';

const FROM_CONFIG: RoleAssignment = { id: 'cfg-1', email: 'root@dingdemo.example.com', role: 'super_admin', deptIds: [], fromConfig: true, updatedAt: 0, updatedBy: 'config' };
const HR: RoleAssignment = { id: 'role-3', email: 'hr@dingdemo.example.com', role: 'hr_editor', deptIds: [3], fromConfig: false, updatedAt: FAKE_UPDATED_AT, updatedBy: FAKE_ADMIN };

function form(): HTMLElement {
  return screen.getByRole('form');
}

describe('Admin › Roles', () => {
  it('lists assignments; those from configuration are read-only', async () => {
    const api = new FakeBridgeApi();
    api.admin.roles = [FROM_CONFIG, HR];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    const section = await openSection(user, 'Roles');
    const [root, hr] = await within(section).findAllByRole('listitem');
    assert.ok(root !== undefined && hr !== undefined);
    assert.match(root.textContent ?? '', /root@dingdemo\.example\.com \(Super admin\)/);
    assert.match(root.textContent ?? '', /From configuration/);
    assert.equal(within(root).queryByRole('button'), null, 'no Edit or Delete for a configured role');
    assert.match(hr.textContent ?? '', /HR editor/);
    assert.match(hr.textContent ?? '', /Departments covered: 销售部/);
    assert.ok(within(hr).getByRole('button', { name: 'Delete hr@dingdemo.example.com (HR editor)' }));
    assert.equal(within(hr).queryByRole('button', { name: /^Edit/ }), null, 'the API has no update for roles');
  });

  it('assigns a department admin role with its departments', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Roles');
    await user.click(await screen.findByRole('button', { name: 'Add role' }));
    await user.type(within(form()).getByRole('textbox', { name: /Signed-in e-mail/ }), ' wang@dingdemo.example.com ');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role' }), 'Department admin');
    await pick(user, form(), 'Departments covered', '华北', /华北销售一组/);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.deepEqual(await lastCall(api, 'createRoleAssignment'), [{ email: 'wang@dingdemo.example.com', role: 'sub_admin', deptIds: [5] }]);
    assert.ok(await screen.findByText('Saved.'));
  });

  it('assigns an auditor without departments, and checks the e-mail first', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Roles');
    await user.click(await screen.findByRole('button', { name: 'Add role' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role' }), 'Auditor');
    assert.equal(within(form()).queryByRole('combobox', { name: 'Departments covered' }), null);
    await user.type(within(form()).getByRole('textbox', { name: /Signed-in e-mail/ }), 'audit');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    assert.ok(screen.getByText('Enter an e-mail address.'));
    assert.deepEqual(api.admin.callsOf('createRoleAssignment'), []);

    await user.type(within(form()).getByRole('textbox', { name: /Signed-in e-mail/ }), '@dingdemo.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    assert.deepEqual(await lastCall(api, 'createRoleAssignment'), [{ email: 'audit@dingdemo.example.com', role: 'auditor', deptIds: [] }]);
  });

  it('deletes an assignment', async () => {
    const api = new FakeBridgeApi();
    api.admin.roles = [FROM_CONFIG, HR];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Roles');
    await user.click(await screen.findByRole('button', { name: 'Delete hr@dingdemo.example.com (HR editor)' }));
    await user.click(within(screen.getByRole('group', { name: /^Delete hr@/ })).getByRole('button', { name: 'Delete' }));

    assert.deepEqual(await lastCall(api, 'deleteRoleAssignment'), ['role-3']);
  });

  it('on a 403 says so and keeps the e-mail', async () => {
    const api = new FakeBridgeApi();
    api.admin.failOnce('createRoleAssignment', forbidden());
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Roles');
    await user.click(await screen.findByRole('button', { name: 'Add role' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role' }), 'Auditor');
    await user.type(within(form()).getByRole('textbox', { name: /Signed-in e-mail/ }), 'x@dingdemo.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.ok(await screen.findByText(/You do not have the role for this/));
    assert.equal((within(form()).getByRole('textbox', { name: /Signed-in e-mail/ }) as HTMLInputElement).value, 'x@dingdemo.example.com');
  });
});
