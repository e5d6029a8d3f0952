import '../setup.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { FakeOfficeHost } from '../../../addin/office/fake-host.js';
import { FakeBridgeApi, LI_NA, ZHANG_JIALE, ZHANG_WEI } from '../fake-bridge-api.js';
import { renderPane } from '../render-pane.js';

async function search(text: string): Promise<void> {
  const user = userEvent.setup();
  await user.type(screen.getByRole('searchbox', { name: 'Search the DingTalk directory' }), text);
}

function resultButton(name: RegExp): HTMLElement | null {
  const list = screen.queryByRole('list', { name: 'Search results' });
  return list === null ? null : within(list).queryByRole('button', { name });
}

describe('DirectoryView', () => {
  it('searches as you type: "zjl" shows 张伟 with the title 销售经理, after one request', async () => {
    const api = new FakeBridgeApi();
    renderPane(new FakeOfficeHost({ language: 'en-US' }), api);

    await search('zjl');

    const list = await screen.findByRole('list', { name: 'Search results' });
    const zhang = within(list).getByRole('button', { name: /张伟/ });
    assert.match(zhang.textContent ?? '', /销售经理/);
    assert.match(zhang.textContent ?? '', /zhangwei@dingdemo\.example\.com/);
    // why: the debounce means the partial queries "z" and "zj" never reach the server
    assert.deepEqual(api.searches, ['zjl']);
  });

  it('marks frequent contacts', async () => {
    const api = new FakeBridgeApi();
    api.uses.push(ZHANG_WEI.userid);
    renderPane(new FakeOfficeHost(), api);

    await search('zjl');

    const zhang = await waitFor(() => {
      const found = resultButton(/张伟/);
      assert.ok(found);
      return found;
    });
    assert.match(zhang.textContent ?? '', /Frequent/);
    assert.doesNotMatch(resultButton(/张家乐/)?.textContent ?? '', /Frequent/);
  });

  it('shows only the answer of the latest query when an earlier answer arrives late', async () => {
    const api = new FakeBridgeApi();
    let releaseFirst: () => void = () => undefined;
    api.holdSearch = (query) => (query === 'l' ? new Promise<void>((resolve) => (releaseFirst = resolve)) : Promise.resolve());
    renderPane(new FakeOfficeHost(), api);

    const user = userEvent.setup();
    const box = screen.getByRole('searchbox', { name: 'Search the DingTalk directory' });
    await user.type(box, 'l');
    await waitFor(() => assert.deepEqual(api.searches, ['l']));
    await user.clear(box);
    await user.type(box, 'zw');
    await waitFor(() => assert.ok(resultButton(/张伟/)));
    releaseFirst();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(resultButton(/李娜/), null, 'the stale answer for "l" must not replace the results for "zw"');
    assert.ok(resultButton(/张伟/));
  });

  it('"Add to To" puts the address into the draft\'s To and records the contact use', async () => {
    const api = new FakeBridgeApi();
    const host = new FakeOfficeHost({ selected: 'compose' });
    renderPane(host, api);
    const user = userEvent.setup();

    await search('zw');
    await user.click(await screen.findByRole('button', { name: /张伟/ }));
    await user.click(await screen.findByRole('button', { name: 'Add to To' }));

    await waitFor(() => assert.deepEqual(host.getSnapshot().composeItem.to, [{ email: ZHANG_WEI.email, name: '张伟' }]));
    assert.deepEqual(host.getSnapshot().composeItem.cc, []);
    await waitFor(() => assert.deepEqual(api.uses, [ZHANG_WEI.userid]));
    assert.ok(await screen.findByText('Added 张伟 to To.'));
  });

  it('does not add the same address twice', async () => {
    const api = new FakeBridgeApi();
    const host = new FakeOfficeHost({ selected: 'compose', composeItem: { cc: [{ email: 'zhangwei@dingdemo.example.com' }] } });
    renderPane(host, api);
    const user = userEvent.setup();

    await search('zw');
    await user.click(await screen.findByRole('button', { name: /张伟/ }));
    await user.click(await screen.findByRole('button', { name: 'Add to Cc' }));

    assert.ok(await screen.findByText('张伟 is already in Cc.'));
    assert.equal(host.getSnapshot().composeItem.cc.length, 1);
    assert.deepEqual(api.uses, []);
  });

  it('offers no Add buttons for a received message, and brings them when a draft is selected', async () => {
    const host = new FakeOfficeHost({ selected: 'read' });
    renderPane(host, new FakeBridgeApi());
    const user = userEvent.setup();

    await search('zw');
    await user.click(await screen.findByRole('button', { name: /张伟/ }));
    await screen.findByRole('region', { name: 'Contact card of 张伟' });

    for (const name of ['Add to To', 'Add to Cc', 'Add to Bcc']) assert.equal(screen.queryByRole('button', { name }), null, name);
    assert.ok(screen.getByText('Open a draft to add recipients to it.'));
    assert.ok(screen.getByRole('button', { name: 'New message' }));

    // why: an Outlook event arriving from outside React, like a real ItemChanged
    act(() => host.select('compose'));
    assert.ok(await screen.findByRole('button', { name: 'Add to Bcc' }));
  });

  it('removes a person from the shown results as soon as a person.removed change arrives', async () => {
    const api = new FakeBridgeApi();
    renderPane(new FakeOfficeHost(), api);

    await search('zjl');
    await waitFor(() => assert.ok(resultButton(/张家乐/)));
    assert.ok(resultButton(/张伟/));

    act(() => api.emit({ seq: 7, kind: 'person.removed', at: 1, userid: ZHANG_JIALE.userid }));

    await waitFor(() => assert.equal(resultButton(/张家乐/), null));
    assert.ok(resultButton(/张伟/), 'the other result stays');
  });

  it('updates a shown result in place on person.upserted', async () => {
    const api = new FakeBridgeApi();
    renderPane(new FakeOfficeHost(), api);

    await search('ln');
    await waitFor(() => assert.ok(resultButton(/李娜/)));

    const { keys: _keys, unionid: _u, active: _a, leader: _l, departmentPaths: _d, ...summary } = LI_NA;
    act(() => api.emit({ seq: 8, kind: 'person.upserted', at: 1, userid: LI_NA.userid, person: { ...summary, title: '销售副总裁' } }));

    await waitFor(() => assert.match(resultButton(/李娜/)?.textContent ?? '', /销售副总裁/));
  });

  it('opens the contact card with department path and phone, and returns focus to the result on Back', async () => {
    renderPane(new FakeOfficeHost(), new FakeBridgeApi());
    const user = userEvent.setup();

    await search('zw');
    await user.click(await screen.findByRole('button', { name: /张伟/ }));
    const card = await screen.findByRole('region', { name: 'Contact card of 张伟' });
    await waitFor(() => assert.ok(within(card).getByText('演示科技集团 / 销售部 / 华北销售一组')));
    assert.ok(within(card).getByText('+86-13800000000'));
    const chat = within(card).getByRole('link', { name: 'Open in DingTalk' });
    assert.equal(chat.getAttribute('href'), 'https://applink.dingtalk.com/page/profile?phone=%2B86-13800000000');

    await user.click(within(card).getByRole('button', { name: 'Back' }));
    await waitFor(() => assert.equal(document.activeElement, resultButton(/张伟/)));
  });

  it('speaks the host display language: zh-HK gets traditional strings and lang="zh-HK"', async () => {
    const { container } = renderPane(new FakeOfficeHost({ language: 'zh-HK' }), new FakeBridgeApi());
    await screen.findByRole('tree', { name: '部門' });

    assert.ok(screen.getByRole('searchbox', { name: '搜尋釘釘通訊錄' }));
    assert.ok(screen.getByRole('tab', { name: '通訊錄' }));
    assert.ok(screen.getByRole('tab', { name: '同步狀態' }));
    assert.equal(container.querySelector('[lang]')?.getAttribute('lang'), 'zh-HK');
    assert.equal(screen.queryByRole('searchbox', { name: '搜索钉钉通讯录' }), null);
  });

  it('speaks simplified Chinese for zh-CN', async () => {
    const { container } = renderPane(new FakeOfficeHost({ language: 'zh-CN' }), new FakeBridgeApi());
    await screen.findByRole('tree', { name: '部门' });

    assert.ok(screen.getByRole('searchbox', { name: '搜索钉钉通讯录' }));
    assert.equal(container.querySelector('[lang]')?.getAttribute('lang'), 'zh-CN');
  });
});
