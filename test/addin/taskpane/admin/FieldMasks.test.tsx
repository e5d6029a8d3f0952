import '../../setup.js';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { FieldMask } from '../../../../shared/admin-api.js';
import { FakeBridgeApi, LI_NA, ZHANG_WEI } from '../../fake-bridge-api.js';
import { conflict, FAKE_ADMIN, FAKE_UPDATED_AT } from '../../fake-admin-api.js';
import { chosen, lastCall, openSection, pick, renderAdmin } from './admin-helpers.js';

const MOBILES: FieldMask = {
  id: 'mask-9',
  name: 'Sales mobiles',
  fields: ['mobile'],
  targetDeptIds: [3],
  viewers: { everyone: true, deptIds: [], userids: [] },
  exemptUserids: [LI_NA.userid],
  updatedAt: FAKE_UPDATED_AT,
  updatedBy: FAKE_ADMIN,
};

function form(): HTMLElement {
  return screen.getByRole('form');
}

describe('Admin › Hidden fields', () => {
  it('lists masks with the hidden fields, whose they are and from whom', async () => {
    const api = new FakeBridgeApi();
    api.admin.masks = [MOBILES];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    const section = await openSection(user, 'Hidden fields');
    const item = await within(section).findByRole('listitem');
    assert.match(item.textContent ?? '', /Sales mobiles/);
    assert.match(item.textContent ?? '', /Hides: Mobile/);
    assert.match(item.textContent ?? '', /Whose fields: 销售部/);
    assert.match(item.textContent ?? '', /Hidden from: Everyone/);
  });

  it('creates a mask with its fields, targets, viewers and exemptions', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Hidden fields');
    await user.click(await screen.findByRole('button', { name: 'Add hidden fields' }));
    await user.type(within(form()).getByRole('textbox', { name: /Name/ }), '  Phones of sales  ');
    await user.click(screen.getByRole('checkbox', { name: 'Phone' }));
    await user.click(screen.getByRole('checkbox', { name: 'Mobile' }));
    await pick(user, form(), 'Whose fields', '销售', /^销售部/);
    const viewers = screen.getByRole('group', { name: 'Hidden from' });
    await user.click(within(viewers).getByRole('checkbox', { name: 'Everyone' }));
    await pick(user, viewers, 'Departments', '人力', /人力资源部/);
    await pick(user, viewers, 'People', 'zw', /张伟/);
    await pick(user, form(), 'Still visible to', 'ln', /李娜/);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.deepEqual(await lastCall(api, 'createFieldMask'), [
      {
        name: 'Phones of sales',
        // in the form's order, not the order of the clicks
        fields: ['mobile', 'telephone'],
        targetDeptIds: [3],
        viewers: { everyone: false, deptIds: [7], userids: [ZHANG_WEI.userid] },
        exemptUserids: [LI_NA.userid],
      },
    ]);
    assert.ok(await screen.findByText('Saved.'));
  });

  it('needs a name and at least one field', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Hidden fields');
    await user.click(await screen.findByRole('button', { name: 'Add hidden fields' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.ok(screen.getByText('Required.'));
    assert.ok(screen.getByText('Choose at least one field.'));
    assert.deepEqual(api.admin.callsOf('createFieldMask'), []);
  });

  it('edits a mask with PUT on its id, showing the chosen people by name', async () => {
    const api = new FakeBridgeApi();
    api.admin.masks = [MOBILES];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Hidden fields');
    await user.click(await screen.findByRole('button', { name: 'Edit Sales mobiles' }));
    assert.ok(screen.getByRole('heading', { name: 'Edit “Sales mobiles”' }));
    await waitFor(() => assert.deepEqual(chosen(form(), 'Still visible to'), ['李娜']));
    await user.click(screen.getByRole('checkbox', { name: 'E-mail' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.deepEqual(await lastCall(api, 'updateFieldMask'), [
      'mask-9',
      { name: 'Sales mobiles', fields: ['mobile', 'email'], targetDeptIds: [3], viewers: MOBILES.viewers, exemptUserids: [LI_NA.userid] },
    ]);
  });

  it('deletes a mask', async () => {
    const api = new FakeBridgeApi();
    api.admin.masks = [MOBILES];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Hidden fields');
    await user.click(await screen.findByRole('button', { name: 'Delete Sales mobiles' }));
    await user.click(within(screen.getByRole('group', { name: /^Delete Sales mobiles\?/ })).getByRole('button', { name: 'Delete' }));

    assert.deepEqual(await lastCall(api, 'deleteFieldMask'), ['mask-9']);
    assert.ok(await screen.findByText('No fields are hidden.'));
  });

  it('on a 409 says someone changed it meanwhile and keeps the form', async () => {
    const api = new FakeBridgeApi();
    api.admin.masks = [MOBILES];
    api.admin.failOnce('updateFieldMask', conflict());
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Hidden fields');
    await user.click(await screen.findByRole('button', { name: 'Edit Sales mobiles' }));
    const name = within(form()).getByRole('textbox', { name: /Name/ });
    await user.clear(name);
    await user.type(name, 'Renamed');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.ok(await screen.findByText(/Someone else changed this meanwhile/));
    assert.equal((within(form()).getByRole('textbox', { name: /Name/ }) as HTMLInputElement).value, 'Renamed');
  });
});
