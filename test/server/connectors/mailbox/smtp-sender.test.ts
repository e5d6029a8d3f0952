import assert from 'node:assert/strict';
import { isMailboxError } from '../../../../server/connectors/mailbox/mailbox-error.js';
import { composeMessage } from '../../../../server/connectors/mailbox/mime.js';
import { createSmtpSender } from '../../../../server/connectors/mailbox/smtp-sender.js';
import { ErrorCodes } from '../../../../shared/errors.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';
import { startSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-server.js';

const USER = 'zhang.wei@example.com';
const CLIENT_PASSWORD = 'dt-client-password-7Qx';

describe('createSmtpSender against a real SMTP server on loopback', () => {
  let smtp: TestSmtpServer;

  before(async () => {
    smtp = await startSmtpServer({
      users: new Map([[USER, CLIENT_PASSWORD]]),
      refuseRecipient: (address) =>
        address === 'gone@example.com'
          ? { code: 550, message: 'Mailbox unavailable' }
          : address === 'busy@example.com'
            ? { code: 451, message: 'Try again later' }
            : undefined,
    });
  });
  after(async () => {
    await smtp.close();
  });

  const sender = (password = CLIENT_PASSWORD, log = memoryLogger()) =>
    createSmtpSender({ host: smtp.host, port: smtp.port, secure: false, user: USER, password, logger: log.logger });

  it('logs in, sends to the envelope recipients, and leaves the message bytes alone', async () => {
    const raw = await composeMessage({
      from: { name: '张伟', address: USER },
      to: [{ name: '李娜', address: 'li.na@example.com' }],
      subject: '关于下周会议安排的通知',
      text: '各位好：\n会议改到周三下午。\n.\n(上一行只有一个点)',
      messageId: '<notice-1@example.com>',
      linkId: 'link-notice-1',
    });
    const mail = sender();
    try {
      const before = smtp.received.length;
      // the Bcc recipient is only in the envelope, never in the headers
      const result = await mail.send({ raw, from: USER, to: ['li.na@example.com', 'bcc-boss@example.com'] });
      assert.deepEqual(result, { messageId: '<notice-1@example.com>', accepted: ['li.na@example.com', 'bcc-boss@example.com'] });
      const received = smtp.received[before];
      assert.equal(received?.user, USER);
      assert.deepEqual(received?.envelope, { from: USER, to: ['li.na@example.com', 'bcc-boss@example.com'] });
      assert.deepEqual(received?.raw, raw);
    } finally {
      await mail.close();
    }
  });

  it('refuses a wrong password with MAIL_ERR_AUTH, not retryable, and never logs a password', async () => {
    const log = memoryLogger('trace');
    const wrong = 'the-account-password-not-the-client-one';
    const mail = sender(wrong, log);
    const raw = await composeMessage({ from: USER, to: ['li.na@example.com'], subject: 's', text: 't' });
    await assert.rejects(
      mail.send({ raw, from: USER, to: ['li.na@example.com'] }),
      (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_AUTH) && !error.retryable,
    );
    await mail.close();
    assert.ok(log.lines.length > 0);
    assert.ok(!log.text().includes(wrong));
    assert.ok(!log.text().includes(CLIENT_PASSWORD));
  });

  it('says MAIL_ERR_SEND: permanent for 5xx, retryable for 4xx recipient refusals', async () => {
    const mail = sender();
    const raw = await composeMessage({ from: USER, to: ['gone@example.com'], subject: 's', text: 't' });
    try {
      await assert.rejects(
        mail.send({ raw, from: USER, to: ['gone@example.com'] }),
        (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_SEND) && !error.retryable && error.serverResponse?.startsWith('550') === true,
      );
      await assert.rejects(
        mail.send({ raw, from: USER, to: ['busy@example.com'] }),
        (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_SEND) && error.retryable,
      );
    } finally {
      await mail.close();
    }
  });

  it('says MAIL_ERR_CONNECTION, retryable, when nothing listens', async () => {
    const mail = createSmtpSender({ host: '127.0.0.1', port: 1, secure: false, user: USER, password: 'x', logger: memoryLogger().logger });
    const raw = await composeMessage({ from: USER, to: ['li.na@example.com'], subject: 's', text: 't' });
    await assert.rejects(
      mail.send({ raw, from: USER, to: ['li.na@example.com'] }),
      (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_CONNECTION) && error.retryable,
    );
    await mail.close();
  });
});
