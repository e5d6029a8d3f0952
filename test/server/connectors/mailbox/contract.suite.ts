import assert from 'node:assert/strict';
import type { FolderCursor, MailboxProvider, MailFlags, SpecialUse } from '../../../../server/connectors/mailbox/contract.js';
import { isMailboxError } from '../../../../server/connectors/mailbox/mailbox-error.js';
import { composeMessage, type ComposeInput } from '../../../../server/connectors/mailbox/mime.js';
import { ErrorCodes } from '../../../../shared/errors.js';

/** "Someone else": another mail client or the mail system, changing the same mailbox. */
export interface MailboxPeer {
  /** puts a message into the folder as delivery or another client would; returns its UID */
  deliver(path: string, raw: Buffer, flags?: Partial<MailFlags>): Promise<number>;
  setFlags(path: string, uid: number, flags: Partial<MailFlags>): Promise<void>;
  remove(path: string, uid: number): Promise<void>;
  /** gives the folder a new UIDVALIDITY */
  resetUidValidity(path: string): Promise<void>;
}

export interface MailboxUnderTest {
  provider: MailboxProvider;
  peer: MailboxPeer;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** folder names the provider must map to these special uses (e.g. 已发送 on a server without SPECIAL-USE) */
  expectedFolders?: Partial<Record<SpecialUse, string>>;
}

const SUBJECT = '关于第三季度项目进度的讨论（第2轮）';

function message(overrides: Partial<ComposeInput> = {}): Promise<Buffer> {
  return composeMessage({
    from: { name: '张伟', address: 'zhang.wei@example.com' },
    to: [{ name: '李娜', address: 'li.na@example.com' }, 'wang@example.com'],
    subject: SUBJECT,
    text: '各位好，附上最新进度。\n谢谢！',
    date: new Date(Date.UTC(2025, 5, 1, 8, 30)),
    ...overrides,
  });
}

/** JSON round trip: the engine stores cursors in the database. */
function stored(cursor: FolderCursor): FolderCursor {
  return JSON.parse(JSON.stringify(cursor)) as FolderCursor;
}

function calls(): { fire(): void; next(): Promise<void> } {
  let count = 0;
  let seen = 0;
  let waiters: Array<() => void> = [];
  return {
    fire() {
      count += 1;
      for (const wake of waiters.splice(0)) wake();
    },
    async next() {
      while (count <= seen) await new Promise<void>((resolve) => waiters.push(resolve));
      seen = count;
    },
  };
}

/**
 * What every MailboxProvider must do (server/connectors/mailbox/contract.ts). `open` gives a fresh,
 * empty mailbox with INBOX, Sent, Trash, Archive and Drafts, plus a peer that changes it from outside.
 * Like the sync engine, the suite stamps an X-DTOB-Link on every message it appends (servers without
 * UIDPLUS need it to say the new UID).
 */
export function mailboxProviderContract(open: () => Promise<MailboxUnderTest>, options: ContractOptions = {}): void {
  let provider: MailboxProvider;
  let peer: MailboxPeer;
  let close: () => Promise<void>;
  let archive: string;

  beforeEach(async () => {
    ({ provider, peer, close } = await open());
    const found = (await provider.listFolders()).find((f) => f.specialUse === '\\Archive');
    assert.ok(found, 'the mailbox has an Archive folder');
    archive = found.path;
  });
  afterEach(async () => {
    await close();
  });

  it('lists the folders, each special use on exactly one folder', async () => {
    const folders = await provider.listFolders();
    for (const use of ['\\Inbox', '\\Sent', '\\Trash', '\\Archive', '\\Drafts'] as const) {
      assert.equal(folders.filter((f) => f.specialUse === use).length, 1, use);
    }
    assert.equal(folders.find((f) => f.specialUse === '\\Inbox')?.path, 'INBOX');
    for (const [use, path] of Object.entries(options.expectedFolders ?? {})) {
      assert.equal(folders.find((f) => f.specialUse === use)?.path, path, use);
    }
  });

  it('creates a missing folder once and lists it without a special use', async () => {
    await provider.ensureFolder('客户项目');
    await provider.ensureFolder('客户项目');
    const folders = await provider.listFolders();
    assert.deepEqual(folders.filter((f) => f.path === '客户项目'), [{ path: '客户项目', specialUse: null }]);
    const { uid } = await provider.append('客户项目', await message({ linkId: 'link-custom-1' }), { seen: false, flagged: false }, Date.now());
    assert.equal((await provider.getMessage('客户项目', uid))?.subject, SUBJECT);
  });

  it('lists every message newest first when there is no cursor', async () => {
    const first = await message({ messageId: '<first@example.com>' });
    const uidA = await peer.deliver('INBOX', first, { seen: true });
    const uidB = await peer.deliver('INBOX', await message({ subject: '第二封', messageId: '<second@example.com>' }));
    const changes = await provider.changesSince('INBOX', null, []);
    assert.deepEqual(changes.changed.map((m) => m.uid), [uidB, uidA]);
    assert.equal(changes.uidValidityChanged, false);
    assert.deepEqual(changes.vanished, []);
    const a = changes.changed[1];
    assert.equal(a?.subject, SUBJECT);
    assert.equal(a?.messageId, '<first@example.com>');
    assert.deepEqual(a?.from, { name: '张伟', address: 'zhang.wei@example.com' });
    assert.deepEqual(a?.to, [
      { name: '李娜', address: 'li.na@example.com' },
      { name: '', address: 'wang@example.com' },
    ]);
    assert.deepEqual(a?.flags, { seen: true, flagged: false });
    assert.equal(a?.size, first.length);
    assert.equal(a?.linkId, null);
    assert.deepEqual(changes.changed[0]?.flags, { seen: false, flagged: false });
    assert.ok(changes.cursor.uidNext > uidB);
  });

  it('reports new mail since the cursor, and nothing else', async () => {
    const uidA = await peer.deliver('INBOX', await message());
    const start = await provider.changesSince('INBOX', null, []);
    const uidB = await peer.deliver('INBOX', await message({ subject: '新邮件' }));
    const changes = await provider.changesSince('INBOX', stored(start.cursor), [uidA]);
    assert.deepEqual(changes.changed.map((m) => [m.uid, m.subject]), [[uidB, '新邮件']]);
    assert.deepEqual(changes.vanished, []);
    assert.equal(changes.cursor.uidValidity, start.cursor.uidValidity);
    assert.ok(changes.cursor.uidNext > start.cursor.uidNext);
    const quiet = await provider.changesSince('INBOX', stored(changes.cursor), [uidA, uidB]);
    assert.deepEqual(quiet.changed, []);
    assert.deepEqual(quiet.vanished, []);
  });

  it('reports a flag change made elsewhere, and only that message', async () => {
    const uidA = await peer.deliver('INBOX', await message());
    const uidB = await peer.deliver('INBOX', await message());
    const start = await provider.changesSince('INBOX', null, []);
    await peer.setFlags('INBOX', uidA, { seen: true, flagged: true });
    const changes = await provider.changesSince('INBOX', stored(start.cursor), [uidA, uidB]);
    assert.deepEqual(changes.changed.map((m) => [m.uid, m.flags]), [[uidA, { seen: true, flagged: true }]]);
    assert.deepEqual(changes.vanished, []);
  });

  it('reports messages removed elsewhere as vanished', async () => {
    const uidA = await peer.deliver('INBOX', await message());
    const uidB = await peer.deliver('INBOX', await message());
    const start = await provider.changesSince('INBOX', null, []);
    await peer.remove('INBOX', uidA);
    const changes = await provider.changesSince('INBOX', stored(start.cursor), [uidA, uidB]);
    assert.deepEqual(changes.vanished, [uidA]);
    assert.deepEqual(changes.changed, []);
  });

  it('reports a UIDVALIDITY change with a full listing', async () => {
    const uid = await peer.deliver('INBOX', await message());
    const start = await provider.changesSince('INBOX', null, []);
    await peer.resetUidValidity('INBOX');
    const changes = await provider.changesSince('INBOX', stored(start.cursor), [uid]);
    assert.equal(changes.uidValidityChanged, true);
    assert.notEqual(changes.cursor.uidValidity, start.cursor.uidValidity);
    assert.deepEqual(changes.changed.map((m) => m.subject), [SUBJECT]);
    assert.deepEqual(changes.vanished, []);
    assert.equal((await provider.folderCursor('INBOX')).uidValidity, changes.cursor.uidValidity);
  });

  it('appends with flags and a received time, and says the UID', async () => {
    const receivedAt = Date.UTC(2025, 0, 15, 9, 45, 30);
    const raw = await message({ linkId: 'link-append-1' });
    const before = await provider.folderCursor(archive);
    const { uid, uidValidity } = await provider.append(archive, raw, { seen: true, flagged: true }, receivedAt);
    assert.equal(uidValidity, before.uidValidity);
    const stored = await provider.getMessage(archive, uid);
    assert.deepEqual(stored?.flags, { seen: true, flagged: true });
    assert.equal(stored?.receivedAt, receivedAt);
    assert.equal(stored?.linkId, 'link-append-1');
    assert.deepEqual(await provider.fetchRaw(archive, uid), raw);
    const second = await provider.append(archive, await message({ linkId: 'link-append-2' }), { seen: false, flagged: false }, receivedAt);
    assert.ok(second.uid > uid);
    assert.deepEqual((await provider.getMessage(archive, second.uid))?.flags, { seen: false, flagged: false });
    assert.ok((await provider.folderCursor(archive)).uidNext > second.uid);
  });

  it('finds a message by its link id, exactly', async () => {
    const one = await provider.append('INBOX', await message({ linkId: 'link-abc-1' }), { seen: false, flagged: false }, Date.now());
    const ten = await provider.append('INBOX', await message({ linkId: 'link-abc-10' }), { seen: false, flagged: false }, Date.now());
    assert.equal(await provider.findByLinkId('INBOX', 'link-abc-1'), one.uid);
    assert.equal(await provider.findByLinkId('INBOX', 'link-abc-10'), ten.uid);
    assert.equal(await provider.findByLinkId('INBOX', 'link-abc'), null);
    assert.equal(await provider.findByLinkId(archive, 'link-abc-1'), null);
  });

  it('finds messages by Message-ID', async () => {
    const a = await peer.deliver('INBOX', await message({ messageId: '<same@example.com>' }));
    const b = await peer.deliver('INBOX', await message({ messageId: '<same@example.com>' }));
    await peer.deliver('INBOX', await message({ messageId: '<same@example.com.cn>' }));
    assert.deepEqual(await provider.findByMessageId('INBOX', '<same@example.com>'), [a, b]);
    assert.deepEqual(await provider.findByMessageId('INBOX', '<nobody@example.com>'), []);
  });

  it('sets only the flags it is given', async () => {
    const uid = await peer.deliver('INBOX', await message());
    await provider.setFlags('INBOX', uid, { seen: true });
    assert.deepEqual((await provider.getMessage('INBOX', uid))?.flags, { seen: true, flagged: false });
    await provider.setFlags('INBOX', uid, { flagged: true });
    assert.deepEqual((await provider.getMessage('INBOX', uid))?.flags, { seen: true, flagged: true });
    await provider.setFlags('INBOX', uid, { seen: false });
    assert.deepEqual((await provider.getMessage('INBOX', uid))?.flags, { seen: false, flagged: true });
  });

  it('moves a message, says its UID in the destination, and the old UID is gone', async () => {
    const raw = await message({ linkId: 'link-move-1' });
    const uid = await peer.deliver('INBOX', raw, { flagged: true });
    const newUid = await provider.move('INBOX', uid, archive);
    assert.notEqual(newUid, null);
    const moved = await provider.getMessage(archive, newUid as number);
    assert.equal(moved?.linkId, 'link-move-1');
    assert.deepEqual(moved?.flags, { seen: false, flagged: true });
    assert.equal(await provider.findByLinkId(archive, 'link-move-1'), newUid);
    assert.equal(await provider.getMessage('INBOX', uid), null);
    assert.equal(await provider.fetchRaw('INBOX', uid), null);
  });

  it('watch calls back when someone else changes the folder', async () => {
    const changes = calls();
    const stop = await provider.watch('INBOX', () => changes.fire());
    try {
      const uid = await peer.deliver('INBOX', await message());
      await changes.next();
      await peer.setFlags('INBOX', uid, { seen: true });
      await changes.next();
    } finally {
      await stop();
    }
  });

  it('keeps Chinese subjects, names and threading headers', async () => {
    const raw = await message({
      subject: '回复：【重要】关于2025年度预算的审批意见 — 请于周五前反馈',
      from: { name: '欧阳·娜娜', address: 'ouyang@example.com' },
      messageId: '<reply-2@example.com>',
      inReplyTo: '<root-1@example.com>',
      references: ['<root-0@example.com>', '<root-1@example.com>'],
      linkId: 'link-thread-1',
    });
    const { uid } = await provider.append('INBOX', raw, { seen: true, flagged: false }, Date.now());
    const stored = await provider.getMessage('INBOX', uid);
    assert.equal(stored?.subject, '回复：【重要】关于2025年度预算的审批意见 — 请于周五前反馈');
    assert.deepEqual(stored?.from, { name: '欧阳·娜娜', address: 'ouyang@example.com' });
    assert.equal(stored?.messageId, '<reply-2@example.com>');
    assert.equal(stored?.inReplyTo, '<root-1@example.com>');
    assert.deepEqual(stored?.references, ['<root-0@example.com>', '<root-1@example.com>']);
  });

  it('fails with MAIL_ERR_NO_FOLDER for a folder that does not exist', async () => {
    await assert.rejects(provider.changesSince('不存在的文件夹', null, []), (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_NO_FOLDER));
    await assert.rejects(
      provider.append('不存在的文件夹', await message({ linkId: 'link-nowhere' }), { seen: false, flagged: false }, Date.now()),
      (error) => isMailboxError(error, ErrorCodes.MAIL_ERR_NO_FOLDER),
    );
  });
}
