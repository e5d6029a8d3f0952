import type { Progress } from '../../../../../shared/progress.js';
import type { AuditInput } from '../../../../../server/audit/audit-log.js';
import { openStore, type Store } from '../../../../../server/store/store.js';
import { DingTalkSide, formatImapId } from '../../../../../server/sync/mail/dingtalk-side.js';
import { ExchangeSide } from '../../../../../server/sync/mail/exchange-side.js';
import type { AuditSink, RetryPolicy } from '../../../../../server/sync/mail/executor.js';
import { folderMap, type FolderMap } from '../../../../../server/sync/mail/folders.js';
import { MailboxSync } from '../../../../../server/sync/mail/mailbox-sync.js';
import { MailSyncStore } from '../../../../../server/sync/mail/mail-sync-store.js';
import type { FolderKey, Side } from '../../../../../server/sync/mail/model.js';
import type { BreakerConfig } from '../../../../../server/sync/mail/plan.js';
import { memoryLogger } from '../../../../helpers/silent-logger.js';
import { FakeGraph } from './fake-graph.js';
import { FakeMailbox } from './fake-mailbox.js';
import type { Glitches, KillSwitch } from './kill-switch.js';

export const MAILBOX = 'li.na@contoso.example';

/** Where each logical folder lives in the fakes (the default mapping resolves to these). */
export const IMAP_PATHS: Record<string, FolderKey> = { INBOX: 'inbox', 已发送: 'sent', Archive: 'archive', 已删除: 'trash' };
export const GRAPH_FOLDERS: Record<string, FolderKey> = { 'F-inbox': 'inbox', 'F-sentitems': 'sent', 'F-archive': 'archive', 'F-deleteditems': 'trash' };
export const PATH_OF: Record<FolderKey, string> = { inbox: 'INBOX', sent: '已发送', archive: 'Archive', trash: '已删除' };
export const GRAPH_OF: Record<FolderKey, string> = { inbox: 'inbox', sent: 'sentitems', archive: 'archive', trash: 'deleteditems' };

export interface Held {
  side: Side;
  sideId: string;
  messageId: string | null;
  folder: FolderKey;
  seen: boolean;
  flagged: boolean;
}

export interface EngineOptions {
  kill?: KillSwitch;
  glitches?: Glitches;
  breaker?: Partial<BreakerConfig>;
  priority?: Side;
  retry?: RetryPolicy;
  onProgress?: (progress: Progress) => void;
  /** steps with writes at once (the engine's default is 4) */
  concurrency?: number;
}

/** Both fake mailboxes, a migrated SQLite store and a factory for engines over them (fresh after a "crash"). */
export class World {
  readonly graph = new FakeGraph();
  readonly imap = new FakeMailbox();
  readonly folders: FolderMap = folderMap();
  readonly clock = { now: Date.UTC(2026, 10, 2, 8) };
  readonly log = memoryLogger('warn');
  readonly auditEntries: AuditInput[] = [];
  private ids = 0;

  private constructor(readonly store: Store) {}

  static async open(store?: Store): Promise<World> {
    return new World(store ?? (await openStore('sqlite::memory:')));
  }

  get mail(): MailSyncStore {
    return new MailSyncStore(this.store.db, () => this.clock.now);
  }

  engine(options: EngineOptions = {}): MailboxSync {
    const kill = options.kill;
    const wrap = <T extends object>(label: string, target: T): T => (kill === undefined ? target : kill.wrap(label, target));
    const audit: AuditSink = {
      append: async (input) => {
        const entry = await this.store.audit.append(input);
        this.auditEntries.push(input);
        return entry;
      },
    };
    const glitches = options.glitches;
    const graph = wrap('graph', glitches === undefined ? this.graph : glitches.wrap('graph', this.graph));
    const imap = wrap('imap', glitches === undefined ? this.imap : glitches.wrap('imap', this.imap));
    return new MailboxSync({
      mailbox: MAILBOX,
      store: wrap('store', new MailSyncStore(this.store.db, () => this.clock.now)),
      sides: {
        dingtalk: new DingTalkSide({ provider: imap, folders: this.folders, logger: this.log.logger }),
        exchange: new ExchangeSide({ provider: graph, mailbox: MAILBOX, folders: this.folders, logger: this.log.logger }),
      },
      folders: this.folders,
      audit: wrap('audit', audit),
      logger: this.log.logger,
      clock: () => this.clock.now,
      newId: () => `id${(this.ids += 1).toString(36)}`,
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...(options.breaker !== undefined ? { breaker: options.breaker } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    });
  }

  /** What each side holds in the mapped folders. */
  held(): Held[] {
    const out: Held[] = [];
    for (const [path, folder] of Object.entries(IMAP_PATHS)) {
      for (const m of this.imap.list(path)) {
        out.push({ side: 'dingtalk', sideId: formatImapId({ uidValidity: this.imap.uidValidityOf(path), uid: m.uid, path }), messageId: m.messageId, folder, seen: m.flags.seen, flagged: m.flags.flagged });
      }
    }
    for (const m of this.graph.all()) {
      const folder = GRAPH_FOLDERS[m.parentFolderId];
      if (folder !== undefined) out.push({ side: 'exchange', sideId: m.id, messageId: m.internetMessageId, folder, seen: m.isRead, flagged: m.flagged });
    }
    return out;
  }

  /** `messageId|folder|seen|flagged` per side, sorted: equal lists mean both sides agree. */
  view(side: Side, options: { withoutTrash?: boolean } = {}): string[] {
    return this.held()
      .filter((h) => h.side === side && (options.withoutTrash !== true || h.folder !== 'trash'))
      .map((h) => `${h.messageId}|${h.folder}|${h.seen ? 'seen' : 'unseen'}|${h.flagged ? 'flagged' : '-'}`)
      .sort();
  }

  /** Message-IDs held more than once on one side. */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const h of this.held()) seen.set(`${h.side}:${h.messageId}`, (seen.get(`${h.side}:${h.messageId}`) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/** Remote writes a run made (creates, moves, trashes, flag writes). */
export function writesOf(results: ReadonlyArray<{ report: { created: number; moved: number; trashed: number; flagWrites: number } }>): number {
  return results.reduce((n, r) => n + r.report.created + r.report.moved + r.report.trashed + r.report.flagWrites, 0);
}

/** Syncs every folder until a pass plans nothing at all (at most `rounds` passes); returns the passes used. */
export async function quiesce(engine: MailboxSync, rounds = 6): Promise<number> {
  for (let i = 1; i <= rounds; i++) {
    const results = await engine.syncAll();
    if (results.every((r) => r.planned === 0 && r.report.quarantined === 0)) return i;
  }
  throw new Error(`no quiescence after ${rounds} passes`);
}
