import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DEMO_SUPER_ADMIN } from '../config.js';
import { GraphClient } from '../connectors/graph/graph-client.js';
import type { DirectoryPerson } from '../directory/model.js';
import type { DevInboxMessage } from '../http/devhost-routes.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import { buildGraphSandbox, type GraphSandbox } from '../sandbox/graph/app.js';
import { startDemoMail } from '../sandbox/mailbox/demo-mail.js';
import { createSandboxMailbox, type SandboxMailbox } from '../sandbox/mailbox/sandbox-mailbox.js';
import type { MailAccountRuntime } from './mail-sync-host.js';

export interface MailSandbox {
  graph: GraphClient;
  graphSandbox: GraphSandbox;
  accounts: MailAccountRuntime[];
  /** the demo's DingTalk mailboxes, by DingTalk address */
  mailboxes: Map<string, SandboxMailbox>;
  close(): Promise<void>;
}

/** Mail already in the demo mailboxes at start, so the backfill has something to show. */
const DEV_INBOX_SIZE = 30;
const SEED_DINGTALK_MAILS = 4;

/**
 * The demo's mail world in sandbox mode: a Graph sandbox on loopback (the real GraphClient talks to it
 * over HTTP, like to Microsoft), one in-process DingTalk mailbox per demo person (the same contract as
 * the IMAP connector, run against Dovecot in the tests), a little mail on both sides, and new DingTalk
 * mail every `intervalSeconds`. Demo people: the dev host's default user first, then others with an
 * e-mail (their Exchange mailbox); the DingTalk mailbox is their org e-mail, or one made up like it.
 */
export async function startMailSandbox(options: { people: DirectoryRepository; count: number; intervalSeconds: number; logger: Logger }): Promise<MailSandbox> {
  const logger = options.logger.child({ component: 'mail-sandbox' });
  const graphSandbox = await buildGraphSandbox({});
  await graphSandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(graphSandbox.app.server.address() as AddressInfo).port}`;
  const graph = new GraphClient({
    tenantId: graphSandbox.tenantId,
    clientId: graphSandbox.clientId,
    clientSecret: graphSandbox.clientSecret,
    tokenEndpoint: `${origin}/${graphSandbox.tenantId}/oauth2/v2.0/token`,
    baseUrl: `${origin}/v1.0`,
    logger: logger.child({ component: 'graph' }),
  });

  const usable = (p: DirectoryPerson | null): p is DirectoryPerson => p !== null && p.active && p.email !== null;
  const defaultUserId = await options.people.useridByEmail(DEMO_SUPER_ADMIN);
  const defaultUser = defaultUserId === null ? null : await options.people.getPerson(defaultUserId);
  const others = (await options.people.peoplePage(null, 500)).filter((p) => usable(p) && p.userid !== defaultUserId);
  const chosen = [...(usable(defaultUser) ? [defaultUser] : []), ...others].slice(0, options.count);
  const mailboxes = new Map<string, SandboxMailbox>();
  const accounts: MailAccountRuntime[] = chosen.map((person) => {
    // People without a provisioned DingTalk mailbox get one in the demo, named like the provisioned ones.
    const address = (person.orgEmail ?? (person.email as string).replace(/@.*/, '@mail.dingdemo.example.com')).toLowerCase();
    const provider = createSandboxMailbox({ address });
    mailboxes.set(address, provider);
    return { mailbox: (person.email as string).toLowerCase(), dingtalkAddress: address, provider };
  });

  const demo = startDemoMail({ mailboxes, intervalMs: Math.max(options.intervalSeconds, 1) * 1000, logger });
  for (let i = 0; i < SEED_DINGTALK_MAILS * accounts.length; i++) await demo.deliverNow();
  for (const account of accounts) {
    graphSandbox.mailbox(account.mailbox).deliver({
      subject: '客户变更：交货期提前到周五',
      from: { name: 'Acme Procurement', address: 'buyer@acme.example.com' },
      to: [account.mailbox],
      text: 'Please confirm the new delivery date by Thursday noon.',
      internetMessageId: `<acme-${account.mailbox}@acme.example.com>`,
    });
  }
  if (options.intervalSeconds === 0) demo.stop();
  logger.info({ mailboxes: accounts.map((a) => a.mailbox), graph: origin }, 'demo mailboxes ready');

  return {
    graph,
    graphSandbox,
    accounts,
    mailboxes,
    async close() {
      demo.stop();
      await graph.close();
      await graphSandbox.close();
    },
  };
}

/**
 * The viewer's Outlook inbox, newest first, for the dev host (GET /api/devhost/outlook-inbox), read the
 * way the sync reads Exchange: through the Graph client, against the sandbox.
 */
export async function devInboxOf(sandbox: MailSandbox, viewer: string): Promise<DevInboxMessage[]> {
  const mailbox = viewer.toLowerCase();
  const inbox = await sandbox.graph.wellKnownFolder(mailbox, 'inbox');
  const page = await sandbox.graph.listMessages(mailbox, inbox.id, null, DEV_INBOX_SIZE);
  return page.messages.flatMap((m) =>
    m.internetMessageId === null
      ? []
      : [
          {
            id: m.id,
            internetMessageId: m.internetMessageId,
            conversationId: m.conversationId ?? m.id,
            subject: m.subject,
            from: { name: m.from?.name ?? '', email: m.from?.address ?? '' },
            to: m.toRecipients.map((t) => ({ name: t.name, email: t.address })),
            body: m.bodyPreview,
            receivedAt: m.receivedAt,
            isRead: m.isRead,
          },
        ],
  );
}
