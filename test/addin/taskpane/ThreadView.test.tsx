import '../setup.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { HttpBridgeApi } from '../../../addin/api/http-bridge-api.js';
import type { TokenProvider } from '../../../addin/auth/token-provider.js';
import { DEFAULT_READ_ITEM, FakeOfficeHost } from '../../../addin/office/fake-host.js';
import { ThreadView } from '../../../addin/taskpane/components/ThreadView.js';
import type { ThreadLookup } from '../../../addin/api/bridge-api.js';
import { FakeBridgeApi, LI_NA } from '../fake-bridge-api.js';
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

/** A linked thread: 李娜 is in the directory (userid), 王先生 is an outside address; the reply is unread. */
const LINKED: ThreadLookup = {
  status: 'linked',
  thread: {
    threadId: 't-2',
    subject: 'Q3 sales meeting',
    linkedAt: NOW - 3600_000,
    lastSyncedAt: NOW - 60_000,
    participants: [
      { name: '李娜', email: 'lina@dingdemo.example.com', userid: LI_NA.userid },
      { name: '王先生', email: 'wang@customer.example' },
    ],
    messages: [
      { id: 'm1', source: 'outlook', internetMessageId: '<a@x>', from: { name: '李娜' }, to: [{ name: '王先生' }], subject: 'Q3', preview: '会议定于下周二', sentAt: NOW - 7200_000, read: true },
      { id: 'm2', source: 'dingtalk', internetMessageId: '<b@x>', from: { name: '王先生' }, to: [{ name: '李娜' }], subject: 'Q3', preview: '收到', sentAt: NOW - 3600_000, read: false },
      { id: 'm3', source: 'dingtalk', internetMessageId: null, from: { name: '李娜' }, to: [{ name: '王先生' }], subject: 'Q3', preview: '好的', sentAt: NOW - 600_000 },
    ],
  },
};

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

  it('shows each message as read or unread, and nothing when the server does not know', async () => {
    const api = new FakeBridgeApi();
    api.thread = LINKED;
    renderView(<ThreadView />, new FakeOfficeHost({ selected: 'read' }), api);

    const items = within(await screen.findByRole('list', { name: 'Messages' })).getAllByRole('listitem');
    assert.ok(within(items[0] as HTMLElement).getByText('Read'));
    assert.equal(within(items[0] as HTMLElement).queryByText('Unread'), null);
    assert.ok(within(items[1] as HTMLElement).getByText('Unread'));
    assert.equal(within(items[2] as HTMLElement).queryByText(/^(Read|Unread)$/), null);
  });

  it('opens the contact card of a participant in the directory, and Back returns to the thread', async () => {
    const api = new FakeBridgeApi();
    api.thread = LINKED;
    renderView(<ThreadView />, new FakeOfficeHost({ selected: 'read' }), api);
    const people = await screen.findByRole('list', { name: 'People' });
    // an outside address has no card to open
    assert.equal(within(people).queryByRole('button', { name: '王先生' }), null);
    assert.ok(within(people).getByText('王先生'));
    const user = userEvent.setup();

    await user.click(within(people).getByRole('button', { name: '李娜' }));

    const card = await screen.findByRole('region', { name: 'Contact card of 李娜' });
    assert.ok(await within(card).findByText('区域总监'));
    assert.deepEqual(api.directoryReads, [{ call: 'person', arg: LI_NA.userid, book: undefined }]);
    assert.equal(screen.queryByRole('list', { name: 'Messages' }), null);

    await user.click(within(card).getByRole('button', { name: 'Back' }));

    assert.ok(await screen.findByRole('list', { name: 'Messages' }));
    await waitFor(() => assert.equal(document.activeElement, screen.getByRole('button', { name: '李娜' })));
  });

  it('Reply and Reply all open Outlook\'s forms through the host, with the sync hint for a linked thread', async () => {
    const api = new FakeBridgeApi();
    api.thread = LINKED;
    const host = new FakeOfficeHost({ selected: 'read' });
    renderView(<ThreadView />, host, api);
    await screen.findByRole('list', { name: 'Messages' });
    assert.ok(screen.getByText('Your reply is synced into the DingTalk thread.'));
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Reply' }));
    await user.click(screen.getByRole('button', { name: 'Reply all' }));

    assert.deepEqual(
      host.getSnapshot().activity.map((a) => (a.kind === 'reply' ? { all: a.all, subject: a.subject } : a.kind)),
      [
        { all: false, subject: DEFAULT_READ_ITEM.subject },
        { all: true, subject: DEFAULT_READ_ITEM.subject },
      ],
    );
  });

  it('promises no sync into a thread that does not exist yet', async () => {
    renderView(<ThreadView />, new FakeOfficeHost({ selected: 'read' }), new FakeBridgeApi());
    await screen.findByText('Not linked to a DingTalk thread yet');
    assert.ok(screen.getByRole('button', { name: 'Reply' }));
    assert.equal(screen.queryByText('Your reply is synced into the DingTalk thread.'), null);
  });

  it('says so when Outlook cannot open the reply form', async () => {
    const host = new FakeOfficeHost({ selected: 'read' });
    host.displayReplyForm = () => {
      throw new Error('not supported on this client');
    };
    renderView(<ThreadView />, host, new FakeBridgeApi());
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Reply' }));
    assert.ok(await screen.findByText('Outlook could not open the reply form here.'));
  });

  it('speaks zh-CN and zh-HK', async () => {
    for (const [language, reply, replyAll, hint, unread] of [
      ['zh-CN', '答复', '全部答复', '你的答复会同步到钉钉会话中。', '未读'],
      ['zh-HK', '回覆', '全部回覆', '你的回覆會同步到釘釘對話中。', '未讀'],
    ] as const) {
      const api = new FakeBridgeApi();
      api.thread = LINKED;
      const view = renderView(<ThreadView />, new FakeOfficeHost({ selected: 'read', language }), api);
      assert.ok(await screen.findByText(unread), language);
      assert.ok(screen.getByRole('button', { name: reply }), language);
      assert.ok(screen.getByRole('button', { name: replyAll }), language);
      assert.ok(screen.getByText(hint), language);
      view.unmount();
    }
  });
});
