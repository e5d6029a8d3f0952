import '../setup.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { HttpBridgeApi } from '../../../addin/api/http-bridge-api.js';
import type { TokenProvider } from '../../../addin/auth/token-provider.js';
import { DEFAULT_READ_ITEM, FakeOfficeHost } from '../../../addin/office/fake-host.js';
import { ThreadView } from '../../../addin/taskpane/components/ThreadView.js';
import { FakeBridgeApi } from '../fake-bridge-api.js';
import { NOW, renderView } from '../render-pane.js';

const tokens: TokenProvider = { kind: 'sandbox', getToken: async () => 'test-token', invalidate: () => undefined };

interface Call {
  url: string;
  authorization: string | null;
}

/** The backend before threads are linked: the route answers 404 APP_ERR_NOT_FOUND for every message. */
function notLinkedBackend(calls: Call[]): typeof fetch {
  return async (input, init) => {
    calls.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
    return Response.json({ error: { code: 'APP_ERR_NOT_FOUND', message: 'this message is not linked to a DingTalk thread' } }, { status: 404 });
  };
}

describe('ThreadView', () => {
  it('says honestly that the message is not linked when the server answers 404', async () => {
    const calls: Call[] = [];
    renderView(<ThreadView />, new FakeOfficeHost({ selected: 'read' }), new HttpBridgeApi({ tokens, fetch: notLinkedBackend(calls) }));

    assert.ok(await screen.findByText('Not linked to a DingTalk thread yet'));
    assert.deepEqual(calls, [
      { url: `/api/threads/by-message?internetMessageId=${encodeURIComponent(DEFAULT_READ_ITEM.internetMessageId)}`, authorization: 'Bearer test-token' },
    ]);
    assert.equal(screen.queryByRole('list', { name: 'Messages' }), null);
    assert.ok(screen.getByRole('button', { name: 'Reply' }));
  });

  it('shows a linked thread with its people and messages, and Reply opens Outlook\'s reply form', async () => {
    const api = new FakeBridgeApi();
    api.thread = {
      status: 'linked',
      thread: {
        threadId: 't-1',
        subject: 'Q3 sales meeting',
        linkedAt: NOW - 3 * 3600_000,
        lastSyncedAt: NOW - 60_000,
        participants: [{ name: '李娜', email: 'lina@dingdemo.example.com', userid: 'u-lina' }, { name: '张伟' }],
        messages: [
          { id: 'm1', source: 'outlook', internetMessageId: '<a@x>', from: { name: '李娜' }, to: [{ name: '张伟' }], subject: 'Q3', preview: '会议定于下周二', sentAt: NOW - 7200_000 },
          { id: 'm2', source: 'dingtalk', internetMessageId: null, from: { name: '张伟' }, to: [{ name: '李娜' }], subject: 'Q3', preview: '收到，谢谢', sentAt: NOW - 3600_000 },
        ],
      },
    };
    const host = new FakeOfficeHost({ selected: 'read' });
    renderView(<ThreadView />, host, api);

    const messages = await screen.findByRole('list', { name: 'Messages' });
    const items = within(messages).getAllByRole('listitem').map((item) => item.textContent ?? '');
    assert.equal(items.length, 2);
    assert.match(items[0] ?? '', /Outlook.*李娜 to 张伟.*会议定于下周二/);
    assert.match(items[1] ?? '', /DingTalk.*张伟 to 李娜.*收到，谢谢/);
    const people = within(screen.getByRole('list', { name: 'People' })).getAllByRole('listitem');
    assert.equal(people.length, 2);
    assert.match(people[0]?.textContent ?? '', /李娜$/);
    assert.match(people[1]?.textContent ?? '', /张伟$/);
    assert.ok(screen.getByText('Linked 3 hours ago'));

    await userEvent.setup().click(screen.getByRole('button', { name: 'Reply' }));
    assert.deepEqual(
      host.getSnapshot().activity.map((a) => a.kind),
      ['reply'],
    );
  });

  it('follows ItemChanged: a draft has no thread and no Reply button', async () => {
    const host = new FakeOfficeHost({ selected: 'read' });
    renderView(<ThreadView />, host, new FakeBridgeApi());
    await screen.findByText('Not linked to a DingTalk thread yet');

    act(() => host.select('compose'));

    assert.ok(await screen.findByText(/Threads are shown for messages you have received or sent/));
    await waitFor(() => assert.equal(screen.queryByRole('button', { name: 'Reply' }), null));
    assert.equal(screen.queryByText('Not linked to a DingTalk thread yet'), null);
  });

  it('asks again for the newly selected message', async () => {
    const calls: Call[] = [];
    const host = new FakeOfficeHost({ selected: 'read' });
    renderView(<ThreadView />, host, new HttpBridgeApi({ tokens, fetch: notLinkedBackend(calls) }));
    await screen.findByText('Not linked to a DingTalk thread yet');

    act(() => host.setReadItem({ ...DEFAULT_READ_ITEM, internetMessageId: '<other@x>', subject: 'Another message' }));

    assert.ok(await screen.findByText('Another message'));
    await waitFor(() => assert.equal(calls.at(-1)?.url, `/api/threads/by-message?internetMessageId=${encodeURIComponent('<other@x>')}`));
  });
});
