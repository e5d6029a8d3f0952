import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { blobKeyId, decryptSecret, encryptSecret, rewrapSecret, SecretDecryptError } from '../../../server/secrets/envelope.js';
import type { Keyring } from '../../../server/secrets/keyring.js';

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const ring1: Keyring = { currentId: 'k1', keys: new Map([['k1', K1]]) };
const ring2: Keyring = { currentId: 'k2', keys: new Map([['k2', K2]]) };
const AAD = 'secret:dingtalk:appSecret:value';

describe('server/secrets/envelope', () => {
  it('round-trips any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ minLength: 1 }), (plain, aad) => {
        const blob = encryptSecret(plain, aad, ring1);
        assert.match(blob, /^v1\.k1\.[A-Za-z0-9_-]+$/);
        assert.equal(decryptSecret(blob, aad, ring1), plain);
      }),
    );
  });

  it('uses a fresh data key and IV per record: the same secret never encrypts the same way twice', () => {
    assert.notEqual(encryptSecret('same', AAD, ring1), encryptSecret('same', AAD, ring1));
  });

  it('throws when any byte of the blob is changed (property)', () => {
    const blob = encryptSecret('app-secret-123', AAD, ring1);
    const bytes = Buffer.from(blob, 'utf8');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const tampered = Buffer.from(bytes);
        tampered[at] = (tampered[at] ?? 0) ^ mask;
        assert.throws(() => decryptSecret(tampered.toString('utf8'), AAD, ring1));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a blob moved to another row or field (AAD)', () => {
    const blob = encryptSecret('refresh-token-abc', 'secret:user:a@example.com:refreshToken:value', ring1);
    assert.throws(() => decryptSecret(blob, 'secret:user:b@example.com:refreshToken:value', ring1), SecretDecryptError);
  });

  it('refuses the wrong key with a message that carries no key or data bytes', () => {
    const blob = encryptSecret('refresh-token-abc', AAD, ring1);
    const wrong: Keyring = { currentId: 'k1', keys: new Map([['k1', K2]]) };
    const error = captureError(() => decryptSecret(blob, AAD, wrong));
    assert.ok(error instanceof SecretDecryptError);
    assert.match(error.message, /could not be decrypted: wrong key/);
    for (const leak of [K1, K2].flatMap((k) => [k.toString('base64'), k.toString('base64url'), k.toString('hex')]).concat('refresh-token-abc')) {
      assert.ok(!error.message.includes(leak));
      assert.ok(!String(error.stack).includes(leak));
    }
    assert.equal((error as Error & { cause?: unknown }).cause, undefined);
  });

  it('names a missing key id and where to configure it', () => {
    const blob = encryptSecret('x', AAD, ring1);
    assert.throws(() => decryptSecret(blob, AAD, ring2), /wrapped under key k1, which is not configured \(add it to BRIDGE_PREVIOUS_MASTER_KEYS\)/);
  });

  it('re-wraps under the new key without touching the data ciphertext; the old key is then not needed', () => {
    const blob = encryptSecret('app-secret-123', AAD, ring1);
    const moved = rewrapSecret(blob, AAD, ring1, ring2);
    assert.equal(blobKeyId(moved), 'k2');
    const body = (b: string): Buffer => Buffer.from(b.split('.')[2] ?? '', 'base64url');
    const header = 12 + 16 + 12 + 16 + 32;
    assert.deepEqual(body(moved).subarray(header), body(blob).subarray(header), 'data ciphertext unchanged');
    assert.deepEqual(body(moved).subarray(0, 28), body(blob).subarray(0, 28), 'data iv and tag unchanged');
    assert.equal(decryptSecret(moved, AAD, ring2), 'app-secret-123');
    assert.throws(() => decryptSecret(moved, AAD, ring1), SecretDecryptError);
  });

  it('refuses a blob whose key id was relabelled to another configured key', () => {
    const both: Keyring = { currentId: 'k1', keys: new Map([['k1', K1], ['k2', K2]]) };
    const blob = encryptSecret('x', AAD, both);
    assert.throws(() => decryptSecret(blob.replace(/^v1\.k1\./, 'v1.k2.'), AAD, both), SecretDecryptError);
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
