import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, helpText, loadConfig } from '../../server/config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('server/config', () => {
  it('runs against the sandbox when no DingTalk credentials are set', () => {
    const config = loadConfig({}, []);
    assert.equal(config.sandboxMode, true);
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, 'sqlite:data/bridge.sqlite');
    assert.ok(config.dingtalk.callback !== null);
    assert.ok(Object.isFrozen(config));
  });

  it('uses real DingTalk when both credentials are set', () => {
    const config = loadConfig(
      { DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_EVENTS: 'stream', ENTRA_API_CLIENT_ID: '11111111-2222-4333-8444-555555555555', ENTRA_ALLOWED_TENANTS: 'any', BRIDGE_MASTER_KEY: 'A'.repeat(43) + '=' },
      [],
    );
    assert.equal(config.sandboxMode, false);
    assert.equal(config.dingtalk.appKey, 'k');
    assert.equal(config.dingtalk.events, 'stream');
  });

  it('names every wrong variable and says why, without echoing secrets', () => {
    const problems = problemsOf(() =>
      loadConfig({ BRIDGE_PORT: 'abc', DINGTALK_QPS: '0', DINGTALK_EVENTS: 'pigeon', DINGTALK_APP_KEY: 'k', DINGTALK_CALLBACK_AES_KEY: 'short' }, []),
    );
    const text = problems.join('\n');
    assert.match(text, /BRIDGE_PORT: must be an integer from 0 to 65535 \(got "abc"\)/);
    assert.match(text, /DINGTALK_QPS: must be an integer from 1 to 1000/);
    assert.match(text, /DINGTALK_EVENTS: must be one of http, stream, none/);
    assert.match(text, /set both \(real DingTalk\) or neither/);
    assert.match(text, /DINGTALK_CALLBACK_AES_KEY: must be exactly 43/);
    assert.doesNotMatch(text, /short/);
  });

  it('requires callback credentials for HTTP push with real DingTalk', () => {
    const problems = problemsOf(() => loadConfig({ DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's' }, []));
    assert.ok(problems.some((p) => p.includes('required when DINGTALK_EVENTS=http')));
  });

  it('lets flags override the environment and the environment override the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ port: 4000, logLevel: 'debug', sandboxPeople: 50 }));
    const config = loadConfig({ BRIDGE_CONFIG_FILE: file, BRIDGE_PORT: '4100' }, ['--port', '4200', '--org', 'org.json']);
    assert.equal(config.port, 4200);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.sandbox.people, 50);
    assert.equal(config.sandbox.orgFile, 'org.json');
  });

  it('rejects unknown config-file keys and unknown flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    assert.ok(problemsOf(() => loadConfig({}, ['--config', file])).some((p) => p.includes('unknown key "prot"')));
    assert.ok(problemsOf(() => loadConfig({}, ['--nope', '1'])).some((p) => p.includes('nope')));
  });

  it('documents every option in --help', () => {
    const help = helpText();
    for (const name of ['BRIDGE_PORT', 'DATABASE_URL', 'DINGTALK_APP_KEY', 'SANDBOX_ORG_FILE', '--org']) assert.ok(help.includes(name), name);
  });
});
