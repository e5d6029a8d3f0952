import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { MailSyncDetail } from '../../../shared/addin-api.js';
import { DEFAULT_URL, parseSyncStatusArgs, UsageError } from '../../../scripts/sync-status-options.js';
import { MAIL } from './sync-status-fixture.js';

const SCRIPT = join(import.meta.dirname, '../../../scripts/sync-status.ts');
/** A bound on a run that hangs, not a speed expectation. */
const RUN_TIMEOUT_MS = 15_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { env: { PATH: process.env.PATH, ...env }, timeout: RUN_TIMEOUT_MS });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

interface Seen {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: string;
}

/** A stand-in for the bridge: the sandbox sign-in and the mail status route, answering from a script. */
class FakeBridge {
  readonly seen: Seen[] = [];
  /** the mail status answers, one per call; the last one repeats */
  answers: Array<{ status: number; body: unknown }> = [{ status: 200, body: { mail: MAIL } }];
  readonly #server: Server = createServer((request, response) => void this.#handle(request, response));

  async start(): Promise<string> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server.close();
    await once(this.#server, 'close');
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    this.seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
    const reply = (status: number, payload: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (request.method === 'POST' && request.url === '/auth/sandbox/token') return reply(200, { access_token: `sandbox-token-for-${(JSON.parse(body) as { email: string }).email}`, token_type: 'Bearer', expires_in: 3600 });
    if (request.method === 'GET' && request.url === '/api/status/sync/mail') {
      const calls = this.seen.filter((s) => s.url === '/api/status/sync/mail').length;
      const answer = this.answers[Math.min(calls, this.answers.length) - 1] ?? { status: 500, body: {} };
      return reply(answer.status, answer.body);
    }
    reply(404, { error: { code: 'APP_ERR_NOT_FOUND', message: 'no such route' } });
  }
}

describe('scripts/sync-status.ts (npm run sync:status)', function () {
  // why: each case starts node with tsx, which takes a few seconds on these machines
  this.timeout(RUN_TIMEOUT_MS * 2);

  let bridge: FakeBridge;
  let url: string;

  beforeEach(async () => {
    bridge = new FakeBridge();
    url = await bridge.start();
  });
  afterEach(async () => {
    await bridge.close();
  });

  it('--as signs in through the sandbox and prints the status', async () => {
    const { status, stdout, stderr } = await run(['--url', url, '--as', 'zhangwei@dingdemo.example.com']);

    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.deepEqual(
      bridge.seen.map((s) => [s.method, s.url, s.authorization ?? null, s.body]),
      [
        ['POST', '/auth/sandbox/token', null, '{"email":"zhangwei@dingdemo.example.com"}'],
        ['GET', '/api/status/sync/mail', 'Bearer sandbox-token-for-zhangwei@dingdemo.example.com', ''],
      ],
    );
    assert.match(stdout, /^Mail sync: zhangwei@dingdemo\.example\.com <-> zhangwei@dingtalk-mail\.example\.com\n/);
    assert.match(stdout, /\nBackfill \[#######\.{9}\] 4,210\/10,000 {2}118 msg\/s {2}ETA 49 s\n/);
    assert.match(stdout, /! inbox: sync stopped before deleting 120 of 300 items — nothing was deleted/);
    assert.match(stdout, /QUARANTINED \(2\)/);
    assert.doesNotMatch(stdout, /sandbox-token/);
  });

  it('--token uses the given token, and BRIDGE_PUBLIC_URL is the default server', async () => {
    bridge.answers = [{ status: 200, body: { mail: null } }];
    const { status, stdout } = await run(['--token', 'real-token'], { BRIDGE_PUBLIC_URL: `${url}/` });

    assert.equal(status, 0);
    assert.deepEqual(
      bridge.seen.map((s) => [s.url, s.authorization]),
      [['/api/status/sync/mail', 'Bearer real-token']],
    );
    assert.equal(stdout, 'Mail sync is not set up for this mailbox.\n');
  });

  it('--watch redraws until the backfill is done', async () => {
    const done: MailSyncDetail = { ...MAIL, progress: null };
    bridge.answers = [
      { status: 200, body: { mail: MAIL } },
      { status: 200, body: { mail: done } },
    ];
    const { status, stdout } = await run(['--url', url, '--token', 't', '--watch']);

    assert.equal(status, 0);
    assert.equal(bridge.seen.length, 2);
    const frames = stdout.split(/(?=^Mail sync: )/m);
    assert.equal(frames.length, 2);
    assert.match(frames[0] ?? '', /Backfill \[/);
    assert.match(frames[0] ?? '', /redraws every 2 s until the backfill is done/);
    assert.doesNotMatch(frames[1] ?? '', /Backfill \[|redraws/);
  });

  it('exits 2 with the server\'s error when the call is refused', async () => {
    bridge.answers = [{ status: 403, body: { error: { code: 'APP_ERR_FORBIDDEN', message: 'not allowed' } } }];
    const { status, stdout, stderr } = await run(['--url', url, '--token', 't']);

    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'sync-status: GET /api/status/sync/mail answered 403 APP_ERR_FORBIDDEN: not allowed\n');
  });

  it('exits 2 with the usage when no sign-in is given', async () => {
    const { status, stderr } = await run(['--url', url]);

    assert.equal(status, 2);
    assert.match(stderr, /^sync-status: sign in with --as EMAIL \(sandbox mode\) or --token TOKEN\n\nUsage: npm run sync:status/);
    assert.deepEqual(bridge.seen, []);
  });
});

describe('parseSyncStatusArgs', () => {
  it('reads the flags, with BRIDGE_PUBLIC_URL and then localhost:3000 as the default server', () => {
    assert.deepEqual(parseSyncStatusArgs(['--as', 'a@b.example'], {}), { help: false, url: DEFAULT_URL, auth: { kind: 'sandbox', email: 'a@b.example' }, watch: false });
    assert.deepEqual(parseSyncStatusArgs(['--token=t', '--watch'], { BRIDGE_PUBLIC_URL: 'https://bridge.example.com/' }), {
      help: false,
      url: 'https://bridge.example.com',
      auth: { kind: 'token', token: 't' },
      watch: true,
    });
    // --url wins over the environment
    assert.deepEqual(parseSyncStatusArgs(['--url', 'http://127.0.0.1:4000/', '--token', 't'], { BRIDGE_PUBLIC_URL: 'https://x.example' }), {
      help: false,
      url: 'http://127.0.0.1:4000',
      auth: { kind: 'token', token: 't' },
      watch: false,
    });
    assert.deepEqual(parseSyncStatusArgs(['--help'], {}), { help: true });
  });

  it('refuses what cannot work, saying why', () => {
    const refuses = (argv: string[], message: RegExp) => assert.throws(() => parseSyncStatusArgs(argv, {}), (e: unknown) => e instanceof UsageError && message.test(e.message));
    refuses(['--as', 'a@b.example', '--token', 't'], /not both/);
    refuses(['--as', 'zhangwei'], /an e-mail address is needed/);
    refuses(['--url', 'ftp://x', '--token', 't'], /http or https/);
    refuses(['--url', 'nope', '--token', 't'], /not a URL/);
    refuses(['--token', 't', '--verbose'], /verbose/);
  });
});
