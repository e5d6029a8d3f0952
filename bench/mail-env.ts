import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GraphMailProvider } from '../server/connectors/graph/contract.js';
import { GraphClient } from '../server/connectors/graph/graph-client.js';
import { composeMessage } from '../server/connectors/mailbox/mime.js';
import { buildGraphSandbox, type GraphSandbox } from '../server/sandbox/graph/app.js';
import type { MailChange } from '../server/sandbox/graph/mail-store.js';
import type { SandboxMailbox } from '../server/sandbox/mailbox/sandbox-mailbox.js';
import { DingTalkSide } from '../server/sync/mail/dingtalk-side.js';
import { ExchangeSide } from '../server/sync/mail/exchange-side.js';
import type { AuditSink } from '../server/sync/mail/executor.js';
import type { FolderMap } from '../server/sync/mail/folders.js';
import { MailboxSync } from '../server/sync/mail/mailbox-sync.js';
import type { MailSyncStore } from '../server/sync/mail/mail-sync-store.js';

/**
 * Shared set-up of the mail-sync benchmarks: the Graph sandbox on loopback with the real GraphClient,
 * DingTalk sandbox mailboxes filled with composed messages, counting proxies in front of both providers,
 * and one engine per mailbox pair. Nothing here measures anything.
 */

export interface GraphLimits {
  concurrencyPerMailbox: number;
  budgetPerWindow: number;
  budgetWindowMs: number;
}

/** Outlook's per app × mailbox limits (microsoft.md §7.1): 4 in flight, 10,000 requests per 10 minutes. */
export const DOCUMENTED_GRAPH_LIMITS: Readonly<GraphLimits> = Object.freeze({ concurrencyPerMailbox: 4, budgetPerWindow: 10_000, budgetWindowMs: 10 * 60_000 });

export interface GraphBenchEnv {
  sandbox: GraphSandbox;
  client: GraphClient;
  /** `http://127.0.0.1:{port}` */
  origin: string;
  /** Replaces what sees every sandbox mailbox change (visibility checks); null for nothing. */
  onChange(listener: ((change: MailChange) => void) | null): void;
  close(): Promise<void>;
}

/** The Graph sandbox listening on loopback and the real client pointed at it, with the same limits on both. */
export async function startGraph(limits: GraphLimits, logger: Logger, mailboxes: string[] = [], latencyMs = 0): Promise<GraphBenchEnv> {
  let listener: ((change: MailChange) => void) | null = null;
  const sandbox = await buildGraphSandbox({
    mailboxes,
    // latencyMs: the sandbox's delay before every response (0: loopback speed)
    knobs: { concurrencyPerMailbox: limits.concurrencyPerMailbox, budgetPerWindow: limits.budgetPerWindow, budgetWindowMs: limits.budgetWindowMs, latencyMs },
    onChange: (change) => listener?.(change),
  });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = sandbox.app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const client = new GraphClient({
    tenantId: sandbox.tenantId,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    tokenEndpoint: `${origin}/{tenant}/oauth2/v2.0/token`,
    baseUrl: `${origin}/v1.0`,
    logger,
    concurrencyPerMailbox: limits.concurrencyPerMailbox,
    budgetPerWindow: limits.budgetPerWindow,
    budgetWindowMs: limits.budgetWindowMs,
  });
  return {
    sandbox,
    client,
    origin,
    onChange: (next) => void (listener = next),
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}

/** Calls per method name made through a counting proxy. */
export class CallCounter {
  readonly calls: Record<string, number> = {};

  total(): number {
    return Object.values(this.calls).reduce((sum, n) => sum + n, 0);
  }

  snapshot(): Record<string, number> {
    return { ...this.calls };
  }

  /** calls per method since `before` (methods without new calls left out) */
  since(before: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, n] of Object.entries(this.calls)) if (n !== (before[name] ?? 0)) out[name] = n - (before[name] ?? 0);
    return out;
  }
}

/**
 * A proxy that counts every method call before passing it on. Methods run with the target as `this`
 * (GraphClient keeps its state in #private fields, which a proxy receiver cannot reach).
 */
export function counting<T extends object>(target: T, counter: CallCounter): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        counter.calls[property] = (counter.calls[property] ?? 0) + 1;
        return Reflect.apply(value as (...a: unknown[]) => unknown, object, args);
      };
    },
  });
}

/** One DingTalk mailbox ⇄ Exchange mailbox pairing and what its providers were asked. */
export interface MailPair {
  mailbox: string;
  /** the DingTalk sandbox mailbox itself: user actions and visibility checks go here, uncounted */
  imap: SandboxMailbox;
  /** MailboxProvider calls the engine made (each one IMAP command or a few on a real server) */
  imapCalls: CallCounter;
  /** GraphMailProvider calls the engine made; HTTP requests are counted by GraphClient.stats() */
  graphCalls: CallCounter;
  engine: MailboxSync;
}

export interface PairInput {
  mailbox: string;
  imap: SandboxMailbox;
  graph: GraphMailProvider;
  store: MailSyncStore;
  audit: AuditSink;
  folders: FolderMap;
  logger: Logger;
}

export function createPair(input: PairInput): MailPair {
  const imapCalls = new CallCounter();
  const graphCalls = new CallCounter();
  const provider = counting(input.imap, imapCalls);
  const graph = counting(input.graph, graphCalls);
  const engine = new MailboxSync({
    mailbox: input.mailbox,
    store: input.store,
    sides: {
      dingtalk: new DingTalkSide({ provider, folders: input.folders, logger: input.logger }),
      exchange: new ExchangeSide({ provider: graph, mailbox: input.mailbox, folders: input.folders, logger: input.logger }),
    },
    folders: input.folders,
    audit: input.audit,
    logger: input.logger,
  });
  return { mailbox: input.mailbox, imap: input.imap, imapCalls, graphCalls, engine };
}

/** Graph HTTP requests made so far for one mailbox (every attempt, retries included). */
export function graphRequests(client: GraphClient, mailbox: string): { requests: number; throttled: number; retries: number } {
  const lane = client.stats().lanes[mailbox.toLowerCase()];
  return { requests: lane?.requests ?? 0, throttled: lane?.throttled ?? 0, retries: lane?.retries ?? 0 };
}

const PEOPLE = [
  { name: '张伟', address: 'zhang.wei@dingtalk.example' },
  { name: '李娜', address: 'li.na@dingtalk.example' },
  { name: '王芳', address: 'wang.fang@dingtalk.example' },
  { name: 'Peter Müller', address: 'peter.mueller@partner.example' },
];

const BODY = [
  '各位好，附上本周项目进展，请在周五前反馈意见。',
  'Please find the weekly status below; comments welcome before Friday.',
  '1. 海关申报系统对接已完成联调。',
  '2. The Outlook add-in passed the accessibility review.',
  '3. 下周安排上线演练，请各组确认值班人员。',
].join('\n');

export function benchMessageId(i: number, date: Date): string {
  return `<bench-${i}-${date.getTime()}@dingtalk.example>`;
}

/** A typical small business mail (~1.5 KB of MIME: headers, UTF-8 subject and names, plain-text body). */
export async function benchMessage(i: number, owner: string, outgoing: boolean, date: Date): Promise<Buffer> {
  const person = PEOPLE[i % PEOPLE.length] as (typeof PEOPLE)[number];
  const me = { name: '基准 用户', address: owner };
  return composeMessage({
    from: outgoing ? me : person,
    to: [outgoing ? person : me],
    subject: `项目周报 #${i}: customs integration status`,
    text: `${BODY}\n\n-- ${i}`,
    messageId: benchMessageId(i, date),
    date,
  });
}

/** Where seeded mail goes: mostly INBOX, some Sent and Archive. */
export function seedFolderOf(i: number): 'INBOX' | 'Sent' | 'Archive' {
  const slot = i % 100;
  return slot < 80 ? 'INBOX' : slot < 92 ? 'Sent' : 'Archive';
}

/**
 * Fills a DingTalk sandbox mailbox with `count` messages over the last 90 days: 80 % INBOX, 12 % Sent,
 * 8 % Archive; about 70 % read and 5 % flagged.
 */
export async function seedDingTalk(imap: SandboxMailbox, count: number, now = Date.now()): Promise<void> {
  const span = 90 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const receivedAt = now - span + Math.floor((span * i) / Math.max(1, count));
    const folder = seedFolderOf(i);
    const raw = await benchMessage(i, imap.address, folder === 'Sent', new Date(receivedAt));
    await imap.deliver(raw, { folder, receivedAt, seen: folder === 'Sent' || i % 10 < 7, flagged: i % 20 === 0 });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
