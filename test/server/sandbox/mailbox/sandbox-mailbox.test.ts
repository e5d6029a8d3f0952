import assert from 'node:assert/strict';
import { isMailboxError, MailboxError } from '../../../../server/connectors/mailbox/mailbox-error.js';
import { composeMessage } from '../../../../server/connectors/mailbox/mime.js';
import { createSandboxMailbox, type SandboxMailbox } from '../../../../server/sandbox/mailbox/sandbox-mailbox.js';
import { createSandboxSender } from '../../../../server/sandbox/mailbox/sandbox-sender.js';
import { ErrorCodes } from '../../../../shared/errors.js';
import { mailboxProviderContract } from '../../connectors/mailbox/contract.suite.js';

describe('MailboxProvider contract: the in-process sandbox mailbox', () => {
  mailboxProviderContract(async () => {
    const mailbox = createSandboxMailbox();
    return {
      provider: mailbox,
      peer: {
        deliver: (path, raw, flags = {}) => mailbox.deliver(raw, { ...flags, folder: path }),
        setFlags: (path, uid, flags) => mailbox.userSetFlags(path, uid, flags),
        remove: (path, uid) => mailbox.userDelete(path, uid),
        resetUidValidity: (path) => mailbox.resetUidValidity(path),
      },
      close: () => mailbox.close(),
    };
  });
});

describe('sandbox mailbox controls', () => {
  const sample = (subject = '你好'): Promise<Buffer> =>
    composeMessage({ from: 'zhang@example.com', to: ['li@example.com'], subject, text: 'x' });

  it('empties a folder, reporting every message as vanished', async () => {
    const mailbox = createSandboxMailbox();
    const a = await mailbox.deliver(await sample());
    const b = await mailbox.deliver(await sample());
    const start = await mailbox.changesSince('INBOX', null, []);
    await mailbox.emptyFolder('INBOX');
    const changes = await mailbox.changesSince('INBOX', start.cursor, [a, b]);
    assert.deepEqual(changes.vanished, [a, b]);
    assert.deepEqual(changes.changed, []);
    assert.equal((await mailbox.folderCursor('INBOX')).uidNext, 3, 'UIDs are never reused');
  });

  it('moves as the user would, reported on both sides', async () => {
    const mailbox = createSandboxMailbox();
    const uid = await mailbox.deliver(await sample(), { flagged: true });
    const archiveStart = await mailbox.changesSince('Archive', null, []);
    const inboxStart = await mailbox.changesSince('INBOX', null, []);
    const newUid = await mailbox.userMove('INBOX', uid, 'Archive');
    assert.deepEqual((await mailbox.changesSince('INBOX', inboxStart.cursor, [uid])).vanished, [uid]);
    const arrived = await mailbox.changesSince('Archive', archiveStart.cursor, []);
    assert.deepEqual(arrived.changed.map((m) => [m.uid, m.flags.flagged]), [[newUid, true]]);
  });

  it('fails the next call as scripted, then works again', async () => {
    const mailbox = createSandboxMailbox();
    mailbox.failNext(new MailboxError({ code: ErrorCodes.MAIL_ERR_CONNECTION, message: 'dropped' }));
    await assert.rejects(mailbox.listFolders(), (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_CONNECTION) && error.retryable);
    assert.equal((await mailbox.listFolders()).length, 6);
  });

  it('refuses calls after close, and stops calling watchers', async () => {
    const mailbox = createSandboxMailbox();
    let calls = 0;
    await mailbox.watch('INBOX', () => (calls += 1));
    await mailbox.close();
    await mailbox.deliver(await sample());
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls, 0);
    await assert.rejects(mailbox.listFolders(), (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_CONNECTION) && !error.retryable);
  });
});

describe('createSandboxSender', () => {
  let zhang: SandboxMailbox;
  let li: SandboxMailbox;

  beforeEach(() => {
    zhang = createSandboxMailbox({ address: 'zhang@example.com' });
    li = createSandboxMailbox({ address: 'li@example.com' });
  });

  it("delivers to each recipient's INBOX and files a read copy in the sender's Sent", async () => {
    const sender = createSandboxSender(new Map([[zhang.address, zhang], [li.address, li]]));
    const raw = await composeMessage({
      from: { name: '张伟', address: 'zhang@example.com' },
      to: ['Li@Example.com', 'outside@other.example'],
      subject: '周报',
      text: '见附件',
      messageId: '<weekly-1@example.com>',
      linkId: 'link-weekly-1',
    });
    const result = await sender.send({ raw, from: 'zhang@example.com', to: ['Li@Example.com', 'outside@other.example'] });
    assert.deepEqual(result, { messageId: '<weekly-1@example.com>', accepted: ['Li@Example.com', 'outside@other.example'] });

    const inbox = (await li.changesSince('INBOX', null, [])).changed;
    assert.deepEqual(inbox.map((m) => [m.subject, m.flags.seen, m.linkId]), [['周报', false, 'link-weekly-1']]);
    assert.deepEqual(await li.fetchRaw('INBOX', inbox[0]?.uid ?? 0), raw);
    const sent = (await zhang.changesSince('Sent', null, [])).changed;
    assert.deepEqual(sent.map((m) => [m.subject, m.flags.seen]), [['周报', true]]);
    assert.equal((await zhang.changesSince('INBOX', null, [])).changed.length, 0);
    assert.equal(sender.sent.length, 1);
  });

  it('refuses a sender without a sandbox mailbox, with MAIL_ERR_SEND', async () => {
    const sender = createSandboxSender({ 'li@example.com': li });
    const raw = await composeMessage({ from: 'nobody@example.com', to: ['li@example.com'], subject: 's', text: 't' });
    await assert.rejects(sender.send({ raw, from: 'nobody@example.com', to: ['li@example.com'] }), (error) =>
      isMailboxError(error, ErrorCodes.MAIL_ERR_SEND),
    );
    assert.equal((await li.changesSince('INBOX', null, [])).changed.length, 0);
  });
});
