import assert from 'node:assert/strict';
import MailComposer from 'nodemailer/lib/mail-composer';
import { graphEnv, type GraphEnv } from './graph-harness.js';

describe('server/connectors/graph import with attachments (client ⇄ sandbox)', () => {
  let env: GraphEnv;
  before(async () => {
    env = await graphEnv();
  });
  after(async () => env.close());

  it('imports a DingTalk mail with a file attachment as one create, and the sandbox refuses a malformed one', async () => {
    const mime = await new MailComposer({
      from: 'customs@example.cn',
      to: env.upn,
      subject: '报关单附件',
      text: '见附件',
      messageId: '<with-attachment@example.cn>',
      attachments: [{ filename: '报关单.pdf', content: Buffer.from('%PDF-1.4 demo'), contentType: 'application/pdf' }],
    })
      .compile()
      .build();
    const inbox = await env.client.wellKnownFolder(env.upn, 'inbox');
    const created = await env.client.importMessage(env.upn, inbox.id, { mime, isRead: false, flagged: false, linkId: 'L-att' });
    assert.equal(created.internetMessageId, '<with-attachment@example.cn>');
    assert.equal(created.isDraft, false);

    const tokenRes = await fetch(`${env.origin}/${env.sandbox.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: env.sandbox.clientId, client_secret: env.sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default' }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const res = await fetch(`${env.origin}/v1.0/users/${env.upn}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'x', attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a', contentBytes: 'not base64!' }] }),
    });
    assert.equal(res.status, 400);
  });
});
