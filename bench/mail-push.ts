import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { GraphMailProvider } from '../server/connectors/graph/contract.js';
import { registerErrorHandling } from '../server/http/error-handler.js';
import { graphWebhook } from '../server/http/graph-webhook.js';
import type { GraphSandbox } from '../server/sandbox/graph/app.js';
import type { FolderMap } from '../server/sync/mail/folders.js';
import type { FolderKey } from '../server/sync/mail/model.js';
import type { MailSyncScheduler } from '../server/sync/mail/scheduler.js';
import { sleep, type MailPair } from './mail-env.js';

/** Folder paths of a DingTalk mailbox per logical folder, resolved the way DingTalkSide does (special use first). */
export async function imapPaths(pair: MailPair, folders: FolderMap): Promise<Map<FolderKey, string>> {
  const listed = await pair.imap.listFolders();
  const out = new Map<FolderKey, string>();
  for (const mapping of folders.folders) {
    const special = mapping.dingtalk.startsWith('\\') ? listed.find((f) => f.specialUse === mapping.dingtalk) : undefined;
    out.set(mapping.key, special?.path ?? mapping.dingtalk);
  }
  return out;
}

export interface PushWiring {
  subscriptions: number;
  close(): Promise<void>;
}

/**
 * Change notices as production gets them, never polling (sync-engines.md §Design implications):
 * - Exchange: one Graph subscription per mapped folder, delivered by the sandbox over HTTP to our own
 *   webhook (server/http/graph-webhook.ts on a loopback Fastify app) → scheduler.notify(…, 'exchange');
 *   a lifecycle `missed` queues every folder (microsoft.md §5.4);
 * - DingTalk: the mailbox's watch() (IMAP IDLE on a real server) → scheduler.notify(…, 'dingtalk').
 * The periodic delta and reconcile timers of the scheduler are not started.
 */
export async function wirePush(input: { scheduler: MailSyncScheduler; graph: GraphMailProvider; pairs: readonly MailPair[]; folders: FolderMap }): Promise<PushWiring> {
  const clientState = randomBytes(24).toString('base64url');
  const targets = new Map<string, { mailbox: string; folder: FolderKey }>();
  const app = Fastify({ logger: false });
  registerErrorHandling(app);
  await app.register(
    graphWebhook({
      onNotifications: (list) => {
        for (const n of list) {
          const target = targets.get(n.subscriptionId);
          if (target !== undefined) input.scheduler.notify(target.mailbox, target.folder, 'exchange');
        }
      },
      onLifecycle: (list) => {
        for (const l of list) {
          const target = targets.get(l.subscriptionId);
          if (target !== undefined && l.lifecycleEvent === 'missed') input.scheduler.notify(target.mailbox, null);
        }
      },
      clientStateFor: (id) => (targets.has(id) ? clientState : null),
    }),
    { prefix: '/hooks' },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/hooks`;

  const unwatch: Array<() => Promise<void>> = [];
  for (const pair of input.pairs) {
    for (const mapping of input.folders.folders) {
      const subscription = await input.graph.createSubscription(pair.mailbox, {
        folderId: mapping.exchange,
        notificationUrl: `${base}/graph/notifications`,
        lifecycleNotificationUrl: `${base}/graph/lifecycle`,
        clientState,
        expiresAt: Date.now() + 24 * 3_600_000,
      });
      targets.set(subscription.id, { mailbox: pair.mailbox, folder: mapping.key });
    }
    for (const [folder, path] of await imapPaths(pair, input.folders)) {
      unwatch.push(await pair.imap.watch(path, () => input.scheduler.notify(pair.mailbox, folder, 'dingtalk')));
    }
  }
  return {
    subscriptions: targets.size,
    async close() {
      for (const stop of unwatch) await stop();
      await app.close();
    },
  };
}

/**
 * Waits until nothing is left to do: every Graph notification delivered, every IMAP watch callback run
 * (they fire on the next event-loop turn), no folder sync queued, armed or running. Checked twice in a
 * row, because a sync's own writes produce notices (echoes) that arrive after it finished.
 */
export async function quiesce(sandbox: GraphSandbox, scheduler: MailSyncScheduler, mailboxes: readonly string[], debounceMs: number): Promise<void> {
  for (let calm = 0; calm < 2; ) {
    await sandbox.notificationsSettled();
    await sleep(10);
    await scheduler.idle();
    if (mailboxes.some((m) => scheduler.queueDepth(m) > 0)) {
      calm = 0;
      await sleep(debounceMs);
    } else calm += 1;
  }
}
