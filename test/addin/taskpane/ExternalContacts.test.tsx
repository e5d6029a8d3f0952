import '../setup.js';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { FakeOfficeHost } from '../../../addin/office/fake-host.js';
import { ACME_BUYER, FakeBridgeApi, PARTNERS_BOOK } from '../fake-bridge-api.js';
import { renderPane } from '../render-pane.js';

/** Switches to the Partners book and searches it for the external contact. */
async function findBuyer(user: UserEvent, api: FakeBridgeApi): Promise<HTMLElement> {
  await user.selectOptions(await screen.findByRole('combobox', { name: 'Address book' }), PARTNERS_BOOK.name);
  await user.type(screen.getByRole('searchbox', { name: 'Search the DingTalk directory' }), 'acme');
  await waitFor(() => assert.ok(api.directoryReads.some((read) => read.call === 'search' && read.book === PARTNERS_BOOK.id)));
  const list = await screen.findByRole('list', { name: 'Search results' });
  return within(list).findByRole('button', { name: /Li Ming/ });
}

describe('Directory › external contacts of an address book', () => {
  it('shows an external search result with the External badge and the company', async () => {
    const api = new FakeBridgeApi();
    api.books = [PARTNERS_BOOK];
    renderPane(new FakeOfficeHost({ language: 'en-US' }), api);
    const user = userEvent.setup({ delay: null });

    const result = await findBuyer(user, api);
    assert.ok(within(result).getByText('External'));
    assert.match(result.textContent ?? '', /Purchasing manager · Acme Trading/);
    assert.match(result.textContent ?? '', /li\.ming@acme-trading\.example\.com/);
  });

  it('opens their card without the DingTalk chat; New message and Add to To use their e-mail', async () => {
    const api = new FakeBridgeApi();
    api.books = [PARTNERS_BOOK];
    const host = new FakeOfficeHost({ language: 'en-US', selected: 'compose' });
    renderPane(host, api);
    const user = userEvent.setup({ delay: null });

    await user.click(await findBuyer(user, api));
    const card = await screen.findByRole('region', { name: 'Contact card of Li Ming' });
    await waitFor(() => assert.ok(api.directoryReads.some((read) => read.call === 'person' && read.arg === ACME_BUYER.userid && read.book === PARTNERS_BOOK.id)));
    assert.ok(within(card).getByText('External'));
    assert.ok(await within(card).findByText('Acme Trading'));
    assert.ok(within(card).getByText('+852-5550-0101'));
    assert.equal(within(card).queryByRole('link', { name: 'Open in DingTalk' }), null);
    assert.ok(within(card).getByText('External contact: not in DingTalk, so there is no DingTalk chat.'));

    await user.click(within(card).getByRole('button', { name: 'Add to To' }));
    await waitFor(() => assert.deepEqual(host.getSnapshot().composeItem.to, [{ email: ACME_BUYER.email, name: 'Li Ming' }]));
    await user.click(within(card).getByRole('button', { name: 'New message' }));
    await waitFor(() =>
      assert.deepEqual(
        host.getSnapshot().activity.filter((entry) => entry.kind === 'new-message').map((entry) => entry.kind === 'new-message' && entry.to),
        [[{ email: ACME_BUYER.email, name: 'Li Ming' }]],
      ),
    );
    // ranking of frequent contacts is for DingTalk people only
    assert.deepEqual(api.uses, []);
  });

  it('offers no HR editing for an external contact, even to an HR editor', async () => {
    const api = new FakeBridgeApi();
    api.books = [PARTNERS_BOOK];
    api.permissions = { ...api.permissions, canEditPeople: true, roles: [{ role: 'hr_editor', deptIds: [] }] };
    renderPane(new FakeOfficeHost({ language: 'en-US' }), api);
    const user = userEvent.setup({ delay: null });

    await user.click(await findBuyer(user, api));
    const card = await screen.findByRole('region', { name: 'Contact card of Li Ming' });
    assert.ok(await within(card).findByText('Acme Trading'));
    assert.equal(within(card).queryByRole('button', { name: 'Edit HR details' }), null);
  });

  it('is not found in the default directory', async () => {
    const api = new FakeBridgeApi();
    api.books = [PARTNERS_BOOK];
    renderPane(new FakeOfficeHost({ language: 'en-US' }), api);
    const user = userEvent.setup({ delay: null });

    await user.type(screen.getByRole('searchbox', { name: 'Search the DingTalk directory' }), 'acme');
    assert.ok(await screen.findByText('No one in the directory matches “acme”.'));
  });
});
