import '../../setup.js';
import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { AddressBook, AddressBookInput } from '../../../../shared/admin-api.js';
import { FakeBridgeApi, ZHANG_WEI } from '../../fake-bridge-api.js';
import { FAKE_ADMIN, FAKE_UPDATED_AT, forbidden } from '../../fake-admin-api.js';
import { chosen, lastCall, openSection, pick, renderAdmin } from './admin-helpers.js';

const PARTNERS: AddressBook = {
  id: 'book-4',
  name: 'Partners',
  deptIds: [5],
  userids: [ZHANG_WEI.userid],
  externalContacts: [{ name: 'Li Ming', email: 'li.ming@acme-trading.example.com', company: 'Acme Trading' }],
  viewers: { everyone: false, deptIds: [3], userids: [] },
  updatedAt: FAKE_UPDATED_AT,
  updatedBy: FAKE_ADMIN,
};

function form(): HTMLElement {
  return screen.getByRole('form');
}

function externalRow(position: number): HTMLElement {
  return within(form()).getByRole('group', { name: `External contact ${position}` });
}

/** Types into the fields of one external contact row, by field label. */
async function fill(user: UserEvent, row: HTMLElement, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) {
    await user.type(within(row).getByRole('textbox', { name: label === 'Name' ? /Name/ : label }), value);
  }
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
    assert.match(item.textContent ?? '', /Departments: 华北销售一组 · 1 person · 1 external contact/);
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
      { name: 'Sales north', deptIds: [5], userids: [ZHANG_WEI.userid], externalContacts: [], viewers: { everyone: true, deptIds: [], userids: [] } },
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
      { name: 'Partners', deptIds: [5], userids: [ZHANG_WEI.userid], externalContacts: PARTNERS.externalContacts, viewers: { everyone: true, deptIds: [], userids: [] } },
    ]);
  });

  it('saves external contacts: trimmed, empty fields left out, a removed row not saved', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Add address book' }));
    await user.type(within(form()).getByRole('textbox', { name: /Name/ }), 'Customers');
    for (let n = 0; n < 3; n += 1) await user.click(within(form()).getByRole('button', { name: 'Add external contact' }));
    // a new row takes the focus, so typing can start at once
    assert.equal(document.activeElement, within(externalRow(3)).getByRole('textbox', { name: /Name/ }));

    await fill(user, externalRow(1), { Name: '  Li Ming ', 'E-mail': 'li.ming@acme-trading.example.com', Company: 'Acme Trading' });
    await fill(user, externalRow(2), { Name: 'Temp' });
    await fill(user, externalRow(3), { Name: 'Wang Fang', Title: 'Customs broker', Mobile: '+86 139 0000 0000' });
    await user.click(within(externalRow(2)).getByRole('button', { name: 'Remove Temp' }));
    assert.equal(document.activeElement, within(form()).getByRole('button', { name: 'Add external contact' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const [input] = await lastCall(api, 'createAddressBook');
    assert.deepEqual((input as AddressBookInput).externalContacts, [
      { name: 'Li Ming', email: 'li.ming@acme-trading.example.com', company: 'Acme Trading' },
      { name: 'Wang Fang', title: 'Customs broker', mobile: '+86 139 0000 0000' },
    ]);
  });

  it('does not save an external contact without a name or with a malformed e-mail', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Add address book' }));
    await user.type(within(form()).getByRole('textbox', { name: /Name/ }), 'Customers');
    await user.click(within(form()).getByRole('button', { name: 'Add external contact' }));
    await fill(user, externalRow(1), { 'E-mail': 'not-an-address' });
    await user.click(screen.getByRole('button', { name: 'Save' }));

    assert.ok(within(externalRow(1)).getByText('Required.'));
    assert.ok(within(externalRow(1)).getByText('Enter an e-mail address, or leave it empty.'));
    assert.deepEqual(api.admin.callsOf('createAddressBook'), []);
  });

  it('opens a book with its external contacts, and one from an older server without the list as none', async () => {
    const api = new FakeBridgeApi();
    const { externalContacts: _omitted, ...older } = { ...PARTNERS, id: 'book-5', name: 'Older' };
    // why the cast: a server from before external contacts sends books without the list
    api.admin.books = [PARTNERS, older as AddressBook];
    renderAdmin(api);
    const user = userEvent.setup({ delay: null });

    await openSection(user, 'Address books');
    await user.click(await screen.findByRole('button', { name: 'Edit Partners' }));
    const row = externalRow(1);
    assert.equal((within(row).getByRole('textbox', { name: /Name/ }) as HTMLInputElement).value, 'Li Ming');
    assert.equal((within(row).getByRole('textbox', { name: 'Company' }) as HTMLInputElement).value, 'Acme Trading');
    assert.equal((within(row).getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value, '');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(await screen.findByRole('button', { name: 'Edit Older' }));
    assert.equal(within(form()).queryByRole('group', { name: 'External contact 1' }), null);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const [, input] = await lastCall(api, 'updateAddressBook');
    assert.deepEqual((input as AddressBookInput).externalContacts, []);
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
