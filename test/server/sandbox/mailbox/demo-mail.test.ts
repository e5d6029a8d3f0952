import assert from 'node:assert/strict';
import { readHeaderFields } from '../../../../server/connectors/mailbox/mime.js';
import { createSandboxMailbox } from '../../../../server/sandbox/mailbox/sandbox-mailbox.js';
import { startDemoMail } from '../../../../server/sandbox/mailbox/demo-mail.js';
import { memoryLogger } from '../../../helpers/silent-logger.js';

describe('server/sandbox/mailbox/demo-mail', () => {
  it('delivers threaded Chinese mail into the demo mailboxes', async () => {
    const a = createSandboxMailbox({ address: 'a@dingdemo.example.com' });
    const b = createSandboxMailbox({ address: 'b@dingdemo.example.com' });
    const demo = startDemoMail({ mailboxes: new Map([['a@dingdemo.example.com', a], ['b@dingdemo.example.com', b]]), intervalMs: 3_600_000, logger: memoryLogger().logger, seed: 7 });
    try {
      for (let i = 0; i < 12; i++) await demo.deliverNow();
      const all = [...(await a.changesSince('INBOX', null, [])).changed, ...(await b.changesSince('INBOX', null, [])).changed];
      assert.equal(all.length, 12);
      assert.ok(all.some((m) => m.inReplyTo !== null), 'some are replies in earlier threads');
      assert.ok(all.every((m) => m.messageId !== null && /[\u4e00-\u9fff]/.test(m.subject)));
      const [firstOfA] = (await a.changesSince('INBOX', null, [])).changed;
      assert.ok(firstOfA);
      const raw = await a.fetchRaw('INBOX', firstOfA.uid);
      assert.ok(raw !== null);
      assert.equal(readHeaderFields(raw).get('message-id')?.[0]?.trim(), firstOfA.messageId);
    } finally {
      demo.stop();
    }
  });
});
