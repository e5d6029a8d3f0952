import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../server/logger.js';

/** Captures pino's lines through a stream and parses them (pino's own test style). */
function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const text = (): string => chunks.join('');
  return { stream, text, lines: () => text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('server/logger redaction of stored secrets', () => {
  it('never prints a secret passed as appSecret or refreshToken on a logged object', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info({ dingtalk: { appKey: 'dingkey', appSecret: 'APP-SECRET-1' } }, 'dingtalk configured');
    log.info({ user: { email: 'a@example.com', refreshToken: 'REFRESH-TOKEN-2' } }, 'token refreshed');
    log.child({ mailbox: 'a@example.com' }).warn({ grant: { refreshToken: 'REFRESH-TOKEN-3', clientSecret: 'CLIENT-SECRET-4' } }, 'grant');
    const lines = out.lines();
    assert.equal(lines.length, 3);
    for (const secret of ['APP-SECRET-1', 'REFRESH-TOKEN-2', 'REFRESH-TOKEN-3', 'CLIENT-SECRET-4']) assert.ok(!out.text().includes(secret), secret);
    assert.deepEqual(lines[0]?.dingtalk, { appKey: 'dingkey', appSecret: '[redacted]' });
    assert.deepEqual(lines[1]?.user, { email: 'a@example.com', refreshToken: '[redacted]' });
  });

  // why pending: REDACT_PATHS in server/logger.ts has only `*.appSecret` / `*.refreshToken`, which match one
  // level down; a top-level `log.info({ appSecret })` or a deeper `{ a: { b: { appSecret } } }` is printed
  // as is. Fix (logger.ts, not this change): add the bare names ('appSecret', 'refreshToken', …) to
  // REDACT_PATHS, then un-skip this test.

  it('never prints a secret passed as a top-level appSecret or refreshToken field', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info({ appSecret: 'APP-SECRET-5', refreshToken: 'REFRESH-TOKEN-6' }, 'top level');
    assert.ok(!out.text().includes('APP-SECRET-5'));
    assert.ok(!out.text().includes('REFRESH-TOKEN-6'));
  });
});
