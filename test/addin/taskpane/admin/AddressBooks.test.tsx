import '../../setup.js';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { AddressBook } from '../../../../shared/admin-api.js';
import { FakeBridgeApi, ZHANG_WEI } from '../../fake-bridge-api.js';
import { FAKE_ADMIN, FAKE_UPDATED_AT, forbidden } from '../../fake-admin-api.js';
import { chosen, lastCall, openSection, pick, renderAdmin } from './admin-helpers.js';

const PARTNERS: AddressBook = {
  id: 'book-4',
  name: 'Partners',
  deptIds: [5],
  userids: [ZHANG_WEI.userid],
  viewers: { everyone: false, deptIds: [3], userids: [] },
  updatedAt: FAKE_UPDATED_AT,
  updatedBy: FAKE_ADMIN,
};

function form(): HTMLElement {
  return screen.getByRole('form');
}

describe('Admin › Address books', () => {
  it('lists books with their contents and who may use them', async () => {
    const api = new FakeBridgeApi();
    api.admin.books = [PARTNERS];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    const section = await openSection(user, 'Address books');
    const item = await within(section).findByRole('listitem');
    assert.match(item.textContent ?? '', /Partners/);
    assert.match(item.textContent ?? '', /Departments: 华北销售一组 · 1 person/);
    assert.match(item.textContent ?? '', /Who may use it: Departments: 销售部/);
  });

  it('creates a book for everyone with departments and people', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Add address book' }));
    await user.type(within(form()).getByRole('textbox', { name: /Name/ }), 'Sales north');
    await pick(user, form(), 'Departments in the book', '华北', /华北销售一组/);
    await pick(user, form(), 'People in the book', 'zw', /张伟/);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.deepEqual(await lastCall(api, 'createAddressBook'), [
      { name: 'Sales north', deptIds: [5], userids: [ZHANG_WEI.userid], viewers: { everyone: true, deptIds: [], userids: [] } },
    ]);
    assert.ok(await screen.findByText('Saved.'));
  });

  it('edits a book: opens with its values and saves with PUT on its id', async () => {
    const api = new FakeBridgeApi();
    api.admin.books = [PARTNERS];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Edit Partners' }));
    const viewers = screen.getByRole('group', { name: 'Who may use it' });
    assert.deepEqual(chosen(viewers, 'Departments'), ['销售部']);
    await user.click(within(viewers).getByRole('checkbox', { name: 'Everyone' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.deepEqual(await lastCall(api, 'updateAddressBook'), [
      'book-4',
      { name: 'Partners', deptIds: [5], userids: [ZHANG_WEI.userid], viewers: { everyone: true, deptIds: [], userids: [] } },
    ]);
  });

  it('deletes a book', async () => {
    const api = new FakeBridgeApi();
    api.admin.books = [PARTNERS];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Delete Partners' }));
    await user.click(within(screen.getByRole('group', { name: /^Delete Partners\?/ })).getByRole('button', { name: 'Delete' }));

    assert.deepEqual(await lastCall(api, 'deleteAddressBook'), ['book-4']);
    assert.ok(await screen.findByText('No address books yet.'));
  });

  it('on a 403 for a delete says why and keeps the book listed', async () => {
    const api = new FakeBridgeApi();
    api.admin.books = [PARTNERS];
    api.admin.failOnce('deleteAddressBook', forbidden());
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    const section = await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Delete Partners' }));
    await user.click(within(screen.getByRole('group', { name: /^Delete Partners\?/ })).getByRole('button', { name: 'Delete' }));

    assert.ok(await screen.findByText(/outside the departments you manage/));
    assert.match(within(section).getByRole('listitem').textContent ?? '', /Partners/);
  });

  it('on a 403 for a save keeps the name and the picks', async () => {
    const api = new FakeBridgeApi();
    api.admin.failOnce('createAddressBook', forbidden());
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Add address book' }));
    await user.type(within(form()).getByRole('textbox', { name: /Name/ }), 'HR only');
    await pick(user, form(), 'Departments in the book', '人力', /人力资源部/);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.ok(await screen.findByText(/Nothing was saved; what you entered is still in the form\./));
    assert.equal((within(form()).getByRole('textbox', { name: /Name/ }) as HTMLInputElement).value, 'HR only');
    assert.deepEqual(chosen(form(), 'Departments in the book'), ['人力资源部']);
  });
});
