import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CallbackCrypto, CallbackCryptoError } from '../../../../server/connectors/dingtalk/callback-crypto.js';

// The example published in DingTalk's callback documentation (shared/reference/dingtalk.md §12).
const published = {
  token: '123456',
  aesKey: '1234567890123456789012345678901234567890123',
  ownerKey: 'dingsnotzck6pm5veliw',
  timestamp: '1614767836',
  nonce: 'A7Co0cJLMzIDtMMI',
  encrypt: 'YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==',
  signature: '9a95a004dd16f5c307e849b994173f76aa26e5eb',
};

describe('server/connectors/dingtalk/callback-crypto', () => {
  const crypto = new CallbackCrypto(published);

  it('decrypts the published example to "success"', () => {
    assert.equal(crypto.decrypt(published.encrypt), 'success');
  });

  it('computes the published signature', () => {
    assert.equal(crypto.signature(published.timestamp, published.nonce, published.encrypt), published.signature);
    assert.ok(crypto.verifySignature(published.signature, published.timestamp, published.nonce, published.encrypt));
  });

  it('rejects a signature that differs in one character', () => {
    const bad = `${published.signature.slice(0, -1)}0`;
    assert.equal(crypto.verifySignature(bad, published.timestamp, published.nonce, published.encrypt), false);
  });

  it('rejects a ciphertext sealed for another owner key', () => {
    const other = new CallbackCrypto({ ...published, ownerKey: 'someone-else' });
    assert.throws(() => crypto.decrypt(other.encrypt('hello')), (error: unknown) => {
      return error instanceof CallbackCryptoError && error.code === 900010;
    });
  });

  it('rejects garbage without throwing anything but CallbackCryptoError', () => {
    for (const input of ['', 'not base64 !!', 'AAAA', Buffer.alloc(32, 7).toString('base64')]) {
      assert.throws(() => crypto.decrypt(input), CallbackCryptoError);
    }
  });

  it('round-trips any UTF-8 message (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (message) => {
        assert.equal(crypto.decrypt(crypto.encrypt(message)), message);
      }),
    );
  });

  it('seals replies whose signature verifies', () => {
    const sealed = crypto.seal('success', '1700000000000', 'abcdef');
    assert.ok(crypto.verifySignature(sealed.msg_signature, sealed.timeStamp, sealed.nonce, sealed.encrypt));
    assert.equal(crypto.decrypt(sealed.encrypt), 'success');
  });
});
