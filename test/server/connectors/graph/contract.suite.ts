import assert from 'node:assert/strict';
import { ErrorCodes } from '../../../../shared/errors.js';
import type { GraphDeltaItem, GraphMailProvider, GraphMessage } from '../../../../server/connectors/graph/contract.js';
import { GraphError } from '../../../../server/connectors/graph/graph-error.js';
import type { SandboxMailbox, SandboxMessage } from '../../../../server/sandbox/graph/mailbox-api.js';
import { CLIENT_STATE, mimeMessage, type WebhookReceiver } from './graph-harness.js';

export interface GraphContractFixture {
  provider: GraphMailProvider;
  mailbox: string;
  /** the same mailbox as its user sees it in Outlook: seeding and direct changes */
  outlook: SandboxMailbox;
  /** page size the provider asks delta rounds to use */
  deltaPageSize: number;
  /** makes every delta token issued so far stale */
  expireDeltaTokens(): void;
  webhook: WebhookReceiver;
  close(): Promise<void>;
}

export type OpenGraphFixture = () => Promise<GraphContractFixture>;

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const minute = 60_000;

/**
 * What every GraphMailProvider must do (server/connectors/graph/contract.ts). The real GraphClient runs
 * it over HTTP against the Graph sandbox (graph-client.contract.test.ts).
 */
export function graphMailProviderContract(open: OpenGraphFixture): void {
  let fx: GraphContractFixture;
  let provider: GraphMailProvider;
  let mailbox: string;

  beforeEach(async () => {
    fx = await open();
    ({ provider, mailbox } = fx);
  });
  afterEach(async () => {
    await fx.close();
  });

  async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof GraphError, `expected a GraphError, got ${String(error)}`);
      assert.equal(error.code, code);
      return true;
    });
  }

  /** Runs delta rounds until the deltaLink; returns every item and the page count. */
  async function round(folderId: string, cursor: string | null): Promise<{ items: GraphDeltaItem[]; deltaLink: string; pages: number }> {
    const items: GraphDeltaItem[] = [];
    let pages = 0;
    for (let next: string | null = cursor, first = true; first || next !== null; first = false) {
      const page = await provider.delta(mailbox, folderId, next);
      pages += 1;
      items.push(...page.items);
      if (page.deltaLink !== null) return { items, deltaLink: page.deltaLink, pages };
      assert.ok(page.nextLink !== null, 'a page has either a nextLink or a deltaLink');
      next = page.nextLink;
    }
    throw new Error('unreachable');
  }

  const upserts = (items: GraphDeltaItem[]): GraphMessage[] => items.flatMap((i) => (i.kind === 'upsert' ? [i.message] : []));
  const removedIds = (items: GraphDeltaItem[]): string[] => items.flatMap((i) => (i.kind === 'removed' ? [i.id] : []));

  describe('folders', () => {
    it('lists the well-known folders by name, and custom folders below them', async () => {
      const projects = fx.outlook.createFolder('Projects');
      const nested = fx.outlook.createFolder('2026', projects);
      const folders = await provider.listFolders(mailbox);
      const byName = new Map(folders.map((f) => [f.wellKnownName, f]));
      for (const name of ['inbox', 'sentitems', 'deleteditems', 'archive', 'drafts']) {
        assert.equal(byName.get(name)?.id, fx.outlook.folderId(name), `${name} is listed with its well-known name`);
      }
      assert.equal(folders.find((f) => f.id === projects)?.wellKnownName, null);
      assert.equal(folders.find((f) => f.id === nested)?.parentFolderId, projects);
      assert.equal(new Set(folders.map((f) => f.id)).size, folders.length);
    });

    it('resolves a well-known folder by name, with its item count', async () => {
      await fx.outlook.deliver({ subject: 'one' });
      await fx.outlook.deliver({ subject: 'two' });
      const inbox = await provider.wellKnownFolder(mailbox, 'inbox');
      assert.equal(inbox.id, fx.outlook.folderId('inbox'));
      assert.equal(inbox.wellKnownName, 'inbox');
      assert.equal(inbox.totalItemCount, 2);
      assert.equal((await provider.wellKnownFolder(mailbox, 'sentitems')).id, fx.outlook.folderId('sentitems'));
    });
  });

  describe('reading', () => {
    it('lists messages newest first, page by page, following nextLink', async () => {
      for (let i = 0; i < 23; i++) await fx.outlook.deliver({ subject: `m${i}`, receivedAt: T0 + i * minute });
      await fx.outlook.deliver({ folder: 'archive', subject: 'elsewhere' });
      const inbox = fx.outlook.folderId('inbox');
      const seen: GraphMessage[] = [];
      let pages = 0;
      for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
        const page = await provider.listMessages(mailbox, inbox, cursor, 10);
        pages += 1;
        seen.push(...page.messages);
        cursor = page.nextLink;
      }
      assert.equal(pages, 3);
      assert.deepEqual(
        seen.map((m) => m.subject),
        Array.from({ length: 23 }, (_, i) => `m${22 - i}`),
      );
      assert.ok(seen.every((m, i) => i === 0 || (seen[i - 1] as GraphMessage).receivedAt >= m.receivedAt));
    });

    it('gets one message with the contract fields; null once it is gone', async () => {
      const delivered = await fx.outlook.deliver({
        subject: 'Quarterly plan',
        from: '"张伟" <zhang.wei@dingtalk.example>',
        to: [`"王芳" <${mailbox}>`],
        cc: ['li.lei@contoso.example'],
        text: 'Please review the plan before Friday.',
        receivedAt: T0,
        sentAt: T0 - minute,
        flagged: true,
        internetMessageId: '<plan-1@dingtalk.example>',
      });
      const message = await provider.getMessage(mailbox, delivered.id);
      assert.ok(message !== null);
      assert.equal(message.id, delivered.id);
      assert.equal(message.parentFolderId, fx.outlook.folderId('inbox'));
      assert.equal(message.subject, 'Quarterly plan');
      assert.deepEqual(message.from, { name: '张伟', address: 'zhang.wei@dingtalk.example' });
      assert.deepEqual(message.toRecipients, [{ name: '王芳', address: mailbox }]);
      assert.deepEqual(message.ccRecipients.map((r) => r.address), ['li.lei@contoso.example']);
      assert.equal(message.receivedAt, T0);
      assert.equal(message.sentAt, T0 - minute);
      assert.equal(message.internetMessageId, '<plan-1@dingtalk.example>');
      assert.equal(message.isRead, false);
      assert.equal(message.flagged, true);
      assert.equal(message.isDraft, false);
      assert.equal(message.bodyPreview, 'Please review the plan before Friday.');
      assert.equal(message.linkId, null);
      assert.ok(message.changeKey.length > 0);
      assert.ok(message.conversationId !== null);

      fx.outlook.remove(delivered.id);
      assert.equal(await provider.getMessage(mailbox, delivered.id), null);
    });

    it('returns the MIME source of a message', async () => {
      const source = mimeMessage({ subject: 'Source test', messageId: '<src-1@dingtalk.example>', body: 'exact bytes' });
      const delivered = await fx.outlook.deliver({ mime: source });
      const mime = await provider.getMime(mailbox, delivered.id);
      assert.ok(mime.equals(source));
    });
  });

  describe('import and lookup', () => {
    const reply = (): Buffer =>
      mimeMessage({
        subject: 'Re: Quarterly plan',
        messageId: '<reply-7@dingtalk.example>',
        inReplyTo: '<plan-1@dingtalk.example>',
        references: '<root-0@dingtalk.example> <plan-1@dingtalk.example>',
        cc: 'li.lei@contoso.example',
        date: 'Mon, 05 Jan 2026 09:30:00 +0800',
        received: 'Mon, 05 Jan 2026 09:31:00 +0800',
        body: 'Looks good to me.',
      });

    it('imports MIME as a received, non-draft message stamped with the link id, threading kept', async () => {
      const inbox = fx.outlook.folderId('inbox');
      const imported = await provider.importMessage(mailbox, inbox, { mime: reply(), isRead: true, flagged: true, linkId: 'link-0001' });
      assert.equal(imported.isDraft, false);
      assert.equal(imported.isRead, true);
      assert.equal(imported.flagged, true);
      assert.equal(imported.linkId, 'link-0001');
      assert.equal(imported.parentFolderId, inbox);
      assert.equal(imported.subject, 'Re: Quarterly plan');
      assert.equal(imported.internetMessageId, '<reply-7@dingtalk.example>');
      assert.equal(imported.sentAt, Date.UTC(2026, 0, 5, 1, 30, 0));
      assert.equal(imported.receivedAt, Date.UTC(2026, 0, 5, 1, 31, 0), 'received time from the topmost Received: header');
      assert.deepEqual(imported.from, { name: '张伟', address: 'zhang.wei@dingtalk.example' });
      assert.deepEqual(imported.ccRecipients.map((r) => r.address), ['li.lei@contoso.example']);

      const stored = fx.outlook.message(imported.id);
      assert.equal(stored?.inReplyTo, '<plan-1@dingtalk.example>');
      assert.equal(stored?.references, '<root-0@dingtalk.example> <plan-1@dingtalk.example>');
      const mime = (await provider.getMime(mailbox, imported.id)).toString('utf8');
      assert.match(mime, /^In-Reply-To: <plan-1@dingtalk\.example>\r?$/m);
      assert.match(mime, /^References: <root-0@dingtalk\.example> <plan-1@dingtalk\.example>\r?$/m);
      assert.match(mime, /^Message-ID: <reply-7@dingtalk\.example>\r?$/im);
    });

    it('takes an explicit receivedAt over the MIME dates, and unread/unflagged as asked', async () => {
      const inbox = fx.outlook.folderId('inbox');
      const imported = await provider.importMessage(mailbox, inbox, { mime: reply(), isRead: false, flagged: false, linkId: 'link-0002', receivedAt: T0 + 5 * minute });
      assert.equal(imported.receivedAt, T0 + 5 * minute);
      assert.equal(imported.isRead, false);
      assert.equal(imported.flagged, false);
      assert.equal(imported.isDraft, false);
    });

    it('finds a message by link id anywhere in the mailbox; null when nothing carries it', async () => {
      const imported = await provider.importMessage(mailbox, fx.outlook.folderId('inbox'), { mime: reply(), isRead: false, flagged: false, linkId: "link-with-'quote'" });
      fx.outlook.move(imported.id, 'archive');
      const found = await provider.findByLinkId(mailbox, "link-with-'quote'");
      assert.equal(found?.id, imported.id);
      assert.equal(found?.parentFolderId, fx.outlook.folderId('archive'));
      assert.equal(found?.linkId, "link-with-'quote'");
      assert.equal(await provider.findByLinkId(mailbox, 'link-nobody-has'), null);
    });

    it('finds every copy by internet message id; [] when none', async () => {
      await fx.outlook.deliver({ subject: 'a', internetMessageId: '<same+1@dingtalk.example>' });
      await fx.outlook.deliver({ folder: 'sentitems', subject: 'b', internetMessageId: '<same+1@dingtalk.example>' });
      await fx.outlook.deliver({ subject: 'c', internetMessageId: '<other@dingtalk.example>' });
      const found = await provider.findByInternetMessageId(mailbox, '<same+1@dingtalk.example>');
      assert.deepEqual(found.map((m) => m.subject).sort(), ['a', 'b']);
      assert.deepEqual(await provider.findByInternetMessageId(mailbox, '<missing@dingtalk.example>'), []);
    });
  });

  describe('writing', () => {
    it('updates read state, flag and link id; the change key moves on', async () => {
      const delivered = await fx.outlook.deliver({ subject: 'to update' });
      const read = await provider.updateMessage(mailbox, delivered.id, { isRead: true, flagged: true });
      assert.equal(read.isRead, true);
      assert.equal(read.flagged, true);
      assert.notEqual(read.changeKey, delivered.changeKey);
      const linked = await provider.updateMessage(mailbox, delivered.id, { linkId: 'link-0003' });
      assert.equal(linked.linkId, 'link-0003');
      assert.equal((await provider.getMessage(mailbox, delivered.id))?.linkId, 'link-0003');
      assert.equal((await provider.findByLinkId(mailbox, 'link-0003'))?.id, delivered.id);
      const unlinked = await provider.updateMessage(mailbox, delivered.id, { linkId: null, flagged: false });
      assert.equal(unlinked.linkId, null);
      assert.equal(unlinked.flagged, false);
      assert.equal((await provider.getMessage(mailbox, delivered.id))?.linkId, null);
    });

    it('applies an update whose If-Match is current and refuses a stale one with GRAPH_ERR_PRECONDITION', async () => {
      const delivered = await fx.outlook.deliver({ subject: 'contended' });
      const first = await provider.updateMessage(mailbox, delivered.id, { isRead: true }, delivered.changeKey);
      fx.outlook.flag(delivered.id); // the user acts in Outlook meanwhile
      await rejectsWith(provider.updateMessage(mailbox, delivered.id, { isRead: false }, first.changeKey), ErrorCodes.GRAPH_ERR_PRECONDITION);
      assert.equal(fx.outlook.message(delivered.id)?.isRead, true, 'the refused update changed nothing');
    });

    it('updates many messages in batches and reports failures per item, in input order', async () => {
      const delivered: SandboxMessage[] = [];
      for (let i = 0; i < 25; i++) delivered.push(await fx.outlook.deliver({ subject: `bulk ${i}` }));
      const gone = delivered[7];
      assert.ok(gone !== undefined);
      fx.outlook.purge(gone.id);
      const results = await provider.updateMessages(
        mailbox,
        delivered.map((m, i) => ({ id: m.id, patch: { isRead: true, flagged: i % 2 === 0 } })),
      );
      assert.equal(results.length, 25);
      results.forEach((result, i) => {
        const expected = delivered[i];
        if (i === 7) {
          assert.ok(result instanceof GraphError && result.code === ErrorCodes.GRAPH_ERR_NOT_FOUND, 'the purged message fails alone');
          return;
        }
        assert.ok(!(result instanceof Error), `item ${i} succeeded`);
        assert.equal(result.id, expected?.id);
        assert.equal(result.isRead, true);
        assert.equal(result.flagged, i % 2 === 0);
        assert.equal(fx.outlook.message(result.id)?.isRead, true);
      });
      assert.deepEqual(await provider.updateMessages(mailbox, []), []);
    });

    it('moves a message keeping its id; the change key and folder change', async () => {
      const delivered = await fx.outlook.deliver({ subject: 'to archive', linkId: 'link-0004' });
      const moved = await provider.moveMessage(mailbox, delivered.id, fx.outlook.folderId('archive'));
      assert.equal(moved.id, delivered.id);
      assert.equal(moved.parentFolderId, fx.outlook.folderId('archive'));
      assert.notEqual(moved.changeKey, delivered.changeKey);
      assert.equal(moved.linkId, 'link-0004');
      assert.equal((await provider.getMessage(mailbox, delivered.id))?.parentFolderId, fx.outlook.folderId('archive'));
    });
  });

  describe('delta', () => {
    it('pages the first round, then reports creates, updates, removals and moves', async () => {
      const inbox = fx.outlook.folderId('inbox');
      const archive = fx.outlook.folderId('archive');
      const seeded: SandboxMessage[] = [];
      for (let i = 0; i < 2 * fx.deltaPageSize + 1; i++) seeded.push(await fx.outlook.deliver({ subject: `d${i}`, receivedAt: T0 + i * minute, linkId: `link-d${i}` }));
      const first = await round(inbox, null);
      assert.equal(first.pages, 3);
      assert.deepEqual(new Set(upserts(first.items).map((m) => m.id)), new Set(seeded.map((m) => m.id)));
      assert.equal(upserts(first.items).find((m) => m.id === seeded[0]?.id)?.linkId, 'link-d0');
      assert.deepEqual(removedIds(first.items), []);
      const archiveRound = await round(archive, null);

      const [read, moved, deleted] = seeded as [SandboxMessage, SandboxMessage, SandboxMessage];
      const arrived = await fx.outlook.deliver({ subject: 'new arrival' });
      fx.outlook.markRead(read.id);
      fx.outlook.move(moved.id, 'archive');
      fx.outlook.remove(deleted.id);

      const second = await round(inbox, first.deltaLink);
      const changed = new Map(upserts(second.items).map((m) => [m.id, m]));
      assert.equal(changed.get(arrived.id)?.subject, 'new arrival');
      assert.equal(changed.get(read.id)?.isRead, true);
      assert.ok(!changed.has(moved.id) && !changed.has(deleted.id));
      assert.deepEqual(new Set(removedIds(second.items)), new Set([moved.id, deleted.id]));

      const destination = await round(archive, archiveRound.deltaLink);
      assert.deepEqual(upserts(destination.items).map((m) => [m.id, m.parentFolderId]), [[moved.id, archive]], 'a move is a create in the destination');

      const quiet = await round(inbox, second.deltaLink);
      assert.deepEqual(quiet.items, []);
    });

    it('fails a stale token with GRAPH_ERR_SYNC_STATE_GONE; a new round starts over', async () => {
      const inbox = fx.outlook.folderId('inbox');
      await fx.outlook.deliver({ subject: 'before' });
      const first = await round(inbox, null);
      fx.expireDeltaTokens();
      await rejectsWith(provider.delta(mailbox, inbox, first.deltaLink), ErrorCodes.GRAPH_ERR_SYNC_STATE_GONE);
      await fx.outlook.deliver({ subject: 'after' });
      const again = await round(inbox, null);
      assert.deepEqual(upserts(again.items).map((m) => m.subject).sort(), ['after', 'before']);
    });
  });

  describe('subscriptions', () => {
    it('creates after the validation handshake, notifies changes with clientState and message id, renews and deletes', async () => {
      const inbox = fx.outlook.folderId('inbox');
      const expiresAt = Date.now() + 60 * minute;
      const subscription = await provider.createSubscription(mailbox, {
        folderId: inbox,
        notificationUrl: fx.webhook.notificationUrl,
        lifecycleNotificationUrl: fx.webhook.lifecycleNotificationUrl,
        clientState: CLIENT_STATE,
        expiresAt,
      });
      assert.ok(fx.webhook.handshakes >= 1, 'the notification URL was validated');
      assert.equal(subscription.clientState, CLIENT_STATE);
      assert.equal(subscription.changeType, 'created,updated,deleted');
      assert.match(subscription.resource, /mailFolders\('.+'\)\/messages$/);
      assert.ok(Math.abs(subscription.expiresAt - expiresAt) < 1000);

      const delivered = await fx.outlook.deliver({ subject: 'notify me' });
      await fx.webhook.waitFor(() => fx.webhook.notifications.some((n) => n.messageId === delivered.id), 'a created notification');
      const note = fx.webhook.notifications.find((n) => n.messageId === delivered.id);
      assert.equal(note?.subscriptionId, subscription.id);
      assert.equal(note?.changeType, 'created');
      assert.equal(note?.clientState, CLIENT_STATE);

      const renewed = await provider.renewSubscription(subscription.id, expiresAt + 30 * minute);
      assert.equal(renewed.id, subscription.id);
      assert.ok(Math.abs(renewed.expiresAt - (expiresAt + 30 * minute)) < 1000);

      await provider.deleteSubscription(subscription.id);
      await rejectsWith(provider.renewSubscription(subscription.id, expiresAt), ErrorCodes.GRAPH_ERR_NOT_FOUND);
      await provider.deleteSubscription(subscription.id); // already gone: still fine
    });

    it('caps an expiry beyond the documented maximum (4,230 min) and reports the real one', async () => {
      const subscription = await provider.createSubscription(mailbox, {
        folderId: fx.outlook.folderId('inbox'),
        notificationUrl: fx.webhook.notificationUrl,
        lifecycleNotificationUrl: fx.webhook.lifecycleNotificationUrl,
        clientState: CLIENT_STATE,
        expiresAt: Date.now() + 30 * 24 * 60 * minute,
      });
      assert.ok(subscription.expiresAt <= Date.now() + 4230 * minute);
      assert.ok(subscription.expiresAt > Date.now() + 4200 * minute);
      const renewed = await provider.renewSubscription(subscription.id, Date.now() + 10_080 * minute);
      assert.ok(renewed.expiresAt <= Date.now() + 4230 * minute);
    });
  });
}
