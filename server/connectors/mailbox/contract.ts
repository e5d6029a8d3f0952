/**
 * What the mail sync engine needs from a DingTalk Mail mailbox. DingTalk documents no REST API for
 * marking read, moving or listing changes, so the mailbox is reached as DingTalk Mail documents for mail
 * clients: IMAP (imap-mailbox.ts, imapflow) for reading, flags, moves and IDLE, SMTP (smtp-sender.ts,
 * nodemailer) for sending as the DingTalk address. The in-process sandbox (server/sandbox/mailbox/)
 * implements the same contract for the demo; both run test/server/connectors/mailbox/contract.suite.ts,
 * the IMAP one against a real Dovecot on loopback. Failures are thrown as MailboxError (mailbox-error.ts).
 */

export type SpecialUse = '\\Inbox' | '\\Sent' | '\\Trash' | '\\Archive' | '\\Drafts' | '\\Junk';

export interface MailboxFolder {
  path: string;
  /** RFC 6154 special use; `\Inbox` for INBOX */
  specialUse: SpecialUse | null;
}

/** Where a folder stood when last read; the engine stores it as the folder's cursor. */
export interface FolderCursor {
  uidValidity: number;
  uidNext: number;
  /** CONDSTORE's HIGHESTMODSEQ as a decimal string (it can exceed 2^53); null when the server lacks CONDSTORE */
  highestModseq: string | null;
  /**
   * Only without CONDSTORE: opaque id of the flags snapshot the provider took with this cursor, so the
   * next changesSince reports only real flag changes (imap-mailbox's flag-snapshots.ts). Store it with
   * the cursor; when absent or unknown, `changed` lists every message of the folder.
   */
  flagsSnapshot?: string;
}

export interface MailFlags {
  seen: boolean;
  flagged: boolean;
}

export interface MailboxMessage {
  uid: number;
  /** Message-ID header with angle brackets; null when the message has none */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  flags: MailFlags;
  subject: string;
  from: { name: string; address: string } | null;
  to: Array<{ name: string; address: string }>;
  /** epoch ms (INTERNALDATE) */
  receivedAt: number;
  size: number;
  /** the value of our `X-DTOB-Link` header when the message carries one */
  linkId: string | null;
}

export interface FolderChanges {
  cursor: FolderCursor;
  /** true when UIDVALIDITY differs from the given cursor's: every stored UID of this folder is void */
  uidValidityChanged: boolean;
  /** messages new since the cursor or whose flags changed since it */
  changed: MailboxMessage[];
  /**
   * UIDs gone since the cursor: from QRESYNC VANISHED when offered, else by comparing against `knownUids`.
   * Empty when no cursor was given.
   */
  vanished: number[];
}

export interface MailboxCapabilities {
  idle: boolean;
  condstore: boolean;
  qresync: boolean;
  move: boolean;
  uidplus: boolean;
}

export interface MailboxProvider {
  capabilities(): Promise<MailboxCapabilities>;
  listFolders(): Promise<MailboxFolder[]>;
  /** creates the folder when missing (for mapped custom folders) */
  ensureFolder(path: string): Promise<void>;
  folderCursor(path: string): Promise<FolderCursor>;
  /**
   * Changes since `cursor` (null: every message, newest first). `knownUids` are the UIDs the caller
   * holds for this folder; used to find vanished messages when QRESYNC is not available.
   */
  changesSince(path: string, cursor: FolderCursor | null, knownUids: readonly number[]): Promise<FolderChanges>;
  /** one message's metadata; null when the UID is gone */
  getMessage(path: string, uid: number): Promise<MailboxMessage | null>;
  /** the RFC 5322 source; null when the UID is gone */
  fetchRaw(path: string, uid: number): Promise<Buffer | null>;
  /** UID of the message carrying `X-DTOB-Link: linkId` (IMAP SEARCH HEADER), null when none */
  findByLinkId(path: string, linkId: string): Promise<number | null>;
  findByMessageId(path: string, messageId: string): Promise<number[]>;
  /** APPEND; the UID comes from UIDPLUS's APPENDUID, or a search by link id when the server lacks it */
  append(path: string, raw: Buffer, flags: MailFlags, receivedAt: number): Promise<{ uid: number; uidValidity: number }>;
  setFlags(path: string, uid: number, flags: Partial<MailFlags>): Promise<void>;
  /** MOVE (or COPY + \Deleted + UID EXPUNGE without MOVE); returns the new UID when known */
  move(path: string, uid: number, destinationPath: string): Promise<number | null>;
  /**
   * Calls `onChange` when the folder changes (IMAP IDLE; polling where IDLE is missing). Resolves once
   * watching; the returned function stops it.
   */
  watch(path: string, onChange: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OutgoingMail {
  raw: Buffer;
  from: string;
  to: string[];
}

/** Sends as the DingTalk address (SMTP submission). */
export interface MailSender {
  send(mail: OutgoingMail): Promise<{ messageId: string | null; accepted: string[] }>;
  close(): Promise<void>;
}

/** The header that stamps our link id on each message we create, before the create (mbsync's X-TUID idea). */
export const LINK_HEADER = 'X-DTOB-Link';
