import { readFileSync } from 'node:fs';

/** Length of a key-encryption key (AES-256). */
export const KEY_BYTES = 32;

/** Key ids go into stored blobs (`v1.<kekId>.…`) and into `id:base64` lists, so no dots or colons. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Key-encryption keys by id. New data keys are wrapped under `currentId`; the others only unwrap data
 * keys written before a rotation.
 */
export interface Keyring {
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** Where the master key comes from; produced by server/config.ts (`Config.masterKey`). */
export interface MasterKeySource {
  keyId: string;
  /** base64 of the 32-byte key (BRIDGE_MASTER_KEY, or generated in sandbox mode), or null to read `file` */
  key: string | null;
  /** file holding the base64 text of the key (BRIDGE_MASTER_KEY_FILE) */
  file: string | null;
  /** older keys by id (BRIDGE_PREVIOUS_MASTER_KEYS), base64 */
  previous: Readonly<Record<string, string>>;
  /** true when config generated a throw-away key (sandbox mode without one): never rotate to it */
  ephemeral: boolean;
}

/** Errors name where a key came from, never its value. */
export class KeyringError extends Error {
  override readonly name = 'KeyringError';
}

/** Decodes base64 (or base64url) text of a 32-byte key; `source` names the variable or file in errors. */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new KeyringError(`${source}: must be base64 of ${KEY_BYTES} random bytes (e.g. openssl rand -base64 32)`);
  const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  if (key.length !== KEY_BYTES) {
    throw new KeyringError(`${source}: must decode to exactly ${KEY_BYTES} bytes, got ${key.length} (e.g. openssl rand -base64 32)`);
  }
  return key;
}

/** Builds the keyring once at startup: the current key from env text or its file, plus previous keys. */
export function keyringFromConfig(source: MasterKeySource | null, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Keyring {
  if (source === null) throw new KeyringError('no master key configured: set BRIDGE_MASTER_KEY or BRIDGE_MASTER_KEY_FILE (base64 of 32 random bytes)');
  if (!KEY_ID_PATTERN.test(source.keyId)) throw new KeyringError('BRIDGE_MASTER_KEY_ID: 1–32 letters, digits, "-" or "_"');
  let current: Buffer;
  if (source.key !== null) {
    current = parseMasterKey(source.key, 'BRIDGE_MASTER_KEY');
  } else if (source.file !== null) {
    let text: string;
    try {
      text = readFile(source.file);
    } catch (error) {
      throw new KeyringError(`BRIDGE_MASTER_KEY_FILE: cannot read ${source.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    current = parseMasterKey(text, `BRIDGE_MASTER_KEY_FILE (${source.file})`);
  } else {
    throw new KeyringError('no master key configured: set BRIDGE_MASTER_KEY or BRIDGE_MASTER_KEY_FILE');
  }
  const keys = new Map<string, Buffer>();
  for (const [id, text] of Object.entries(source.previous)) keys.set(id, parseMasterKey(text, `BRIDGE_PREVIOUS_MASTER_KEYS (key ${id})`));
  keys.set(source.keyId, current);
  return { currentId: source.keyId, keys };
}

/** Parses `id:base64,id:base64`; returns problems instead of throwing so config can report them all. */
export function parsePreviousKeys(text: string): { keys: Record<string, string> } | { problem: string } {
  const keys: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const colon = item.indexOf(':');
    const id = colon < 0 ? '' : item.slice(0, colon);
    if (!KEY_ID_PATTERN.test(id)) return { problem: 'must be a comma list of id:base64 (ids: letters, digits, "-", "_")' };
    try {
      parseMasterKey(item.slice(colon + 1), `key ${id}`);
    } catch (error) {
      return { problem: (error as Error).message };
    }
    keys[id] = item.slice(colon + 1);
  }
  return { keys };
}
