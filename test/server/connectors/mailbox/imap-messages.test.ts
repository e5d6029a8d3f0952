import assert from 'node:assert/strict';
import { toImapFlagChanges, toMailboxMessage, uidSet } from '../../../../server/connectors/mailbox/imap-messages.js';

describe('IMAP message mapping', () => {
  it('writes UID lists as short sequence sets', () => {
    assert.equal(uidSet([9, 1, 2, 3, 5, 10, 2]), '1:3,5,9:10');
    assert.equal(uidSet([7]), '7');
    assert.equal(uidSet([]), '');
  });

  it('splits partial flags into STORE +FLAGS and -FLAGS', () => {
    assert.deepEqual(toImapFlagChanges({ seen: true, flagged: false }), { add: ['\\Seen'], remove: ['\\Flagged'] });
    assert.deepEqual(toImapFlagChanges({ flagged: true }), { add: ['\\Flagged'], remove: [] });
    assert.deepEqual(toImapFlagChanges({}), { add: [], remove: [] });
  });

  it('maps a FETCH response, skipping address groups and reading References and the link header', () => {
    const message = toMailboxMessage({
      seq: 1,
      uid: 42,
      flags: new Set(['\\Seen', '\\Answered']),
      size: 1234,
      internalDate: new Date('2025-03-04T05:06:07Z'),
      envelope: {
        subject: '会议纪要',
        messageId: '<m42@example.com>',
        inReplyTo: '<m41@example.com>',
        from: [{ name: '王芳', address: 'wang@example.com' }],
        to: [{ name: 'undisclosed-recipients' }, { address: 'li@example.com' }],
      },
      headers: Buffer.from('References: <m40@example.com>\r\n <m41@example.com>\r\nX-DTOB-Link: link-42\r\n\r\n', 'latin1'),
    });
    assert.deepEqual(message, {
      uid: 42,
      messageId: '<m42@example.com>',
      inReplyTo: '<m41@example.com>',
      references: ['<m40@example.com>', '<m41@example.com>'],
      flags: { seen: true, flagged: false },
      subject: '会议纪要',
      from: { name: '王芳', address: 'wang@example.com' },
      to: [{ name: '', address: 'li@example.com' }],
      receivedAt: Date.parse('2025-03-04T05:06:07Z'),
      size: 1234,
      linkId: 'link-42',
    });
  });
});
