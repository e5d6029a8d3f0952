import assert from 'node:assert/strict';
import { openImapMailbox } from '../../../../server/connectors/mailbox/imap-mailbox.js';
import { composeMessage } from '../../../../server/connectors/mailbox/mime.js';
import { startDovecot, type DovecotServer } from '../../../helpers/dovecot.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';
import { mailboxProviderContract } from './contract.suite.js';
import { dovecotMailbox, ImapPeer } from './dovecot-fixture.js';

/**
 * The plain IMAP4rev1 path: Dovecot stops advertising CONDSTORE, QRESYNC and SPECIAL-USE (imap_capability),
 * and its folders carry the Chinese names DingTalk Mail uses, without special-use flags, so the provider
 * has to fall back to UID + flags comparison and to folder names.
 */
let dovecot: DovecotServer;

// one Dovecot for the whole file (about 0.2 s to start); every test gets its own user, i.e. an empty mailbox
describe('IMAP mailbox on a private Dovecot (plain IMAP4rev1)', () => {
  before(async () => {
    dovecot = await startDovecot({
      removeCapabilities: ['CONDSTORE', 'QRESYNC', 'SPECIAL-USE'],
      folders: { 已发送: null, 已删除: null, 草稿箱: null, Archive: null, 垃圾邮件: null },
    });
  });
  after(async () => {
    await dovecot?.stop();
  });

  const chineseFolders = { '\\Sent': '已发送', '\\Trash': '已删除', '\\Drafts': '草稿箱', '\\Archive': 'Archive', '\\Junk': '垃圾邮件' } as const;

  describe('MailboxProvider contract: IMAP against Dovecot without CONDSTORE/QRESYNC/SPECIAL-USE', () => {
    mailboxProviderContract(dovecotMailbox(() => dovecot), { expectedFolders: chineseFolders });
  });

  describe('MailboxProvider contract: bare IMAP4rev1 (no IDLE, MOVE or UIDPLUS either: polling, COPY + EXPUNGE, APPEND + SEARCH)', () => {
    mailboxProviderContract(dovecotMailbox(() => dovecot, { disableExtensions: ['IDLE', 'MOVE', 'UIDPLUS'] }), {
      expectedFolders: chineseFolders,
    });
  });

  describe('openImapMailbox on a plain IMAP4rev1 server', () => {
    it('reports the missing extensions and keeps a flags snapshot instead of a MODSEQ', async () => {
      const account = await dovecot.createUser();
      const mailbox = openImapMailbox({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        ...account,
        logger: memoryLogger().logger,
        disableExtensions: ['idle', 'move', 'uidplus'],
      });
      try {
        assert.deepEqual(await mailbox.capabilities(), { idle: false, condstore: false, qresync: false, move: false, uidplus: false });
        const cursor = await mailbox.folderCursor('INBOX');
        assert.equal(cursor.highestModseq, null);
        assert.equal(typeof cursor.flagsSnapshot, 'string');
      } finally {
        await mailbox.close();
      }
    });

    it('reports every message as changed when the cursor has no snapshot it knows (e.g. after a restart)', async () => {
      const account = await dovecot.createUser();
      const peer = new ImapPeer(dovecot, account);
      const open = () =>
        openImapMailbox({ host: dovecot.host, port: dovecot.port, secure: false, ...account, logger: memoryLogger().logger });
      const first = open();
      const raw = await composeMessage({ from: 'a@example.com', to: ['b@example.com'], subject: '旧邮件', text: 'x' });
      const uid = await peer.deliver('INBOX', raw);
      const { cursor } = await first.changesSince('INBOX', null, []);
      await first.close();
      const restarted = open();
      try {
        const changes = await restarted.changesSince('INBOX', cursor, [uid]);
        assert.deepEqual(changes.changed.map((m) => m.uid), [uid]);
        const again = await restarted.changesSince('INBOX', changes.cursor, [uid]);
        assert.deepEqual(again.changed, []);
      } finally {
        await Promise.all([restarted.close(), peer.close()]);
      }
    });

    it('refuses to append without UIDPLUS when the message has no link id to find it by', async () => {
      const account = await dovecot.createUser();
      const mailbox = openImapMailbox({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        ...account,
        logger: memoryLogger().logger,
        disableExtensions: ['UIDPLUS'],
      });
      try {
        const raw = await composeMessage({ from: 'a@example.com', to: ['b@example.com'], subject: '无链接', text: 'x' });
        await assert.rejects(mailbox.append('INBOX', raw, { seen: false, flagged: false }, Date.now()), /no X-DTOB-Link/);
      } finally {
        await mailbox.close();
      }
    });
  });
});
