import { Type, type Static } from 'typebox';

/**
 * Contracts of the two routes the task pane needs beyond the directory: the DingTalk thread of an
 * Outlook message and the per-mailbox sync status. Shared by the server (route schemas, OpenAPI) and
 * the pane (`import type` only, so nothing of TypeBox reaches the bundle). Times are epoch milliseconds.
 */

/** Same shape as `Progress` in shared/progress.ts, as a schema for the response serializer. */
export const ProgressSchema = Type.Object({
  done: Type.Number(),
  total: Type.Union([Type.Number(), Type.Null()]),
  rate: Type.Number(),
  etaSeconds: Type.Union([Type.Number(), Type.Null()]),
});

// ---------------------------------------------------------------- GET /api/threads/by-message

export const ThreadByMessageQuery = Type.Object({
  /** RFC 5322 Message-ID as Outlook reports it, angle brackets included (≤ 998 chars per RFC 5322 §2.1.1) */
  internetMessageId: Type.String({ minLength: 3, maxLength: 998 }),
});

export const ThreadParticipant = Type.Object({
  name: Type.String(),
  email: Type.Optional(Type.String()),
  /** DingTalk userid when the participant is in the directory (the pane can then open their card) */
  userid: Type.Optional(Type.String()),
});

export const ThreadMessageSource = Type.Union([Type.Literal('outlook'), Type.Literal('dingtalk')]);

export const ThreadMessage = Type.Object({
  id: Type.String(),
  source: ThreadMessageSource,
  /** null for DingTalk items that have no Internet Message-ID (e.g. chat messages) */
  internetMessageId: Type.Union([Type.String(), Type.Null()]),
  from: ThreadParticipant,
  to: Type.Array(ThreadParticipant),
  subject: Type.String(),
  /** plain-text start of the body; never the whole body */
  preview: Type.String({ maxLength: 255 }),
  sentAt: Type.Integer(),
  /** read state in the DingTalk mailbox (absent when unknown) */
  read: Type.Optional(Type.Boolean()),
});

/** 200 body. A message that is not linked yet is a 404 with `APP_ERR_NOT_FOUND`, not an empty thread. */
export const ThreadResponse = Type.Object({
  threadId: Type.String(),
  subject: Type.String(),
  linkedAt: Type.Integer(),
  lastSyncedAt: Type.Union([Type.Integer(), Type.Null()]),
  participants: Type.Array(ThreadParticipant),
  /** oldest first */
  messages: Type.Array(ThreadMessage),
});

// ---------------------------------------------------------------- GET /api/status/sync

export const SyncKind = Type.Union([Type.Literal('mail'), Type.Literal('calendar'), Type.Literal('contacts'), Type.Literal('todo')]);

export const SyncState = Type.Union([
  Type.Literal('idle'),
  Type.Literal('running'),
  Type.Literal('error'),
  Type.Literal('stopped'),
  Type.Literal('not_configured'),
]);

export const SyncErrorEntry = Type.Object({ at: Type.Integer(), reason: Type.String() });

export const SyncKindStatus = Type.Object({
  kind: SyncKind,
  state: SyncState,
  lastSuccessAt: Type.Union([Type.Integer(), Type.Null()]),
  /** how far behind the source this kind is, in seconds; null when unknown */
  lagSeconds: Type.Union([Type.Number(), Type.Null()]),
  queued: Type.Integer({ minimum: 0 }),
  /** most recent first; the server keeps a short tail, not the full history */
  errors: Type.Array(SyncErrorEntry),
  progress: Type.Union([ProgressSchema, Type.Null()]),
});

export const MailboxSyncStatus = Type.Object({
  mailbox: Type.String(),
  kinds: Type.Array(SyncKindStatus),
});

/**
 * Body of `GET /api/status/directory` (server/http/status-routes.ts builds the same shape as
 * `DirectoryStatusSchema`; that file can import this one instead so the two cannot drift).
 */
export const DirectoryStatus = Type.Object({
  mode: Type.String(),
  eventTransport: Type.String(),
  people: Type.Integer(),
  departments: Type.Integer(),
  lastFullSync: Type.Union([
    Type.Object({
      status: Type.String(),
      startedAt: Type.Integer(),
      finishedAt: Type.Union([Type.Integer(), Type.Null()]),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
    Type.Null(),
  ]),
  running: Type.Union([Type.Object({ kind: Type.String(), progress: ProgressSchema }), Type.Null()]),
  lastEventAt: Type.Union([Type.Integer(), Type.Null()]),
  eventsApplied: Type.Integer(),
  duplicatesIgnored: Type.Integer(),
  changeStreamListeners: Type.Integer(),
  upstreamQueue: Type.Record(Type.String(), Type.Integer()),
});

export const SyncStatusResponse = Type.Object({
  mailboxes: Type.Array(MailboxSyncStatus),
  directory: DirectoryStatus,
});

// ---------------------------------------------------------------- GET /api/status/sync/mail

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const MailFolderState = Type.Union([Type.Literal('idle'), Type.Literal('running'), Type.Literal('error'), Type.Literal('stopped')]);
export const MailEvent = Type.Object({ at: Type.Integer(), reason: Type.String() });
export const MailConflict = Type.Object({ at: Type.Integer(), key: Type.String(), kind: Type.String(), resolution: Type.String() });

export const MailFolderStatus = Type.Object({
  /** logical folder: inbox, sent, archive, trash or a custom one */
  folder: Type.String(),
  state: MailFolderState,
  lastSuccessAt: Nullable(Type.Integer()),
  lastAttemptAt: Nullable(Type.Integer()),
  lagSeconds: Nullable(Type.Number()),
  queued: Type.Integer({ minimum: 0 }),
  errors: Type.Array(MailEvent),
  conflicts: Type.Array(MailConflict),
  conflictCount: Type.Integer({ minimum: 0 }),
  backfill: Nullable(Type.Object({ state: Type.Union([Type.Literal('running'), Type.Literal('done')]), done: Type.Integer(), total: Nullable(Type.Integer()) })),
});

export const MailQuarantined = Type.Object({
  key: Type.String(),
  folder: Type.String(),
  reason: Type.String(),
  code: Nullable(Type.String()),
  attempts: Type.Integer(),
  /** null: retries used up, waiting for an admin */
  nextAttemptAt: Nullable(Type.Integer()),
  firstFailedAt: Type.Integer(),
  lastFailedAt: Type.Integer(),
});

export const MailBreakerStop = Type.Object({
  id: Type.String(),
  folder: Type.String(),
  side: Nullable(Type.Union([Type.Literal('dingtalk'), Type.Literal('exchange')])),
  reason: Type.Union([Type.Literal('mass-delete'), Type.Literal('empty-side')]),
  deletes: Type.Integer(),
  linked: Type.Integer(),
  state: Type.Union([Type.Literal('open'), Type.Literal('released'), Type.Literal('closed')]),
  createdAt: Type.Integer(),
  releasedAt: Nullable(Type.Integer()),
  releasedBy: Nullable(Type.String()),
});

/** Per mailbox and folder: everything the Sync status view and `npm run sync:status` show. */
export const MailSyncDetail = Type.Object({
  mailbox: Type.String(),
  /** the paired DingTalk Mail address */
  dingtalkAddress: Type.String(),
  state: MailFolderState,
  lastSuccessAt: Nullable(Type.Integer()),
  lagSeconds: Nullable(Type.Number()),
  queued: Type.Integer({ minimum: 0 }),
  folders: Type.Array(MailFolderStatus),
  errors: Type.Array(MailEvent),
  quarantined: Type.Array(MailQuarantined),
  /** circuit-breaker stops; `open` ones wait for an admin */
  breakers: Type.Array(MailBreakerStop),
  /** backfill progress while it runs */
  progress: Nullable(ProgressSchema),
});

export const MailSyncDetailResponse = Type.Object({
  /** null when the viewer's mailbox is not synced */
  mail: Nullable(MailSyncDetail),
});

export type ProgressView = Static<typeof ProgressSchema>;
export type ThreadByMessageQuery = Static<typeof ThreadByMessageQuery>;
export type ThreadParticipant = Static<typeof ThreadParticipant>;
export type ThreadMessageSource = Static<typeof ThreadMessageSource>;
export type ThreadMessage = Static<typeof ThreadMessage>;
export type ThreadResponse = Static<typeof ThreadResponse>;
export type SyncKind = Static<typeof SyncKind>;
export type SyncState = Static<typeof SyncState>;
export type SyncErrorEntry = Static<typeof SyncErrorEntry>;
export type SyncKindStatus = Static<typeof SyncKindStatus>;
export type MailboxSyncStatus = Static<typeof MailboxSyncStatus>;
export type DirectoryStatus = Static<typeof DirectoryStatus>;
export type SyncStatusResponse = Static<typeof SyncStatusResponse>;
export type MailFolderStatus = Static<typeof MailFolderStatus>;
export type MailQuarantined = Static<typeof MailQuarantined>;
export type MailBreakerStop = Static<typeof MailBreakerStop>;
export type MailSyncDetail = Static<typeof MailSyncDetail>;
export type MailSyncDetailResponse = Static<typeof MailSyncDetailResponse>;
