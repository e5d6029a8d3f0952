import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_ID_PATTERN, type Keyring } from './keyring.js';

/**
 * Envelope encryption of one secret (libraries-and-style.md B.8). Each record gets its own random
 * 32-byte data key (DEK); the value is AES-256-GCM under the DEK and the DEK is AES-256-GCM under the
 * current key-encryption key (KEK). Rotation re-wraps the DEK and leaves the data ciphertext alone.
 * Fresh random keys per record keep every key far below GCM's random-nonce limit.
 *
 * AAD: the value is bound to `aad` (the caller's `table:rowId:field`), the wrapped DEK to `aad` and the
 * KEK id, so a blob copied to another row, or relabelled with another key id, fails authentication.
 *
 * Blob: `v1.<kekId>.<base64url(iv | tag | wiv | wtag | wdek | ct)>`. Every byte after the prefix is
 * covered by a GCM tag, and base64url is decoded strictly (re-encoded and compared), so changing any
 * character of a blob makes decryption throw.
 */
const VERSION = 'v1';
const IV = 12;
const TAG = 16;
const DEK = 32;
const HEADER = IV + TAG + IV + TAG + DEK;

/** Thrown for every failure to open a blob; the message names the record and key id, never key or data bytes. */
export class SecretDecryptError extends Error {
  override readonly name = 'SecretDecryptError';
}

export function encryptSecret(plain: string, aad: string, keyring: Keyring): string {
  const kek = keyring.keys.get(keyring.currentId);
  if (kek === undefined) throw new SecretDecryptError(`the keyring has no key for its current id ${keyring.currentId}`);
  const dek = randomBytes(DEK);
  const data = seal(dek, Buffer.from(plain, 'utf8'), dataAad(aad));
  const blob = wrap(dek, aad, keyring.currentId, kek, data);
  dek.fill(0);
  return blob;
}

export function decryptSecret(blob: string, aad: string, keyring: Keyring): string {
  const parts = parse(blob, aad);
  const dek = unwrap(parts, aad, keyring);
  try {
    return open(dek, parts.iv, parts.tag, parts.ct, dataAad(aad), aad).toString('utf8');
  } finally {
    dek.fill(0);
  }
}

/**
 * Re-wraps the blob's DEK under `to`'s current KEK, unwrapping with whichever key `from` holds for the
 * blob's id. The data ciphertext is copied unchanged, but is authenticated first so a corrupt record is
 * reported while the old key is still available.
 */
export function rewrapSecret(blob: string, aad: string, from: Keyring, to: Keyring): string {
  const parts = parse(blob, aad);
  const dek = unwrap(parts, aad, from);
  try {
    open(dek, parts.iv, parts.tag, parts.ct, dataAad(aad), aad).fill(0);
    const kek = to.keys.get(to.currentId);
    if (kek === undefined) throw new SecretDecryptError(`the new keyring has no key for its current id ${to.currentId}`);
    return wrap(dek, aad, to.currentId, kek, { iv: parts.iv, tag: parts.tag, ct: parts.ct });
  } finally {
    dek.fill(0);
  }
}

/** The key id a blob is wrapped under (for rotation bookkeeping); throws on a malformed blob. */
export function blobKeyId(blob: string): string {
  return parse(blob, '(unknown record)').kekId;
}

interface Sealed {
  iv: Buffer;
  tag: Buffer;
  ct: Buffer;
}

interface Parts extends Sealed {
  kekId: string;
  wiv: Buffer;
  wtag: Buffer;
  wdek: Buffer;
}

function wrap(dek: Buffer, aad: string, kekId: string, kek: Buffer, data: Sealed): string {
  const wrapped = seal(kek, dek, dekAad(aad, kekId));
  const body = Buffer.concat([data.iv, data.tag, wrapped.iv, wrapped.tag, wrapped.ct, data.ct]);
  return `${VERSION}.${kekId}.${body.toString('base64url')}`;
}

function unwrap(parts: Parts, aad: string, keyring: Keyring): Buffer {
  const kek = keyring.keys.get(parts.kekId);
  if (kek === undefined) {
    throw new SecretDecryptError(`secret ${aad} is wrapped under key ${parts.kekId}, which is not configured (add it to BRIDGE_PREVIOUS_MASTER_KEYS)`);
  }
  return open(kek, parts.wiv, parts.wtag, parts.wdek, dekAad(aad, parts.kekId), aad);
}

function seal(key: Buffer, plain: Buffer, aad: Buffer): Sealed {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ct };
}

function open(key: Buffer, iv: Buffer, tag: Buffer, ct: Buffer, aad: Buffer, label: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    // why: the crypto error says nothing useful and the cause must not carry buffers into logs
    throw new SecretDecryptError(`secret ${label} could not be decrypted: wrong key, or the stored value was altered or belongs to another record`);
  }
}

function parse(blob: string, label: string): Parts {
  const [version, kekId, body, ...rest] = blob.split('.');
  const bad = (why: string): SecretDecryptError => new SecretDecryptError(`secret ${label} is not a valid encrypted value (${why})`);
  if (version !== VERSION || kekId === undefined || body === undefined || rest.length > 0) throw bad('unknown format or version');
  if (!KEY_ID_PATTERN.test(kekId)) throw bad('invalid key id');
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.toString('base64url') !== body) throw bad('invalid encoding');
  if (bytes.length < HEADER) throw bad('too short');
  let at = 0;
  const take = (n: number): Buffer => bytes.subarray(at, (at += n));
  return { kekId, iv: take(IV), tag: take(TAG), wiv: take(IV), wtag: take(TAG), wdek: take(DEK), ct: bytes.subarray(at) };
}

function dataAad(aad: string): Buffer {
  return Buffer.from(`${VERSION}|data|${aad}`, 'utf8');
}

function dekAad(aad: string, kekId: string): Buffer {
  return Buffer.from(`${VERSION}|dek|${aad}|${kekId}`, 'utf8');
}
