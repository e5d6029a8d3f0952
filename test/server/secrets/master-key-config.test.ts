import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { keyringFromConfig } from '../../../server/secrets/keyring.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, []);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('server/config master key options', () => {
  it('sandbox mode without a key: a throw-away key and a warning', () => {
    const config = loadConfig({}, []);
    assert.equal(config.masterKey?.ephemeral, true);
    assert.equal(config.masterKey?.keyId, 'k1');
    assert.equal(keyringFromConfig(config.masterKey).keys.get('k1')?.length, 32);
    assert.ok(config.warnings.some((w) => /BRIDGE_MASTER_KEY is not set.*throw-away key/.test(w)));
  });

  it('refuses to start with real DingTalk and no master key, naming the variable', () => {
    const found = problems({ DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', ENTRA_API_CLIENT_ID: '11111111-2222-4333-8444-555555555555', ENTRA_ALLOWED_TENANTS: 'any' });
    assert.ok(found.some((p) => /BRIDGE_MASTER_KEY or BRIDGE_MASTER_KEY_FILE is required/.test(p)), found.join('; '));
  });

  it('reads the key, its id and previous keys', () => {
    const key = randomBytes(32).toString('base64');
    const old = randomBytes(32).toString('base64');
    const config = loadConfig({ BRIDGE_MASTER_KEY: key, BRIDGE_MASTER_KEY_ID: 'k2', BRIDGE_PREVIOUS_MASTER_KEYS: `k1:${old}` }, []);
    assert.deepEqual(config.masterKey, { keyId: 'k2', key, file: null, previous: { k1: old }, ephemeral: false });
    assert.deepEqual(config.warnings, []);
    assert.deepEqual(loadConfig({ BRIDGE_MASTER_KEY_FILE: '/run/secrets/master.key' }, []).masterKey?.file, '/run/secrets/master.key');
  });

  it('reports bad keys by variable, without echoing them', () => {
    const short = randomBytes(31).toString('base64');
    const found = problems({ BRIDGE_MASTER_KEY: short, BRIDGE_MASTER_KEY_FILE: '/k', BRIDGE_MASTER_KEY_ID: 'a.b', BRIDGE_PREVIOUS_MASTER_KEYS: 'nokey' });
    assert.ok(found.some((p) => /^BRIDGE_MASTER_KEY: must decode to exactly 32 bytes, got 31/.test(p)), found.join('\n'));
    assert.ok(found.some((p) => /BRIDGE_MASTER_KEY and BRIDGE_MASTER_KEY_FILE: set one, not both/.test(p)));
    assert.ok(found.some((p) => /^BRIDGE_MASTER_KEY_ID:/.test(p)));
    assert.ok(found.some((p) => /^BRIDGE_PREVIOUS_MASTER_KEYS: must be a comma list of id:base64/.test(p)));
    assert.ok(!found.join('\n').includes(short));
  });
});
