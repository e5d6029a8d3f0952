import type {
  FolderChanges,
  FolderCursor,
  MailboxMessage,
  MailFlags,
  SpecialUse,
} from '../../connectors/mailbox/contract.js';
import type { MessageHeaders } from './parse-message.js';

interface StoredMessage {
  uid: number;
  raw: Buffer;
  headers: MessageHeaders;
  flags: MailFlags;
  modseq: number;
  receivedAt: number;
}

/**
 * One folder kept the way a CONDSTORE/QRESYNC server keeps it (RFC 3501 §2.3.1.1, RFC 7162): UIDs
 * strictly ascending and never reused within a UIDVALIDITY, every change (new message, flag change,
 * expunge) gets the next MODSEQ, expunged UIDs are remembered with their MODSEQ for VANISHED.
 */
export class SandboxFolder {
  readonly path: string;
  readonly specialUse: SpecialUse | null;
  #uidValidity: number;
  #uidNext = 1;
  #highestModseq = 1;
  readonly #messages = new Map<number, StoredMessage>();
  #expunged: Array<{ uid: number; modseq: number }> = [];

  constructor(path: string, specialUse: SpecialUse | null, uidValidity: number) {
    this.path = path;
    this.specialUse = specialUse;
    this.#uidValidity = uidValidity;
  }

  get uidValidity(): number {
    return this.#uidValidity;
  }

  cursor(): FolderCursor {
    return { uidValidity: this.#uidValidity, uidNext: this.#uidNext, highestModseq: String(this.#highestModseq) };
  }

  add(raw: Buffer, headers: MessageHeaders, flags: MailFlags, receivedAt: number): number {
    const uid = this.#uidNext;
    this.#uidNext += 1;
    this.#highestModseq += 1;
    // IMAP INTERNALDATE has whole seconds
    const time = Math.floor(receivedAt / 1000) * 1000;
    this.#messages.set(uid, { uid, raw: Buffer.from(raw), headers, flags: { ...flags }, modseq: this.#highestModseq, receivedAt: time });
    return uid;
  }

  /** true when a flag actually changed (only then does MODSEQ move, as on a real server) */
  setFlags(uid: number, flags: Partial<MailFlags>): boolean {
    const message = this.#messages.get(uid);
    if (message === undefined) return false;
    const next = { ...message.flags, ...flags };
    if (next.seen === message.flags.seen && next.flagged === message.flags.flagged) return false;
    this.#highestModseq += 1;
    message.flags = next;
    message.modseq = this.#highestModseq;
    return true;
  }

  /** the removed message's parts, for moving it elsewhere */
  remove(uid: number): { raw: Buffer; headers: MessageHeaders; flags: MailFlags; receivedAt: number } | null {
    const message = this.#messages.get(uid);
    if (message === undefined) return null;
    this.#messages.delete(uid);
    this.#highestModseq += 1;
    this.#expunged.push({ uid, modseq: this.#highestModseq });
    return message;
  }

  uids(): number[] {
    return [...this.#messages.keys()];
  }

  /** A new UIDVALIDITY: every message renumbered from 1, as after a server-side rebuild. */
  resetUidValidity(uidValidity: number): void {
    const kept = [...this.#messages.values()];
    this.#messages.clear();
    this.#expunged = [];
    this.#uidValidity = uidValidity;
    this.#uidNext = 1;
    for (const message of kept) this.add(message.raw, message.headers, message.flags, message.receivedAt);
  }

  get(uid: number): MailboxMessage | null {
    const message = this.#messages.get(uid);
    return message === undefined ? null : toMailboxMessage(message);
  }

  raw(uid: number): Buffer | null {
    const message = this.#messages.get(uid);
    return message === undefined ? null : Buffer.from(message.raw);
  }

  find(predicate: (headers: MessageHeaders) => boolean): number[] {
    return [...this.#messages.values()].filter((m) => predicate(m.headers)).map((m) => m.uid);
  }

  changesSince(since: FolderCursor | null, knownUids: readonly number[]): FolderChanges {
    const all = [...this.#messages.values()].sort((a, b) => b.uid - a.uid);
    if (since === null || since.uidValidity !== this.#uidValidity) {
      return { cursor: this.cursor(), uidValidityChanged: since !== null, changed: all.map(toMailboxMessage), vanished: [] };
    }
    if (since.highestModseq === null || !/^\d+$/.test(since.highestModseq)) {
      // a cursor without MODSEQ (not one of ours): report everything, find gone UIDs by comparison
      const vanished = knownUids.filter((uid) => !this.#messages.has(uid));
      return { cursor: this.cursor(), uidValidityChanged: false, changed: all.map(toMailboxMessage), vanished };
    }
    const modseq = Number(since.highestModseq);
    return {
      cursor: this.cursor(),
      uidValidityChanged: false,
      changed: all.filter((m) => m.modseq > modseq).map(toMailboxMessage),
      vanished: this.#expunged.filter((e) => e.modseq > modseq).map((e) => e.uid).sort((a, b) => a - b),
    };
  }
}

function toMailboxMessage(message: StoredMessage): MailboxMessage {
  return {
    uid: message.uid,
    ...message.headers,
    references: [...message.headers.references],
    to: message.headers.to.map((a) => ({ ...a })),
    from: message.headers.from === null ? null : { ...message.headers.from },
    flags: { ...message.flags },
    receivedAt: message.receivedAt,
    size: message.raw.length,
  };
}
