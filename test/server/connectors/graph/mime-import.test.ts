import assert from 'node:assert/strict';
import { LINK_PROPERTY_ID, linkIdFilter, patchBody, toDeltaItem, toGraphMessage } from '../../../../server/connectors/graph/message-mapping.js';
import { ATTACHMENT_BUDGET, importPayload, MAPI } from '../../../../server/connectors/graph/mime-import.js';
import { mimeMessage } from './graph-harness.js';
import MailComposer from 'nodemailer/lib/mail-composer';

type Prop = { id: string; value: string };

describe('server/connectors/graph/mime-import and message-mapping', () => {
  it('builds a JSON create that Graph turns into a received item: flags without the unsent bit, MAPI times and threading', async () => {
    const mime = mimeMessage({
      subject: '=?UTF-8?B?5ZGo5oql?=',
      messageId: '<r-1@dingtalk.example>',
      inReplyTo: '<p-1@dingtalk.example>',
      references: '<root@dingtalk.example> <p-1@dingtalk.example>',
      cc: '"李雷" <li.lei@contoso.example>, team: a@x.example, b@x.example;',
      date: 'Mon, 05 Jan 2026 09:30:00 +0800',
      received: 'Mon, 05 Jan 2026 09:30:07 +0800',
    });
    const { body } = await importPayload({ mime, isRead: true, flagged: true, linkId: 'link-9' });
    const props = new Map((body.singleValueExtendedProperties as Prop[]).map((p) => [p.id, p.value]));
    assert.equal(props.get(MAPI.messageFlags), '1', 'read bit only: 0x8 (unsent) would make a draft');
    assert.equal(props.get(MAPI.deliveryTime), '2026-01-05T01:30:07.000Z');
    assert.equal(props.get(MAPI.submitTime), '2026-01-05T01:30:00.000Z');
    assert.equal(props.get(MAPI.internetMessageId), '<r-1@dingtalk.example>');
    assert.equal(props.get(MAPI.inReplyTo), '<p-1@dingtalk.example>');
    assert.equal(props.get(MAPI.references), '<root@dingtalk.example> <p-1@dingtalk.example>');
    assert.equal(props.get(LINK_PROPERTY_ID), 'link-9');
    assert.equal(body.subject, '周报');
    assert.deepEqual(body.flag, { flagStatus: 'flagged' });
    assert.deepEqual(
      (body.ccRecipients as Array<{ emailAddress: { address: string } }>).map((r) => r.emailAddress.address),
      ['li.lei@contoso.example', 'a@x.example', 'b@x.example'],
      'groups are flattened',
    );
    assert.deepEqual(body.from, { emailAddress: { name: '张伟', address: 'zhang.wei@dingtalk.example' } });
  });

  it('marks unread as flags 0 and falls back from Received: to Date: to now for the delivery time', async () => {
    const noReceived = await importPayload({ mime: mimeMessage({ subject: 's', messageId: '<a@b>', date: 'Tue, 06 Jan 2026 08:00:00 +0000' }), isRead: false, flagged: false, linkId: 'l' });
    const props = new Map((noReceived.body.singleValueExtendedProperties as Prop[]).map((p) => [p.id, p.value]));
    assert.equal(props.get(MAPI.messageFlags), '0');
    assert.equal(props.get(MAPI.deliveryTime), '2026-01-06T08:00:00.000Z');
    const bare = Buffer.from('Subject: bare\r\n\r\nbody\r\n');
    const { body, parsed } = await importPayload({ mime: bare, isRead: false, flagged: false, linkId: 'l' }, () => Date.UTC(2026, 1, 1));
    assert.equal(parsed.receivedAt, Date.UTC(2026, 1, 1));
    const ids = (body.singleValueExtendedProperties as Prop[]).map((p) => p.id);
    assert.ok(!ids.includes(MAPI.internetMessageId) && !ids.includes(MAPI.submitTime), 'absent headers are not invented');
    assert.equal(body.from, undefined);
  });

  it('prefers the HTML body and keeps plain text otherwise', async () => {
    const html = Buffer.from(
      ['Subject: h', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'plain', '--b', 'Content-Type: text/html', '', '<p>rich</p>', '--b--', ''].join('\r\n'),
    );
    assert.deepEqual((await importPayload({ mime: html, isRead: false, flagged: false, linkId: 'l' })).body.body, { contentType: 'html', content: '<p>rich</p>\n' });
    const text = await importPayload({ mime: mimeMessage({ subject: 't', messageId: '<t@x>', body: 'just text' }), isRead: false, flagged: false, linkId: 'l' });
    assert.deepEqual(text.body.body, { contentType: 'text', content: 'just text\n' });
  });

  it('carries attachments in the create as file attachments, leaving out what would exceed the request budget', async () => {
    const small = Buffer.from('报关单 PDF 内容');
    const big = Buffer.alloc(ATTACHMENT_BUDGET + 1, 1);
    const mime = await composeWithAttachments([
      { filename: '报关单.pdf', content: small, contentType: 'application/pdf' },
      { filename: 'scan.tif', content: big, contentType: 'image/tiff' },
    ]);
    const { body, parsed } = await importPayload({ mime, isRead: false, flagged: false, linkId: 'L1' });
    const attachments = body.attachments as Array<{ name: string; contentBytes: string; contentType: string; isInline: boolean }>;
    assert.equal(attachments.length, 1);
    assert.equal(attachments[0]?.name, '报关单.pdf');
    assert.equal(attachments[0]?.contentType, 'application/pdf');
    assert.deepEqual(Buffer.from(attachments[0]?.contentBytes ?? '', 'base64'), small);
    assert.equal(parsed.attachmentsLeftOut, 1);
  });

  it('maps patches, quoting link ids safely in filters', () => {
    assert.deepEqual(patchBody({ isRead: true, flagged: false }), { isRead: true, flag: { flagStatus: 'notFlagged' } });
    assert.deepEqual(patchBody({ linkId: null }), { singleValueExtendedProperties: [{ id: LINK_PROPERTY_ID, value: '' }] });
    assert.match(linkIdFilter("o'brien"), /ep\/value eq 'o''brien'\)$/);
  });

  it('reads messages and delta items defensively', () => {
    const message = toGraphMessage({
      id: 'AAk=',
      '@odata.etag': 'W/"CQAAABYAAA"',
      receivedDateTime: '2026-01-05T01:30:00Z',
      flag: { flagStatus: 'flagged' },
      singleValueExtendedProperties: [{ id: LINK_PROPERTY_ID.toLowerCase(), value: 'link-x' }],
    });
    assert.equal(message.changeKey, 'CQAAABYAAA', 'change key from the etag when not selected');
    assert.equal(message.receivedAt, Date.UTC(2026, 0, 5, 1, 30));
    assert.equal(message.sentAt, null);
    assert.equal(message.flagged, true);
    assert.equal(message.linkId, 'link-x');
    assert.deepEqual(message.toRecipients, []);
    assert.deepEqual(toDeltaItem({ id: 'gone', '@removed': { reason: 'changed' } }), { kind: 'removed', id: 'gone', reason: 'changed' });
    assert.deepEqual(toDeltaItem({ id: 'gone', '@removed': {} }), { kind: 'removed', id: 'gone', reason: 'deleted' });
    assert.throws(() => toGraphMessage({ subject: 'no id' }), /without id/);
  });
});

async function composeWithAttachments(attachments: Array<{ filename: string; content: Buffer; contentType: string }>): Promise<Buffer> {
  const composer = new MailComposer({ from: 'a@example.cn', to: 'b@example.com', subject: 'with files', text: 'see attached', messageId: '<att@example.cn>', attachments });
  return composer.compile().build();
}
