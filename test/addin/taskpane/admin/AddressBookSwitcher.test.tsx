import '../../setup.js';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { FakeOfficeHost } from '../../../../addin/office/fake-host.js';
import { FakeBridgeApi, ZHANG_WEI } from '../../fake-bridge-api.js';
import { renderPane } from '../../render-pane.js';

const PARTNERS = { id: 'book-4', name: 'Partners' };

describe('Directory › address book switcher', () => {
  it('is not shown when the viewer has no address book besides their directory', async () => {
    const api = new FakeBridgeApi();
    renderPane(new FakeOfficeHost({ language: 'en-US' }), api);
    await waitFor(() => assert.ok(api.directoryReads.some((read) => read.call === 'members')));
    await act(async () => undefined);
    assert.equal(screen.queryByRole('combobox', { name: 'Address book' }), null);
  });

  it('passes the chosen book to search, the department tree and the contact card, and back again', async () => {
    const api = new FakeBridgeApi();
    api.books = [PARTNERS];
    renderPane(new FakeOfficeHost({ language: 'en-US' }), api);
    const user = userEvent.setup({ delay: null });

    const switcher = await screen.findByRole('combobox', { name: 'Address book' });
    assert.deepEqual(
      Array.from((switcher as HTMLSelectElement).options, (option) => option.text),
      ['My directory', 'Partners'],
    );
    // the default directory is asked without a book
    assert.ok(api.directoryReads.filter((read) => read.call === 'department').every((read) => read.book === undefined));

    api.directoryReads.length = 0;
    await user.selectOptions(switcher, 'Partners');
    await waitFor(() => assert.deepEqual(api.directoryReads.filter((read) => read.call !== 'person'), [
      { call: 'department', arg: 1, book: 'book-4' },
      { call: 'members', arg: 1, book: 'book-4' },
    ]));

    await user.type(screen.getByRole('searchbox', { name: 'Search the DingTalk directory' }), 'zw');
    await waitFor(() => assert.ok(api.directoryReads.some((read) => read.call === 'search')));
    assert.deepEqual(api.directoryReads.find((read) => read.call === 'search'), { call: 'search', arg: 'zw', book: 'book-4' });

    await user.click(await screen.findByRole('button', { name: /张伟/ }));
    await waitFor(() => assert.deepEqual(api.directoryReads.find((read) => read.call === 'person'), { call: 'person', arg: ZHANG_WEI.userid, book: 'book-4' }));

    api.directoryReads.length = 0;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Address book' }), 'My directory');
    await waitFor(() => assert.ok(api.directoryReads.some((read) => read.call === 'search')));
    assert.ok(api.directoryReads.every((read) => read.book === undefined), 'back in the default directory, no book is sent');
  });
});
