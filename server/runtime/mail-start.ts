import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { GraphClient } from '../connectors/graph/graph-client.js';
import { openImapMailbox } from '../connectors/mailbox/imap-mailbox.js';
import type { MailAccountStore } from '../mail-accounts/mail-account-store.js';
import type { Store } from '../store/store.js';
import { startMailSandbox, type MailSandbox } from './mail-sandbox.js';
import { MailSyncHost, type MailAccountRuntime } from './mail-sync-host.js';

export interface StartedMailSync {
  host: MailSyncHost;
  sandbox: MailSandbox | null;
  close(): Promise<void>;
}

/**
 * Starts the mail sync. Sandbox mode: the demo's Graph sandbox and DingTalk mailboxes, with the Graph
 * sandbox posting notifications to this backend on loopback. Otherwise: Microsoft Graph with the
 * configured app, and one IMAP connection per enabled mail account (Admin → mail accounts), its client
 * password read from the encrypted secret store.
 */
export async function startMailSync(
  config: Config,
  store: Store,
  accounts: MailAccountStore | null,
  logger: Logger,
  loopbackUrl: string,
  publicUrl: string,
): Promise<StartedMailSync> {
  const options = { store, logger, deltaSeconds: config.mail.deltaSeconds, reconcileMinutes: config.mail.reconcileMinutes };
  if (config.sandboxMode) {
    const sandbox = await startMailSandbox({ people: store.directory, count: config.sandbox.demoMailboxes, intervalSeconds: config.sandbox.demoMailIntervalSeconds, logger });
    const host = new MailSyncHost({ ...options, graph: sandbox.graph, accounts: sandbox.accounts });
    await host.start(loopbackUrl);
    return {
      host,
      sandbox,
      async close() {
        await host.close();
        await sandbox.close();
      },
    };
  }
  const graphConfig = config.mail.graph;
  if (graphConfig === null) throw new Error('mail sync needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET');
  if (accounts === null) throw new Error('mail sync needs a master key for the stored client passwords (BRIDGE_MASTER_KEY)');
  const graph = new GraphClient({ ...graphConfig, logger: logger.child({ component: 'graph' }) });
  const runtimeAccounts: MailAccountRuntime[] = [];
  for (const account of await accounts.list()) {
    if (!account.enabled) continue;
    const password = await accounts.password(account.mailbox);
    if (password === null) {
      logger.warn({ mailbox: account.mailbox }, 'mail account has no stored client password; skipped');
      continue;
    }
    runtimeAccounts.push({
      mailbox: account.mailbox,
      dingtalkAddress: account.dingtalkAddress,
      provider: openImapMailbox({ host: account.imapHost, port: account.imapPort, secure: true, user: account.dingtalkAddress, password, logger: logger.child({ component: 'imap', mailbox: account.mailbox }) }),
    });
  }
  const host = new MailSyncHost({ ...options, graph, accounts: runtimeAccounts });
  await host.start(publicUrl);
  return {
    host,
    sandbox: null,
    async close() {
      await host.close();
      await graph.close();
    },
  };
}
