import { ErrorCodes } from '../../../shared/errors.js';
import type {
  FolderChanges,
  FolderCursor,
  MailboxCapabilities,
  MailboxFolder,
  MailboxMessage,
  MailboxProvider,
  MailFlags,
  SpecialUse,
} from '../../connectors/mailbox/contract.js';
import { MailboxError } from '../../connectors/mailbox/mailbox-error.js';
import { normaliseMessageId } from '../../connectors/mailbox/mime.js';
import { parseMessageHeaders } from './parse-message.js';
import { SandboxFolder } from './sandbox-folder.js';

export interface SandboxMailboxOptions {
  /** the mailbox's address, used by createSandboxSender; default sandbox@example.com */
  address?: string;
  /** extra folders beyond INBOX/Sent/Trash/Archive/Drafts/Junk */
  folders?: readonly string[];
  /** clock for deliveries (INTERNALDATE); default Date.now */
  clock?: () => number;
}

/** What tests and the demo do to the mailbox "from outside" (mail arriving, the user in another client). */
export interface SandboxMailboxControls {
  readonly address: string;
  /** a message arrives (default INBOX); returns its UID */
  deliver(raw: Buffer, options?: { seen?: boolean; flagged?: boolean; folder?: string; receivedAt?: number }): Promise<number>;
  userSetFlags(path: string, uid: number, flags: Partial<MailFlags>): Promise<void>;
  userMove(path: string, uid: number, destinationPath: string): Promise<number | null>;
  userDelete(path: string, uid: number): Promise<void>;
  /** the folder gets a new UIDVALIDITY and its messages new UIDs (a server-side rebuild) */
  resetUidValidity(path: string): Promise<void>;
  /** expunges every message of the folder */
  emptyFolder(path: string): Promise<void>;
  /** the next provider call (any method) rejects with `error`: scripted failures for engine tests */
  failNext(error: MailboxError): void;
}

export type SandboxMailbox = MailboxProvider & SandboxMailboxControls;

const STANDARD_FOLDERS: ReadonlyArray<[string, SpecialUse]> = [
  ['INBOX', '\\Inbox'],
  ['Sent', '\\Sent'],
  ['Drafts', '\\Drafts'],
  ['Archive', '\\Archive'],
  ['Trash', '\\Trash'],
  ['Junk', '\\Junk'],
];

let uidValiditySeed = Math.floor(Date.now() / 1000);

/**
 * An in-memory DingTalk mailbox for the demo and for tests of the sync engine: behaves like an IMAP
 * server with SPECIAL-USE, CONDSTORE, QRESYNC, IDLE, MOVE and UIDPLUS (what Dovecot offers), and runs the
 * same contract suite as the IMAP provider. Watchers are called (once per event-loop turn) after every
 * change to their folder, whoever made it.
 */
export function createSandboxMailbox(options: SandboxMailboxOptions = {}): SandboxMailbox {
  const clock = options.clock ?? Date.now;
  const folders = new Map<string, SandboxFolder>();
  const watchers = new Map<string, Set<() => void>>();
  const failures: MailboxError[] = [];
  let closed = false;

  const addFolder = (path: string, use: SpecialUse | null): void => {
    uidValiditySeed += 1;
    folders.set(path, new SandboxFolder(path, use, uidValiditySeed));
  };
  for (const [path, use] of STANDARD_FOLDERS) addFolder(path, use);
  for (const path of options.folders ?? []) if (!folders.has(path)) addFolder(path, null);

  /** every provider call starts here: scripted failure, closed check, folder lookup */
  const enter = (path?: string): SandboxFolder => {
    const failure = failures.shift();
    if (failure !== undefined) throw failure;
    if (closed) throw new MailboxError({ code: ErrorCodes.MAIL_ERR_CONNECTION, message: 'mailbox closed', retryable: false });
    return path === undefined ? (folders.get('INBOX') as SandboxFolder) : folderOf(path);
  };
  const folderOf = (path: string): SandboxFolder => {
    const folder = folders.get(path);
    if (folder === undefined) throw new MailboxError({ code: ErrorCodes.MAIL_ERR_NO_FOLDER, message: `no such folder: ${path}` });
    return folder;
  };
  const changed = (path: string): void => {
    for (const watcher of watchers.get(path) ?? []) watcher();
  };
  const moveBetween = (from: SandboxFolder, uid: number, to: SandboxFolder): number | null => {
    const message = from.remove(uid);
    if (message === null) return null;
    const newUid = to.add(message.raw, message.headers, message.flags, message.receivedAt);
    changed(from.path);
    changed(to.path);
    return newUid;
  };
  const appendTo = async (folder: SandboxFolder, raw: Buffer, flags: MailFlags, receivedAt: number): Promise<number> => {
    const uid = folder.add(raw, await parseMessageHeaders(raw), flags, receivedAt);
    changed(folder.path);
    return uid;
  };

  return {
    address: options.address ?? 'sandbox@example.com',

    async capabilities(): Promise<MailboxCapabilities> {
      enter();
      return { idle: true, condstore: true, qresync: true, move: true, uidplus: true };
    },
    async listFolders(): Promise<MailboxFolder[]> {
      enter();
      return [...folders.values()].map((f) => ({ path: f.path, specialUse: f.specialUse }));
    },
    async ensureFolder(path: string): Promise<void> {
      enter();
      if (!folders.has(path)) addFolder(path, null);
    },
    async folderCursor(path: string): Promise<FolderCursor> {
      return enter(path).cursor();
    },
    async changesSince(path: string, cursor: FolderCursor | null, knownUids: readonly number[]): Promise<FolderChanges> {
      return enter(path).changesSince(cursor, knownUids);
    },
    async getMessage(path: string, uid: number): Promise<MailboxMessage | null> {
      return enter(path).get(uid);
    },
    async fetchRaw(path: string, uid: number): Promise<Buffer | null> {
      return enter(path).raw(uid);
    },
    async findByLinkId(path: string, linkId: string): Promise<number | null> {
      const uids = enter(path).find((h) => h.linkId === linkId);
      return uids.length === 0 ? null : Math.min(...uids);
    },
    async findByMessageId(path: string, messageId: string): Promise<number[]> {
      const wanted = normaliseMessageId(messageId);
      return enter(path).find((h) => h.messageId === wanted).sort((a, b) => a - b);
    },
    async append(path: string, raw: Buffer, flags: MailFlags, receivedAt: number): Promise<{ uid: number; uidValidity: number }> {
      const folder = enter(path);
      return { uid: await appendTo(folder, raw, flags, receivedAt), uidValidity: folder.uidValidity };
    },
    async setFlags(path: string, uid: number, flags: Partial<MailFlags>): Promise<void> {
      if (enter(path).setFlags(uid, flags)) changed(path);
    },
    async move(path: string, uid: number, destinationPath: string): Promise<number | null> {
      const from = enter(path);
      return moveBetween(from, uid, folderOf(destinationPath));
    },
    async watch(path: string, onChange: () => void): Promise<() => Promise<void>> {
      enter(path);
      let pending = false;
      const watcher = (): void => {
        if (pending) return;
        pending = true;
        setImmediate(() => {
          pending = false;
          if (watchers.get(path)?.has(watcher) === true) onChange();
        });
      };
      const set = watchers.get(path) ?? new Set();
      set.add(watcher);
      watchers.set(path, set);
      return async () => {
        set.delete(watcher);
      };
    },
    async close(): Promise<void> {
      closed = true;
      watchers.clear();
    },

    async deliver(raw, deliverOptions = {}) {
      const folder = folderOf(deliverOptions.folder ?? 'INBOX');
      const flags = { seen: deliverOptions.seen ?? false, flagged: deliverOptions.flagged ?? false };
      return appendTo(folder, raw, flags, deliverOptions.receivedAt ?? clock());
    },
    async userSetFlags(path, uid, flags) {
      if (folderOf(path).setFlags(uid, flags)) changed(path);
    },
    async userMove(path, uid, destinationPath) {
      return moveBetween(folderOf(path), uid, folderOf(destinationPath));
    },
    async userDelete(path, uid) {
      if (folderOf(path).remove(uid) !== null) changed(path);
    },
    async resetUidValidity(path) {
      const folder = folderOf(path);
      uidValiditySeed = Math.max(uidValiditySeed, folder.uidValidity) + 1;
      folder.resetUidValidity(uidValiditySeed);
      changed(path);
    },
    async emptyFolder(path) {
      const folder = folderOf(path);
      for (const uid of folder.uids()) folder.remove(uid);
      changed(path);
    },
    failNext(error) {
      failures.push(error);
    },
  };
}
