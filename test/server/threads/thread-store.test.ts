import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../server/store/store.js';
import { ThreadStore, threadKeyOf, type ThreadMessageRecord } from '../../../server/threads/thread-store.js';

const MAILBOX = 'zhangwei@dingdemo.example.com';

function message(m: Partial<ThreadMessageRecord> & { messageId: string }): ThreadMessageRecord {
  return {
    mailbox: MAILBOX,
    inReplyTo: null,
    references: [],
    subject: '报关单 #1',
    from: { name: '海关', email: 'customs@example.cn' },
    to: [{ name: '张伟', email: MAILBOX }],
    preview: '请补充材料',
    sentAt: 1_000,
    seen: false,
    linkedAt: 5_000,
    ...m,
  };
}

describe('server/threads/thread-store', () => {
  let store: Store;
  let threads: ThreadStore;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    threads = new ThreadStore(store.db, () => 9_000);
  });
  afterEach(async () => store.close());

  it('threads by the root of References, else In-Reply-To, else the message itself', () => {
    assert.equal(threadKeyOf({ messageId: '<c>', inReplyTo: '<b>', references: ['<a>', '<b>'] }), '<a>');
    assert.equal(threadKeyOf({ messageId: '<c>', inReplyTo: '<b>', references: [] }), '<b>');
    assert.equal(threadKeyOf({ messageId: '<a>', inReplyTo: null, references: [] }), '<a>');
  });

  it('answers the whole thread, oldest first, with read state and participants, from any of its messages', async () => {
    await threads.record(message({ messageId: '<reply@x>', inReplyTo: '<root@x>', references: ['<root@x>'], sentAt: 2_000, seen: true, from: { name: '张伟', email: MAILBOX }, to: [{ name: '海关', email: 'customs@example.cn' }] }));
    await threads.record(message({ messageId: '<root@x>', sentAt: 1_000 }));
    await threads.record(message({ messageId: '<other@x>', subject: '别的事', sentAt: 1_500 }));
    const thread = await threads.byInternetMessageId(MAILBOX.toUpperCase(), '<reply@x>');
    assert.ok(thread);
    assert.equal(thread.threadId, '<root@x>');
    assert.deepEqual(thread.messages.map((m) => [m.internetMessageId, m.read]), [['<root@x>', false], ['<reply@x>', true]]);
    assert.deepEqual(thread.participants.map((p) => p.email).sort(), ['customs@example.cn', MAILBOX]);
    assert.equal(thread.subject, '报关单 #1');
  });

  it('says "not linked" (null) for unknown messages and for messages not linked yet', async () => {
    await threads.record(message({ messageId: '<unlinked@x>', linkedAt: null }));
    assert.equal(await threads.byInternetMessageId(MAILBOX, '<unlinked@x>'), null);
    assert.equal(await threads.byInternetMessageId(MAILBOX, '<nothing@x>'), null);
    assert.equal(await threads.byInternetMessageId('someone-else@x', '<unlinked@x>'), null);
  });

  it('keeps a link once made and follows read state', async () => {
    await threads.record(message({ messageId: '<m@x>' }));
    await threads.record(message({ messageId: '<m@x>', linkedAt: null, seen: true }));
    await threads.markSeen(MAILBOX, '<m@x>', false);
    const thread = await threads.byInternetMessageId(MAILBOX, '<m@x>');
    assert.equal(thread?.linkedAt, 5_000);
    assert.equal(thread?.messages[0]?.read, false);
  });
});
