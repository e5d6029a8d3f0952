import assert from 'node:assert/strict';
import { openImapMailbox } from '../../../../server/connectors/mailbox/imap-mailbox.js';
import { isMailboxError } from '../../../../server/connectors/mailbox/mailbox-error.js';
import { composeMessage } from '../../../../server/connectors/mailbox/mime.js';
import { createSmtpSender } from '../../../../server/connectors/mailbox/smtp-sender.js';
import { ErrorCodes } from '../../../../shared/errors.js';
import { startDovecot, type DovecotServer } from '../../../helpers/dovecot.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';
import { startSmtpServer } from '../../../helpers/smtp-server.js';
import { mailboxProviderContract } from './contract.suite.js';
import { dovecotMailbox, ImapPeer } from './dovecot-fixture.js';

let dovecot: DovecotServer;

// one Dovecot for the whole file (about 0.2 s to start); every test gets its own user, i.e. an empty mailbox
describe('IMAP mailbox on a private Dovecot (all extensions)', () => {
  before(async () => {
    dovecot = await startDovecot();
  });
  after(async () => {
    await dovecot?.stop();
  });

  describe('MailboxProvider contract: IMAP against Dovecot with CONDSTORE, QRESYNC, IDLE, MOVE, UIDPLUS', () => {
    mailboxProviderContract(dovecotMailbox(() => dovecot), {
      expectedFolders: { '\\Sent': 'Sent', '\\Trash': 'Trash', '\\Archive': 'Archive', '\\Drafts': 'Drafts' },
    });
  });

  describe('openImapMailbox against Dovecot', () => {
    const sample = (): Promise<Buffer> =>
      composeMessage({ from: 'a@example.com', to: ['b@example.com'], subject: '测试', text: 'x', linkId: 'link-x' });

    it('uses every extension Dovecot offers, with HIGHESTMODSEQ in the cursor', async () => {
      const account = await dovecot.createUser();
      const mailbox = openImapMailbox({ ...login(account), logger: memoryLogger().logger });
      try {
        assert.deepEqual(await mailbox.capabilities(), { idle: true, condstore: true, qresync: true, move: true, uidplus: true });
        const cursor = await mailbox.folderCursor('INBOX');
        assert.match(cursor.highestModseq ?? '', /^\d+$/);
        assert.equal(cursor.flagsSnapshot, undefined);
      } finally {
        await mailbox.close();
      }
    });

    it('refuses a wrong password with MAIL_ERR_AUTH, not retryable, and never logs a password', async () => {
      const account = await dovecot.createUser();
      const log = memoryLogger('trace');
      const wrong = 'not-the-client-password-42';
      const mailbox = openImapMailbox({ ...login(account), password: wrong, logger: log.logger });
      try {
        await assert.rejects(mailbox.listFolders(), (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_AUTH) && !error.retryable);
        // within the backoff the next call fails fast, saying when to come back
        await assert.rejects(mailbox.listFolders(), (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_AUTH) && (error.retryAfterMs ?? 0) > 0);
      } finally {
        await mailbox.close();
      }
      const right = openImapMailbox({ ...login(account), logger: log.logger });
      await right.listFolders();
      await right.close();
      assert.ok(log.lines.length > 0);
      assert.ok(!log.text().includes(wrong));
      assert.ok(!log.text().includes(account.password));
    });

    it('says MAIL_ERR_CONNECTION, retryable, when nothing listens', async () => {
      const mailbox = openImapMailbox({ host: '127.0.0.1', port: 1, secure: false, user: 'x', password: 'y', logger: memoryLogger().logger });
      await assert.rejects(mailbox.listFolders(), (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_CONNECTION) && error.retryable);
      await mailbox.close();
    });

    it('receives mail sent over SMTP (smtp-sender → test SMTP server → Dovecot INBOX)', async () => {
      const from = await dovecot.createUser();
      const to = await dovecot.createUser();
      const smtp = await startSmtpServer({
        users: new Map([[from.user, from.password]]),
        deliverTo: { host: dovecot.host, port: dovecot.port, accounts: new Map([[to.user, to]]) },
      });
      const sender = createSmtpSender({ host: smtp.host, port: smtp.port, secure: false, ...from, logger: memoryLogger().logger });
      const inbox = openImapMailbox({ ...login(to), logger: memoryLogger().logger });
      try {
        const raw = await composeMessage({ from: from.user, to: [to.user], subject: '端到端测试', text: '你好', linkId: 'link-e2e-1' });
        await sender.send({ raw, from: from.user, to: [to.user] });
        const arrived = await inbox.changesSince('INBOX', null, []);
        assert.deepEqual(arrived.changed.map((m) => [m.subject, m.linkId]), [['端到端测试', 'link-e2e-1']]);
        assert.deepEqual(await inbox.fetchRaw('INBOX', arrived.changed[0]?.uid ?? 0), raw);
      } finally {
        await Promise.all([sender.close(), inbox.close(), smtp.close()]);
      }
    });

    it('reconnects after the server drops the session', async () => {
      const account = await dovecot.createUser();
      const mailbox = openImapMailbox({ ...login(account), logger: memoryLogger().logger });
      const peer = new ImapPeer(dovecot, account);
      try {
        const start = await mailbox.changesSince('INBOX', null, []);
        await dovecot.kick(account.user);
        const uid = await peer.deliver('INBOX', await sample());
        const changes = await mailbox.changesSince('INBOX', start.cursor, []);
        assert.deepEqual(changes.changed.map((m) => m.uid), [uid]);
      } finally {
        await Promise.all([mailbox.close(), peer.close()]);
      }
    });

    it('keeps watching across a dropped watch connection', async () => {
      const account = await dovecot.createUser();
      const mailbox = openImapMailbox({ ...login(account), logger: memoryLogger().logger });
      const peer = new ImapPeer(dovecot, account);
      let count = 0;
      let wake: (() => void) | undefined;
      const next = (): Promise<void> => new Promise((resolve) => (wake = resolve));
      const stop = await mailbox.watch('INBOX', () => {
        count += 1;
        wake?.();
      });
      try {
        const reconnected = next();
        await dovecot.kick(account.user);
        await reconnected; // the watcher reports after reconnecting: changes may have been missed
        const delivered = next();
        await peer.deliver('INBOX', await sample());
        await delivered;
        assert.ok(count >= 2);
      } finally {
        await stop();
        await Promise.all([mailbox.close(), peer.close()]);
      }
    });
  });
});

function login(account: { user: string; password: string }) {
  return { host: dovecot.host, port: dovecot.port, secure: false, user: account.user, password: account.password };
}
