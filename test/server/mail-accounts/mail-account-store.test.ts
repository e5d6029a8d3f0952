import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DINGTALK_MAIL_DEFAULTS, MailAccountStore } from '../../../server/mail-accounts/mail-account-store.js';
import { SecretStore } from '../../../server/secrets/secret-store.js';
import { openStore } from '../../../server/store/store.js';

describe('server/mail-accounts/mail-account-store', () => {
  it('keeps the client password only encrypted, audits the change without it, and forgets it on removal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-accounts-'));
    try {
      const path = join(dir, 'bridge.sqlite');
      const store = await openStore(`sqlite:${path}`);
      const secrets = new SecretStore(store.db, { currentId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
      const accounts = new MailAccountStore(store.db, secrets, store.audit);
      const password = 'dingmail-client-pw-4f1e9a';
      await accounts.put('admin@corp.example', 'Zhang@Corp.example', { dingtalkAddress: 'zhang@dingtalk.corp.example', ...DINGTALK_MAIL_DEFAULTS, enabled: true, appPassword: password });
      assert.equal(await accounts.password('zhang@corp.example'), password);
      assert.deepEqual((await accounts.list()).map((a) => [a.mailbox, a.dingtalkAddress, a.imapHost]), [['zhang@corp.example', 'zhang@dingtalk.corp.example', 'imap.dingtalk.com']]);
      const [entry] = await store.audit.list({ limit: 1 });
      assert.equal(entry?.action, 'mail_account.put');
      assert.equal((entry?.after as { passwordChanged: boolean }).passwordChanged, true);
      await accounts.put('admin@corp.example', 'zhang@corp.example', { dingtalkAddress: 'zhang@dingtalk.corp.example', ...DINGTALK_MAIL_DEFAULTS, enabled: false });
      assert.equal(await accounts.password('zhang@corp.example'), password, 'an update without a password keeps it');
      await store.close();
      const raw = Buffer.concat([path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
      assert.ok(raw.includes(Buffer.from('mail_account.put')), 'the scan sees the file contents');
      assert.equal(raw.includes(Buffer.from(password)), false);

      const reopened = await openStore(`sqlite:${path}`);
      const again = new MailAccountStore(reopened.db, new SecretStore(reopened.db, { currentId: 'k1', keys: new Map([['k1', randomBytes(32)]]) }), reopened.audit);
      assert.equal(await again.remove('admin@corp.example', 'zhang@corp.example'), true);
      assert.equal(await again.get('zhang@corp.example'), null);
      assert.equal(await again.remove('admin@corp.example', 'zhang@corp.example'), false);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a new account without its client password', async () => {
    const store = await openStore('sqlite::memory:');
    const accounts = new MailAccountStore(store.db, new SecretStore(store.db, { currentId: 'k1', keys: new Map([['k1', randomBytes(32)]]) }), store.audit);
    await assert.rejects(accounts.put('a@x', 'b@x', { dingtalkAddress: 'b@d', ...DINGTALK_MAIL_DEFAULTS, enabled: true }), /client password/);
    assert.deepEqual(await accounts.list(), []);
    await store.close();
  });
});
