import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * DingTalk HTTP-push callback crypto (shared/reference/dingtalk.md §4.2; same scheme as WeCom).
 *
 * - key = base64(EncodingAESKey + "="), 32 bytes; AES-256-CBC with IV = key[0..16), no library padding;
 * - plaintext = random(16) ‖ uint32be(len(msg)) ‖ msg ‖ ownerKey, PKCS#7-padded to a 32-byte block;
 * - signature = sha1hex(sorted([token, timestamp, nonce, encrypt]).join('')).
 *
 * ownerKey is the AppKey (console event subscription), the corpId (legacy register_call_back) or the
 * suiteKey (ISV), which is why it is a parameter and not derived.
 */
export const CALLBACK_BLOCK_SIZE = 32;

/** Error codes of the official crypto library, kept so log lines match DingTalk's own vocabulary. */
export const CallbackCryptoCode = {
  badPlaintext: 900001,
  badAesKey: 900004,
  signatureMismatch: 900005,
  decryptFailed: 900008,
  lengthMismatch: 900009,
  ownerKeyMismatch: 900010,
} as const;

export class CallbackCryptoError extends Error {
  override readonly name = 'CallbackCryptoError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CallbackCryptoOptions {
  token: string;
  /** The 43-character EncodingAESKey from the developer console. */
  aesKey: string;
  /** AppKey, corpId or suiteKey: the value DingTalk appends to every plaintext. */
  ownerKey: string;
}

export interface SignedEnvelope {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

export class CallbackCrypto {
  readonly #key: Buffer;
  readonly #iv: Buffer;

  constructor(private readonly options: CallbackCryptoOptions) {
    if (!/^[A-Za-z0-9]{43}$/.test(options.aesKey)) {
      throw new CallbackCryptoError(CallbackCryptoCode.badAesKey, 'aesKey must be 43 characters of [A-Za-z0-9]');
    }
    this.#key = Buffer.from(`${options.aesKey}=`, 'base64');
    this.#iv = this.#key.subarray(0, 16);
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    const parts = [this.options.token, timestamp, nonce, encrypt].sort();
    return createHash('sha1').update(parts.join('')).digest('hex');
  }

  verifySignature(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypt), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.options.ownerKey, 'utf8')]);
    const cipher = createCipheriv('aes-256-cbc', this.#key, this.#iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(pkcs7Pad(plain)), cipher.final()]).toString('base64');
  }

  decrypt(encrypt: string): string {
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % CALLBACK_BLOCK_SIZE !== 0) {
      throw new CallbackCryptoError(CallbackCryptoCode.decryptFailed, 'ciphertext is not a whole number of blocks');
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.#key, this.#iv);
      decipher.setAutoPadding(false);
      plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
    } catch (error) {
      if (error instanceof CallbackCryptoError) throw error;
      throw new CallbackCryptoError(CallbackCryptoCode.decryptFailed, 'decryption failed');
    }
    if (plain.length < 20) throw new CallbackCryptoError(CallbackCryptoCode.lengthMismatch, 'plaintext too short');
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) {
      throw new CallbackCryptoError(CallbackCryptoCode.lengthMismatch, 'declared length exceeds plaintext');
    }
    const owner = plain.subarray(20 + length).toString('utf8');
    if (owner !== this.options.ownerKey) {
      throw new CallbackCryptoError(CallbackCryptoCode.ownerKeyMismatch, 'owner key does not match');
    }
    return plain.subarray(20, 20 + length).toString('utf8');
  }

  /** Encrypts and signs a message the way DingTalk expects a callback reply (and sends a push). */
  seal(message: string, timestamp = String(Date.now()), nonce = randomNonce()): SignedEnvelope {
    const encrypt = this.encrypt(message);
    return { msg_signature: this.signature(timestamp, nonce, encrypt), timeStamp: timestamp, nonce, encrypt };
  }
}

export function randomNonce(length = 16): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

function pkcs7Pad(data: Buffer): Buffer {
  const pad = CALLBACK_BLOCK_SIZE - (data.length % CALLBACK_BLOCK_SIZE);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

function pkcs7Unpad(data: Buffer): Buffer {
  const pad = data[data.length - 1] ?? 0;
  if (pad < 1 || pad > CALLBACK_BLOCK_SIZE) {
    throw new CallbackCryptoError(CallbackCryptoCode.badPlaintext, 'invalid padding');
  }
  return data.subarray(0, data.length - pad);
}
