import assert from 'node:assert/strict';
import { request } from 'undici';
import { DEMO_SUPER_ADMIN, loadConfig } from '../../../server/config.js';
import { composeMessage } from '../../../server/connectors/mailbox/mime.js';
import { startRuntime, type Runtime } from '../../../server/runtime/runtime.js';
import { memoryLogger } from '../../helpers/silent-logger.js';

async function signIn(runtime: Runtime, email: string): Promise<{ authorization: string }> {
  const res = await request(`${runtime.url}/auth/sandbox/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  return { authorization: `Bearer ${((await res.body.json()) as { access_token: string }).access_token}` };
}

async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('server/runtime mail sync end to end (sandbox mode: Graph sandbox ⇄ demo DingTalk mailboxes)', function () {
  this.timeout(60_000);
  let runtime: Runtime;
  let headers: { authorization: string };

  before(async () => {
    const config = loadConfig(
      { DATABASE_URL: 'sqlite::memory:', BRIDGE_PORT: '0', SANDBOX_PORT: '0', SANDBOX_PEOPLE: '200', DIRECTORY_RECONCILE_SECONDS: '0', DEMO_MAILBOXES: '2', DEMO_MAIL_INTERVAL_SECONDS: '0' },
      [],
    );
    runtime = await startRuntime(config, memoryLogger('warn').logger);
    await runtime.initialSync;
    headers = await signIn(runtime, DEMO_SUPER_ADMIN);
  });
  after(async () => runtime.close());

  const detail = async () => (await (await request(`${runtime.url}/api/status/sync/mail`, { headers })).body.json()) as { mail: { state: string; progress: unknown; folders: Array<{ folder: string; lastSuccessAt: number | null }>; dingtalkAddress: string } | null };

  it('backfills both ways and reports per-folder status', async () => {
    const status = await eventually('backfill to finish', async () => {
      const d = await detail();
      return d.mail !== null && d.mail.progress === null && d.mail.folders.every((f) => f.lastSuccessAt !== null) ? d.mail : null;
    });
    assert.equal(status.folders.length, 4);
    const sandbox = runtime.mailSandbox();
    assert.ok(sandbox);
    const exchange = sandbox.graphSandbox.mailbox(DEMO_SUPER_ADMIN).messages('inbox');
    const dingtalk = sandbox.mailboxes.get(status.dingtalkAddress);
    assert.ok(dingtalk);
    const dingtalkInbox = (await dingtalk.changesSince('INBOX', null, [])).changed;
    assert.ok(dingtalkInbox.some((m) => m.messageId?.includes('acme')), 'the Outlook mail reached DingTalk');
    for (const m of dingtalkInbox) assert.ok(exchange.some((e) => e.internetMessageId === m.messageId), `${m.subject} reached Exchange`);
    assert.equal(new Set(exchange.map((e) => e.internetMessageId)).size, exchange.length, 'nothing doubled');
  });

  it('new DingTalk mail reaches Outlook, read in Outlook is read in DingTalk, and the Thread view shows the thread', async () => {
    const sandbox = runtime.mailSandbox();
    const status = (await detail()).mail;
    assert.ok(sandbox && status);
    const dingtalk = sandbox.mailboxes.get(status.dingtalkAddress);
    assert.ok(dingtalk);
    const root = '<runtime-root@customs.example.cn>';
    await dingtalk.deliver(await composeMessage({ from: { name: '海关', address: 'c@customs.example.cn' }, to: [status.dingtalkAddress], subject: '查验通知 #1', text: '请明日到场', messageId: root }), {});
    const mailbox = sandbox.graphSandbox.mailbox(DEMO_SUPER_ADMIN);
    const copied = await eventually('the DingTalk mail in Outlook', async () => mailbox.messages('inbox').find((m) => m.internetMessageId === root));
    mailbox.markRead(copied.id);
    await eventually('read state back in DingTalk', async () => {
      const uid = (await dingtalk.findByMessageId('INBOX', root))[0];
      return uid !== undefined && (await dingtalk.getMessage('INBOX', uid))?.flags.seen === true;
    });
    const thread = await eventually('the linked thread', async () => {
      const res = await request(`${runtime.url}/api/threads/by-message?internetMessageId=${encodeURIComponent(root)}`, { headers });
      return res.statusCode === 200 ? ((await res.body.json()) as { messages: Array<{ subject: string; read?: boolean }> }) : (await res.body.text(), null);
    });
    assert.equal(thread.messages[0]?.subject, '查验通知 #1');
    const sync = (await (await request(`${runtime.url}/api/status/sync`, { headers })).body.json()) as { mailboxes: Array<{ kinds: Array<{ kind: string; state: string }> }> };
    assert.notEqual(sync.mailboxes[0]?.kinds.find((k) => k.kind === 'mail')?.state, 'not_configured');
  });

  it('a delete in DingTalk trashes the Outlook copy, and an admin reverts that run from the audit log', async () => {
    const sandbox = runtime.mailSandbox();
    const status = (await detail()).mail;
    assert.ok(sandbox && status);
    const dingtalk = sandbox.mailboxes.get(status.dingtalkAddress);
    assert.ok(dingtalk);
    const id = '<runtime-revert@customs.example.cn>';
    await dingtalk.deliver(await composeMessage({ from: 'c@customs.example.cn', to: [status.dingtalkAddress], subject: '将被删除', text: 'x', messageId: id }), {});
    const mailbox = sandbox.graphSandbox.mailbox(DEMO_SUPER_ADMIN);
    const inOutlook = () => mailbox.messages('inbox').find((m) => m.internetMessageId === id);
    await eventually('the mail in Outlook', async () => inOutlook());
    const uid = (await dingtalk.findByMessageId('INBOX', id))[0];
    assert.ok(uid !== undefined);
    await dingtalk.userDelete('INBOX', uid);
    await eventually('the Outlook copy in Deleted Items', async () => mailbox.messages('deleteditems').find((m) => m.internetMessageId === id));
    const audit = (await (await request(`${runtime.url}/api/admin/audit?action=mail.trash&limit=50`, { headers })).body.json()) as { entries: Array<{ after: { runId: string } }> };
    const runId = audit.entries[0]?.after.runId;
    assert.ok(runId !== undefined);
    const res = await request(`${runtime.url}/api/admin/mail/${encodeURIComponent(DEMO_SUPER_ADMIN)}/runs/${encodeURIComponent(runId)}/revert`, { method: 'POST', headers });
    assert.equal(res.statusCode, 200);
    assert.equal(((await res.body.json()) as { restored: number }).restored, 1);
    await eventually('the Outlook copy back in the inbox', async () => inOutlook());
    await eventually('the DingTalk copy back too', async () => (await dingtalk.findByMessageId('INBOX', id)).length === 1);
  });

  it('answers "not synced" for a viewer without a mailbox pair, and refuses admin actions to non-admins', async () => {
    const other = await signIn(runtime, 'nobody@example.com');
    assert.deepEqual((await (await request(`${runtime.url}/api/status/sync/mail`, { headers: other })).body.json()), { mail: null });
    const res = await request(`${runtime.url}/api/admin/mail/${encodeURIComponent(DEMO_SUPER_ADMIN)}/quarantine/retry`, { method: 'POST', headers: other });
    assert.equal(res.statusCode, 403);
    await res.body.text();
    const ok = await request(`${runtime.url}/api/admin/mail/${encodeURIComponent(DEMO_SUPER_ADMIN)}/quarantine/retry`, { method: 'POST', headers });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(await ok.body.json(), { retried: 0 });
  });
});
