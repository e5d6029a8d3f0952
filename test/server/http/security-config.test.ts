import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { OPTIONS } from '../../../server/config-options.js';
import { DEFAULT_FRAME_ANCESTORS } from '../../../server/http/content-security-policy.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, []);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('the configuration was accepted');
}

describe('configuration of CORS, framing and rate limits', () => {
  it('defaults to the public origin only, the Outlook hosts, 600 per user and 1200 per address a minute', () => {
    const { security } = loadConfig({}, []);
    assert.deepEqual(security, {
      corsOrigins: [],
      frameAncestors: [...DEFAULT_FRAME_ANCESTORS],
      rateLimit: { perUserPerMinute: 600, perIpPerMinute: 1200 },
    });
  });

  it('documents the same default frame ancestors in the option table as the policy uses', () => {
    assert.deepEqual(OPTIONS.frameAncestors.default.split(','), [...DEFAULT_FRAME_ANCESTORS]);
  });

  it('reads origins as browsers send them', () => {
    const { security } = loadConfig({ BRIDGE_CORS_ORIGINS: 'https://Addin.Example.com/, http://localhost:8080', BRIDGE_RATE_LIMIT_USER_PER_MIN: '60', BRIDGE_RATE_LIMIT_IP_PER_MIN: '100' }, []);
    assert.deepEqual(security.corsOrigins, ['https://addin.example.com', 'http://localhost:8080']);
    assert.deepEqual(security.rateLimit, { perUserPerMinute: 60, perIpPerMinute: 100 });
  });

  it('refuses CORS entries that are not bare origins, naming the variable', () => {
    for (const bad of ['*', 'https://addin.example.com/path', 'ftp://addin.example.com', 'addin.example.com', 'https://user@addin.example.com']) {
      const problems = problemsOf({ BRIDGE_CORS_ORIGINS: bad });
      assert.ok(problems.some((problem) => problem.startsWith('BRIDGE_CORS_ORIGINS:') && problem.includes(JSON.stringify(bad))), `${bad}: ${problems.join('; ')}`);
    }
  });

  it('refuses frame ancestors that could smuggle other CSP directives', () => {
    for (const bad of ["https://x.example.com; script-src 'unsafe-inline'", "'unsafe-inline'", 'https://x.example.com/path', '*']) {
      const problems = problemsOf({ BRIDGE_FRAME_ANCESTORS: bad });
      assert.ok(problems.some((problem) => problem.startsWith('BRIDGE_FRAME_ANCESTORS:')), `${bad}: ${problems.join('; ')}`);
    }
    assert.deepEqual(loadConfig({ BRIDGE_FRAME_ANCESTORS: 'https://mail.example.com,https://*.example.org:8443' }, []).security.frameAncestors, ['https://mail.example.com', 'https://*.example.org:8443']);
  });

  it('refuses budgets below one request a minute', () => {
    assert.ok(problemsOf({ BRIDGE_RATE_LIMIT_USER_PER_MIN: '0' }).some((problem) => problem.startsWith('BRIDGE_RATE_LIMIT_USER_PER_MIN:')));
    assert.ok(problemsOf({ BRIDGE_RATE_LIMIT_IP_PER_MIN: 'lots' }).some((problem) => problem.startsWith('BRIDGE_RATE_LIMIT_IP_PER_MIN:')));
  });
});
