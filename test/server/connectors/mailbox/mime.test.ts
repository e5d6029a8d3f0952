import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import {
  composeMessage,
  normaliseMessageId,
  parseMessageIds,
  readHeaderFields,
  readLinkHeader,
  stampLinkHeader,
} from '../../../../server/connectors/mailbox/mime.js';

const CRLF_MESSAGE = Buffer.from(
  'From: a@example.com\r\nSubject: =?UTF-8?B?5L2g5aW9?=\r\nMessage-ID: <m1@example.com>\r\n\r\nbody line\r\nX-DTOB-Link: not-a-header\r\n',
  'latin1',
);

describe('mime helpers', () => {
  it('stamps the link header as the first line and leaves every other byte alone', () => {
    const stamped = stampLinkHeader(CRLF_MESSAGE, 'link-123');
    const line = Buffer.from('X-DTOB-Link: link-123\r\n', 'latin1');
    assert.deepEqual(stamped.subarray(0, line.length), line);
    assert.deepEqual(stamped.subarray(line.length), CRLF_MESSAGE);
    assert.equal(readLinkHeader(stamped), 'link-123');
    assert.equal(readLinkHeader(CRLF_MESSAGE), null, 'a body line is not a header');
  });

  it('replaces an earlier link header, folded or not, and keeps LF-only messages LF-only', () => {
    const lf = Buffer.from('Subject: x\nX-DTOB-Link: old\n  -continued\nTo: b@example.com\n\nbody\n', 'latin1');
    const stamped = stampLinkHeader(lf, 'new-1');
    assert.equal(stamped.toString('latin1'), 'X-DTOB-Link: new-1\nSubject: x\nTo: b@example.com\n\nbody\n');
    assert.deepEqual(readHeaderFields(stamped).get('x-dtob-link'), ['new-1']);
  });

  it('keeps non-ASCII bytes of a raw message exactly', () => {
    const utf8 = Buffer.from('Subject: 直接的UTF-8主题\r\n\r\n正文\r\n', 'utf8');
    const stamped = stampLinkHeader(utf8, 'l');
    assert.deepEqual(stamped.subarray(stamped.length - utf8.length), utf8);
    assert.deepEqual(readHeaderFields(stamped).get('subject'), ['直接的UTF-8主题']);
  });

  it('refuses link ids that could break the header', () => {
    assert.throws(() => stampLinkHeader(CRLF_MESSAGE, 'a\r\nBcc: x@example.com'), TypeError);
    assert.throws(() => stampLinkHeader(CRLF_MESSAGE, ''), TypeError);
    assert.throws(() => stampLinkHeader(CRLF_MESSAGE, 'with space'), TypeError);
  });

  it('composes a message with a Chinese subject, threading headers and the link header', async () => {
    const raw = await composeMessage({
      from: { name: '张伟', address: 'zhang@example.com' },
      to: ['li@example.com'],
      subject: '回复：季度总结',
      text: '收到，谢谢。',
      messageId: '<r2@example.com>',
      inReplyTo: '<r1@example.com>',
      references: ['<r0@example.com>', '<r1@example.com>'],
      linkId: 'link-compose-1',
    });
    const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    assert.ok(/^[\x00-\x7f]*$/.test(headerBlock), 'headers are 7-bit (RFC 2047 encoded words)');
    assert.ok(headerBlock.startsWith('X-DTOB-Link: link-compose-1\r\n'));
    const parsed = await PostalMime.parse(raw);
    assert.equal(parsed.subject, '回复：季度总结');
    assert.equal(parsed.inReplyTo, '<r1@example.com>');
    assert.deepEqual(parseMessageIds(parsed.references), ['<r0@example.com>', '<r1@example.com>']);
    assert.equal(parsed.text?.trim(), '收到，谢谢。');
  });

  it('normalises Message-IDs to the bracketed form', () => {
    assert.equal(normaliseMessageId('abc@example.com'), '<abc@example.com>');
    assert.equal(normaliseMessageId(' <abc@example.com> '), '<abc@example.com>');
    assert.equal(normaliseMessageId(''), null);
    assert.equal(normaliseMessageId(undefined), null);
    assert.deepEqual(parseMessageIds('<a@x> (comment)\r\n <b@y>'), ['<a@x>', '<b@y>']);
  });
});
