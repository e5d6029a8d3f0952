import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { keyringFromConfig, KeyringError, type MasterKeySource } from '../../../server/secrets/keyring.js';

const source = (over: Partial<MasterKeySource>): MasterKeySource => ({ keyId: 'k1', key: null, file: null, previous: {}, ephemeral: false, ...over });

describe('server/secrets/keyring', () => {
  it('builds the keyring from env text, a key file and previous keys', () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const fromEnv = keyringFromConfig(source({ keyId: 'k2', key: current.toString('base64'), previous: { k1: old.toString('base64') } }));
    assert.equal(fromEnv.currentId, 'k2');
    assert.deepEqual(fromEnv.keys.get('k2'), current);
    assert.deepEqual(fromEnv.keys.get('k1'), old);
    const fromFile = keyringFromConfig(source({ file: '/etc/bridge/master.key' }), (path) => (path === '/etc/bridge/master.key' ? `${current.toString('base64')}\n` : ''));
    assert.deepEqual(fromFile.keys.get('k1'), current);
  });

  it('rejects a key of the wrong length with a clear error that does not echo it', () => {
    const short = randomBytes(16).toString('base64');
    const error = (() => {
      try {
        keyringFromConfig(source({ key: short }));
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    assert.ok(error instanceof KeyringError);
    assert.match(error.message, /BRIDGE_MASTER_KEY: must decode to exactly 32 bytes, got 16/);
    assert.ok(!error.message.includes(short));
  });

  it('names an unreadable key file and a missing key', () => {
    assert.throws(
      () => keyringFromConfig(source({ file: '/nope' }), () => { throw Object.assign(new Error('x'), { code: 'ENOENT' }); }),
      /BRIDGE_MASTER_KEY_FILE: cannot read \/nope: ENOENT/,
    );
    assert.throws(() => keyringFromConfig(null), /no master key configured: set BRIDGE_MASTER_KEY or BRIDGE_MASTER_KEY_FILE/);
  });
});
