import { randomUUID } from 'node:crypto';
import type { MailFlags } from './contract.js';

const SEEN = 1;
const FLAGGED = 2;

interface Snapshot {
  id: string;
  uidValidity: number;
  flags: Map<number, number>;
}

/**
 * Flags of every message of a folder as last reported, for servers without CONDSTORE: IMAP4rev1 has no
 * "what changed since" query, so the only way to find flag changes is to fetch every UID's flags and
 * compare (RFC 4549 §4.3.1). Each snapshot gets an id that travels in the cursor (`flagsSnapshot`); the
 * next changesSince compares against exactly the snapshot its cursor came from. A few recent snapshots
 * are kept per folder, so retrying with the previous cursor still compares against the right one. A
 * cursor whose snapshot is unknown (process restarted) gets every message reported: more than needed,
 * never less.
 */
export class FlagSnapshots {
  readonly #byFolder = new Map<string, Snapshot[]>();
  readonly #keep: number;

  constructor(keep = 4) {
    this.#keep = keep;
  }

  save(path: string, uidValidity: number, flags: ReadonlyMap<number, MailFlags>): string {
    const packed = new Map<number, number>();
    for (const [uid, value] of flags) packed.set(uid, pack(value));
    const snapshot: Snapshot = { id: randomUUID(), uidValidity, flags: packed };
    const kept = [snapshot, ...(this.#byFolder.get(path) ?? [])].slice(0, this.#keep);
    this.#byFolder.set(path, kept);
    return snapshot.id;
  }

  /** The snapshot `id` of `path`, when we still have it and it belongs to `uidValidity`. */
  get(path: string, id: string | undefined, uidValidity: number): ReadonlyMap<number, MailFlags> | undefined {
    const snapshot = this.#byFolder.get(path)?.find((s) => s.id === id && s.uidValidity === uidValidity);
    if (snapshot === undefined) return undefined;
    const flags = new Map<number, MailFlags>();
    for (const [uid, bits] of snapshot.flags) flags.set(uid, unpack(bits));
    return flags;
  }
}

export function sameFlags(a: MailFlags | undefined, b: MailFlags): boolean {
  return a !== undefined && a.seen === b.seen && a.flagged === b.flagged;
}

function pack(flags: MailFlags): number {
  return (flags.seen ? SEEN : 0) | (flags.flagged ? FLAGGED : 0);
}

function unpack(bits: number): MailFlags {
  return { seen: (bits & SEEN) !== 0, flagged: (bits & FLAGGED) !== 0 };
}
