/**
 * `npm run secrets:rotate`: re-wraps every stored secret's data key under the current master key.
 *
 * 1. Generate a new key (openssl rand -base64 32).
 * 2. Run this with the new key as BRIDGE_MASTER_KEY (or BRIDGE_MASTER_KEY_FILE) under a new
 *    BRIDGE_MASTER_KEY_ID, and every old key in BRIDGE_PREVIOUS_MASTER_KEYS=id:base64,…
 * 3. Start the servers with the new key; once none runs with the old one, drop BRIDGE_PREVIOUS_MASTER_KEYS.
 *
 * Data is not re-encrypted, only the per-secret data keys are. All rows move in one transaction: if
 * any cannot be opened (an old key missing), nothing changes. Exit 0 done, 1 refused or failed, 2 bad config.
 */
import { ConfigError, loadConfig, type Config } from '../server/config.js';
import { SecretDecryptError } from '../server/secrets/envelope.js';
import { KeyringError, keyringFromConfig, type Keyring } from '../server/secrets/keyring.js';
import { SecretStore } from '../server/secrets/secret-store.js';
import { openStore } from '../server/store/store.js';

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (config.masterKey === null || config.masterKey.ephemeral) {
    process.stderr.write('secrets-rotate: set the new master key in BRIDGE_MASTER_KEY or BRIDGE_MASTER_KEY_FILE (with a new BRIDGE_MASTER_KEY_ID) and the old ones in BRIDGE_PREVIOUS_MASTER_KEYS\n');
    return 1;
  }
  let keyring: Keyring;
  try {
    keyring = keyringFromConfig(config.masterKey);
  } catch (error) {
    if (error instanceof KeyringError) {
      process.stderr.write(`secrets-rotate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const store = await openStore(config.databaseUrl);
  try {
    const secrets = new SecretStore(store.db, keyring);
    const before = await secrets.countByKey();
    const count = await secrets.rotate(keyring);
    const listed = Object.entries(before).map(([id, n]) => `${id}: ${n}`).join(', ') || 'none stored';
    process.stdout.write(`re-wrapped ${count} secret(s) under key ${keyring.currentId} (before: ${listed})\n`);
    if (Object.keys(config.masterKey.previous).length > 0) {
      process.stdout.write(`the previous keys are no longer needed once every server runs with BRIDGE_MASTER_KEY_ID=${keyring.currentId}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof SecretDecryptError) {
      process.stderr.write(`secrets-rotate: ${error.message}; nothing was changed\n`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`secrets-rotate: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
