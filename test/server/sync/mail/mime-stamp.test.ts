import assert from 'node:assert/strict';
import { stampOf, stampRaw } from '../../../../server/sync/mail/mime-stamp.js';

describe('server/sync/mail/mime-stamp', () => {
  const raw = Buffer.concat([
    Buffer.from('Message-ID: <a@b>\r\nSubject: =?UTF-8?B?5rW35YWz?=\r\nX-Custom: keep\r\n\r\n', 'latin1'),
    Buffer.from('正文 body\r\nX-DTOB-Link: not-a-header-in-the-body\r\n', 'utf8'),
  ]);

  it('puts our header first and leaves every other byte alone', () => {
    const stamped = stampRaw(raw, 'tok-1');
    assert.equal(stamped.subarray(0, 22).toString('latin1'), 'X-DTOB-Link: tok-1\r\nMe');
    assert.deepEqual(stamped.subarray(stamped.length - raw.length + 0), raw.subarray(0), 'the original follows unchanged');
    assert.equal(stampOf(stamped), 'tok-1');
  });

  it('replaces an earlier stamp (also a folded one) instead of adding a second', () => {
    const once = stampRaw(Buffer.from('X-DTOB-Link:\r\n old-token\r\nSubject: s\r\n\r\nbody', 'latin1'), 'new-token');
    assert.equal(once.toString('latin1'), 'X-DTOB-Link: new-token\r\nSubject: s\r\n\r\nbody');
    assert.equal(stampOf(once), 'new-token');
  });

  it('keeps bare-LF messages bare-LF and reads no stamp from the body', () => {
    const lf = Buffer.from('Subject: s\n\nX-DTOB-Link: body-text\n', 'latin1');
    assert.equal(stampOf(lf), null);
    assert.equal(stampRaw(lf, 't').toString('latin1'), 'X-DTOB-Link: t\nSubject: s\n\nX-DTOB-Link: body-text\n');
  });

  it('refuses a token that could break the header', () => {
    assert.throws(() => stampRaw(raw, 'a\r\nBcc: victim@example.com'), /header-safe/);
  });
});
