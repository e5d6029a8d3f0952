import type { Random } from '../dingtalk/prng.js';
import type { IdFactory } from './ids.js';
import type { MailboxState, StoredMessage } from './mail-store.js';
import type { ExpandSpec, MessagePredicate } from './odata.js';

/**
 * Per-folder message delta (microsoft.md §4.2). A round starts without a token and lists the folder's
 * current messages; later rounds list what changed since the previous round's deltaLink, read from the
 * mailbox change log: a message that entered the folder is an upsert ("created"), one that changed in it
 * an upsert ("updated"), one that left it (moved out, deleted) an `@removed`. Options given on the first
 * call (`$select`, `$expand`, changeType, `$filter`, page size) live in the token state, as Graph encodes
 * them in its tokens. Tokens are opaque strings mapped to server-side state; the map is bounded, so old
 * tokens fall out (Graph: "expiry depends on the size of an internal cache") and `expireAll()` is the knob.
 */
export interface RoundOptions {
  select: string[] | null;
  expand: ExpandSpec | null;
  changeTypes: ReadonlySet<'created' | 'updated' | 'deleted'> | null;
  receivedFilter: MessagePredicate | null;
  pageSize: number;
}

export type DeltaEntry =
  | { type: 'upsert'; id: string; changeType: 'created' | 'updated' }
  | { type: 'removed'; id: string; restId: string; reason: 'changed' | 'deleted' };

interface TokenState {
  kind: 'skip' | 'delta';
  mailboxUpn: string;
  folderId: string;
  epoch: number;
  options: RoundOptions;
  /** skip: the round's entries and where the next page starts */
  entries: DeltaEntry[];
  offset: number;
  /** skip: log position the round's deltaLink will continue from; delta: changes after this */
  seq: number;
}

export type DeltaPage =
  | { kind: 'page'; entries: Array<{ entry: DeltaEntry; message: StoredMessage | null }>; options: RoundOptions; next: { skiptoken: string } | { deltatoken: string } }
  | { kind: 'stale' };

export class DeltaEngine {
  readonly #tokens = new Map<string, TokenState>();
  #epoch = 0;

  constructor(
    private readonly ids: IdFactory,
    private readonly random: Random,
    private readonly rates: () => { duplicateDeltaItems: number; emptyDeltaPages: number },
    private readonly capacity = 10_000,
  ) {}

  /** Every token issued so far becomes stale (410 / syncStateNotFound on next use). Returns how many. */
  expireAll(): number {
    this.#epoch += 1;
    const count = this.#tokens.size;
    this.#tokens.clear();
    return count;
  }

  /** Starts a round: the folder's current messages, newest first. */
  start(mailbox: MailboxState, folderId: string, options: RoundOptions, pageSizeOverride: number | null): DeltaPage {
    const wantsCreated = options.changeTypes === null || options.changeTypes.has('created');
    const entries: DeltaEntry[] = wantsCreated
      ? mailbox
          .messagesIn(folderId)
          .filter((m) => options.receivedFilter === null || options.receivedFilter(m))
          .sort((a, b) => b.receivedAt - a.receivedAt)
          .map((m) => ({ type: 'upsert', id: m.immutableId, changeType: 'created' }))
      : [];
    return this.#page(mailbox, { kind: 'skip', mailboxUpn: mailbox.upn, folderId, epoch: this.#epoch, options, entries, offset: 0, seq: mailbox.seq }, pageSizeOverride);
  }

  /** Continues with a skiptoken or deltatoken; `stale` when the token is unknown, expired or for another folder. */
  resume(mailbox: MailboxState, folderId: string, token: string, kind: 'skip' | 'delta', pageSizeOverride: number | null): DeltaPage {
    const state = this.#tokens.get(token);
    if (state === undefined || state.kind !== kind || state.epoch !== this.#epoch || state.mailboxUpn !== mailbox.upn || state.folderId !== folderId) {
      return { kind: 'stale' };
    }
    if (state.kind === 'skip') return this.#page(mailbox, state, pageSizeOverride);
    const entries = changesSince(mailbox, folderId, state.seq, state.options);
    return this.#page(mailbox, { ...state, kind: 'skip', entries, offset: 0, seq: mailbox.seq }, pageSizeOverride);
  }

  #page(mailbox: MailboxState, round: TokenState, pageSizeOverride: number | null): DeltaPage {
    const rates = this.rates();
    const size = pageSizeOverride ?? round.options.pageSize;
    if (rates.emptyDeltaPages > 0 && this.random() < rates.emptyDeltaPages) {
      return { kind: 'page', entries: [], options: round.options, next: { skiptoken: this.#issue({ ...round }) } };
    }
    const slice = round.entries.slice(round.offset, round.offset + size);
    const entries: Array<{ entry: DeltaEntry; message: StoredMessage | null }> = [];
    for (const entry of slice) {
      if (entry.type === 'removed') {
        entries.push({ entry, message: null });
        continue;
      }
      const message = mailbox.messages.get(entry.id);
      // Left the folder while the round was paged: the next round reports the removal.
      if (message === undefined || message.folderId !== round.folderId) continue;
      entries.push({ entry, message });
      if (rates.duplicateDeltaItems > 0 && this.random() < rates.duplicateDeltaItems) entries.push({ entry, message });
    }
    const offset = round.offset + slice.length;
    const next =
      offset < round.entries.length
        ? { skiptoken: this.#issue({ ...round, offset }) }
        : { deltatoken: this.#issue({ ...round, kind: 'delta', entries: [], offset: 0 }) };
    return { kind: 'page', entries, options: round.options, next };
  }

  #issue(state: TokenState): string {
    const token = this.ids.opaque(48);
    this.#tokens.set(token, state);
    if (this.#tokens.size > this.capacity) {
      const oldest = this.#tokens.keys().next().value;
      if (oldest !== undefined) this.#tokens.delete(oldest);
    }
    return token;
  }
}

/** What happened in `folderId` after log position `since`, one entry per message, in log order. */
export function changesSince(mailbox: MailboxState, folderId: string, since: number, options: RoundOptions): DeltaEntry[] {
  const first = new Map<string, string>();
  const last = new Map<string, { kind: string; restId: string }>();
  for (let i = since; i < mailbox.log.length; i++) {
    const entry = mailbox.log[i];
    if (entry === undefined || entry.folderId !== folderId) continue;
    if (!first.has(entry.messageId)) first.set(entry.messageId, entry.kind);
    last.set(entry.messageId, { kind: entry.kind, restId: entry.restId });
  }
  const out: DeltaEntry[] = [];
  for (const [id, firstKind] of first) {
    const message = mailbox.messages.get(id);
    const inNow = message !== undefined && message.folderId === folderId;
    const wasIn = firstKind !== 'in';
    if (inNow) {
      if (options.receivedFilter !== null && !options.receivedFilter(message)) continue;
      const changeType = wasIn ? 'updated' : 'created';
      if (options.changeTypes === null || options.changeTypes.has(changeType)) out.push({ type: 'upsert', id, changeType });
    } else if (wasIn && (options.changeTypes === null || options.changeTypes.has('deleted'))) {
      const final = last.get(id);
      // §4.2 defines `changed` (recoverable) and `deleted` (gone for good). A move out or a DELETE (which
      // goes to Recoverable Items) is recoverable; permanentDelete and emptying a folder are not.
      out.push({ type: 'removed', id, restId: final?.restId ?? id, reason: final?.kind === 'hardDelete' ? 'deleted' : 'changed' });
    }
  }
  return out;
}
