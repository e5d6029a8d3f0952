import '../../setup.js';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { PersonOverlayForm } from '../../../../addin/taskpane/components/admin/PersonOverlayForm.js';
import { FakeBridgeApi, LI_NA } from '../../fake-bridge-api.js';
import { FAKE_ADMIN, FAKE_UPDATED_AT, forbidden } from '../../fake-admin-api.js';
import { lastCall, renderWithPermissions } from './admin-helpers.js';

interface Outcome {
  closed: boolean[];
  announced: string[];
}

function renderForm(api: FakeBridgeApi): Outcome {
  const outcome: Outcome = { closed: [], announced: [] };
  renderWithPermissions(
    <PersonOverlayForm userid={LI_NA.userid} name="李娜" onClose={(saved) => outcome.closed.push(saved)} announce={(message) => outcome.announced.push(message)} />,
    api,
  );
  return outcome;
}

function form(): HTMLElement {
  return screen.getByRole('form', { name: 'HR details of 李娜' });
}

describe('Admin › HR details form', () => {
  it('opens with the saved fields and saves tags, note and what is shown', async () => {
    const api = new FakeBridgeApi();
    api.admin.overlays.set(LI_NA.userid, { userid: LI_NA.userid, tags: ['VIP'], note: 'Back in May', showMobile: true, showTelephone: true, updatedAt: FAKE_UPDATED_AT, updatedBy: FAKE_ADMIN });
    const outcome = renderForm(api);
    const user = userEvent.setup({ delay: null });

    const tags = await within(await waitFor(form)).findByRole('textbox', { name: /Tags/ });
    assert.equal((tags as HTMLInputElement).value, 'VIP');
    assert.deepEqual(await lastCall(api, 'personOverlay'), [LI_NA.userid]);
    await user.type(tags, '，销售骨干, VIP,  ');
    const note = within(form()).getByRole('textbox', { name: 'Note' });
    await user.clear(note);
    await user.type(note, ' On leave until 1 Dec ');
    await user.click(within(form()).getByRole('checkbox', { name: 'Show mobile number' }));
    await user.click(within(form()).getByRole('button', { name: 'Save' }));

    assert.deepEqual(await lastCall(api, 'putPersonOverlay'), [
      LI_NA.userid,
      { tags: ['VIP', '销售骨干'], note: 'On leave until 1 Dec', showMobile: false, showTelephone: true },
    ]);
    await waitFor(() => assert.deepEqual(outcome.closed, [true]));
    assert.deepEqual(outcome.announced, ['Saved the HR details of 李娜.']);
  });

  it('refuses a tag longer than the server accepts', async () => {
    const api = new FakeBridgeApi();
    renderForm(api);
    const user = userEvent.setup({ delay: null });

    await user.type(await within(await waitFor(form)).findByRole('textbox', { name: /Tags/ }), 'x'.repeat(33));
    await user.click(within(form()).getByRole('button', { name: 'Save' }));

    assert.ok(screen.getByText('Each tag can have at most 32 characters.'));
    assert.deepEqual(api.admin.callsOf('putPersonOverlay'), []);
  });

  it('on a 403 for the save says the person is outside the editor\'s scope and keeps the input', async () => {
    const api = new FakeBridgeApi();
    api.admin.failOnce('putPersonOverlay', forbidden());
    const outcome = renderForm(api);
    const user = userEvent.setup({ delay: null });

    await user.type(await within(await waitFor(form)).findByRole('textbox', { name: 'Note' }), 'Moved to Shanghai');
    await user.click(within(form()).getByRole('button', { name: 'Save' }));

    assert.ok(await screen.findByText(/outside the departments you manage\. Nothing was saved; what you entered is still in the form\./));
    assert.equal((within(form()).getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement).value, 'Moved to Shanghai');
    assert.deepEqual(outcome.closed, []);
  });

  it('on a 403 for the load says so instead of showing an empty form', async () => {
    const api = new FakeBridgeApi();
    api.admin.failOnce('personOverlay', forbidden());
    renderForm(api);

    assert.ok(await screen.findByText(/outside the departments you manage/));
    assert.equal(screen.queryByRole('form'), null);
  });

  it('Cancel closes without saving', async () => {
    const api = new FakeBridgeApi();
    const outcome = renderForm(api);
    const user = userEvent.setup({ delay: null });

    await user.click(await within(await waitFor(form)).findByRole('button', { name: 'Cancel' }));

    assert.deepEqual(outcome.closed, [false]);
    assert.deepEqual(api.admin.callsOf('putPersonOverlay'), []);
  });
});
