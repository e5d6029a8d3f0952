import assert from 'node:assert/strict';
import { backfillOrder, DEFAULT_FOLDERS, folderMap } from '../../../../server/sync/mail/folders.js';

describe('server/sync/mail/folders', () => {
  it('defaults to inbox, sent, archive and trash, with custom folders appended', () => {
    const map = folderMap([{ key: 'customs', dingtalk: '报关', exchange: 'AAMkFolderId==' }]);
    assert.deepEqual(map.folders.map((f) => f.key), ['inbox', 'sent', 'archive', 'trash', 'customs']);
    assert.deepEqual(backfillOrder(map), ['inbox', 'sent', 'archive', 'customs', 'trash']);
    assert.equal(DEFAULT_FOLDERS.find((f) => f.key === 'trash')?.exchange, 'deleteditems');
  });

  it('a custom entry can override a default one', () => {
    const map = folderMap([{ key: 'archive', dingtalk: '归档', exchange: 'archive' }]);
    assert.equal(map.folders.find((f) => f.key === 'archive')?.dingtalk, '归档');
  });

  it('rejects a mapping without trash, with duplicates or empty names', () => {
    assert.throws(() => folderMap([{ key: 'inbox', dingtalk: 'INBOX', exchange: 'inbox' }], { replaceDefaults: true }), /trash/);
    assert.throws(() => folderMap([{ key: 'x', dingtalk: 'INBOX', exchange: 'AAA' }]), /dingtalk "INBOX" used twice/);
    assert.throws(() => folderMap([{ key: 'y', dingtalk: 'Y', exchange: 'inbox' }]), /exchange "inbox" used twice/);
    assert.throws(() => folderMap([{ key: 'z', dingtalk: ' ', exchange: 'Z' }]), /empty dingtalk/);
  });
});
