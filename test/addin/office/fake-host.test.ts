import assert from 'node:assert/strict';
import { FakeOfficeHost } from '../../../addin/office/fake-host.js';

describe('FakeOfficeHost', () => {
  it('adds recipients to the draft only, publishing each change', async () => {
    const host = new FakeOfficeHost({ selected: 'read' });
    let changes = 0;
    host.subscribe(() => (changes += 1));
    await assert.rejects(host.addRecipients('to', [{ email: 'a@b.c' }]), /not a draft/);

    host.select('compose');
    await host.addRecipients('cc', [{ email: 'a@b.c', name: 'A' }]);
    assert.deepEqual(host.getSnapshot().composeItem.cc, [{ email: 'a@b.c', name: 'A' }]);
    assert.deepEqual(await host.getRecipients('cc'), [{ email: 'a@b.c', name: 'A' }]);
    assert.equal(changes, 2);

    host.removeRecipient('cc', 'A@B.C');
    assert.deepEqual(host.getSnapshot().composeItem.cc, []);
  });

  it('fires ItemChanged when the selection changes, and describes the selected item', async () => {
    const host = new FakeOfficeHost({ selected: 'read' });
    let fired = 0;
    const off = host.onItemChanged(() => (fired += 1));
    assert.equal((await host.currentItem())?.mode, 'read');
    host.select('compose');
    assert.equal((await host.currentItem())?.mode, 'compose');
    host.select('compose');
    host.select('none');
    assert.equal(await host.currentItem(), null);
    off();
    host.select('read');
    assert.equal(fired, 2);
  });

  it('records forms the pane asked Outlook to open', () => {
    const host = new FakeOfficeHost({ selected: 'read' });
    host.newMessage([{ email: 'a@b.c' }]);
    host.displayReplyForm();
    host.displayReplyAllForm('<p>Hi</p>');
    assert.deepEqual(
      host.getSnapshot().activity.map((a) => (a.kind === 'reply' ? `${a.kind}:${a.all}:${a.htmlBody}` : a.kind)),
      ['new-message', 'reply:false:', 'reply:true:<p>Hi</p>'],
    );
    host.select('compose');
    assert.throws(() => host.displayReplyForm(), /received message/);
    assert.throws(() => host.displayReplyAllForm(), /received message/);
  });
});
