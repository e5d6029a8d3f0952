import assert from 'node:assert/strict';
import { toMailboxError } from '../../../../server/connectors/mailbox/imap-errors.js';
import { ErrorCodes } from '../../../../shared/errors.js';

describe('toMailboxError (imapflow failures → MailboxError)', () => {
  const kind = (error: unknown) => {
    const mapped = toMailboxError(error, 'op');
    return [mapped.code, mapped.retryable];
  };

  it('tells a refused login from a dropped connection and from a missing folder', () => {
    assert.deepEqual(kind({ authenticationFailed: true, message: 'Command failed' }), [ErrorCodes.MAIL_ERR_AUTH, false]);
    assert.deepEqual(kind({ serverResponseCode: 'AUTHENTICATIONFAILED' }), [ErrorCodes.MAIL_ERR_AUTH, false]);
    assert.deepEqual(kind({ code: 'ECONNRESET' }), [ErrorCodes.MAIL_ERR_CONNECTION, true]);
    assert.deepEqual(kind({ code: 'NoConnection' }), [ErrorCodes.MAIL_ERR_CONNECTION, true]);
    assert.deepEqual(kind({ mailboxMissing: true, responseStatus: 'NO' }), [ErrorCodes.MAIL_ERR_NO_FOLDER, false]);
    assert.deepEqual(kind({ responseStatus: 'NO', serverResponseCode: 'TRYCREATE' }), [ErrorCodes.MAIL_ERR_NO_FOLDER, false]);
  });

  it('makes RFC 5530 transient refusals and throttling retryable, other refusals not', () => {
    assert.deepEqual(kind({ responseStatus: 'NO', serverResponseCode: 'UNAVAILABLE' }), [ErrorCodes.MAIL_ERR_PROTOCOL, true]);
    assert.deepEqual(kind({ responseStatus: 'NO', serverResponseCode: 'OVERQUOTA' }), [ErrorCodes.MAIL_ERR_PROTOCOL, false]);
    assert.deepEqual(kind({ responseStatus: 'BAD', responseText: 'Error in IMAP command' }), [ErrorCodes.MAIL_ERR_PROTOCOL, false]);
    const throttled = toMailboxError({ code: 'ETHROTTLE', throttleReset: 3000 }, 'op');
    assert.equal(throttled.retryable, true);
    assert.equal(throttled.retryAfterMs, 3000);
  });

  it('builds the message from codes and server text, never from the command sent', () => {
    const mapped = toMailboxError(
      { responseStatus: 'NO', responseText: 'Mailbox is full', executedCommand: 'a1 LOGIN u "hunter2"' },
      'append INBOX',
    );
    assert.equal(mapped.message, 'append INBOX: Mailbox is full');
    assert.equal(mapped.serverResponse, 'Mailbox is full');
    assert.ok(!mapped.message.includes('hunter2'));
  });
});
