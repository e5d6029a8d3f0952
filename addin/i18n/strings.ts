import type { RecipientField } from '../office/host.js';
import type { MailBreakerStop, SyncKind, SyncState } from '../../shared/addin-api.js';

/** The logical mail folders every mailbox has (server/sync/mail/folders.ts DEFAULT_FOLDERS); others keep their own name. */
export type WellKnownMailFolder = 'inbox' | 'sent' | 'archive' | 'trash';
/** Conflict kinds the mail sync's decide() reports (server/sync/mail/decide.ts); unknown ones are shown as sent. */
export type MailConflictKind = 'content' | 'folder' | 'first-sync' | 'edit-beats-delete' | 'edit-beats-trash';
export type MailSide = NonNullable<MailBreakerStop['side']>;

/** The locales the pane ships. Outlook's display language is mapped onto one of them (see locale.ts). */
export type LocaleId = 'zh-CN' | 'zh-HK' | 'en-US';

/**
 * Every user-visible string of the pane. Functions take the values to interpolate, so word order stays
 * in each language's hands. Numbers and dates are formatted by the caller with `Intl` for the locale.
 */
export interface Strings {
  appName: string;
  views: string;
  tabDirectory: string;
  tabThread: string;
  tabSync: string;
  tabAdmin: string;
  loading: string;
  retry: string;

  errorTitle: string;
  errorOffline: string;
  errorUnauthorized: string;
  errorServer: string;
  errorNotBuilt: string;

  searchLabel: string;
  searchPlaceholder: string;
  searching: string;
  resultsLabel: string;
  resultCount: (count: number) => string;
  noResults: (query: string) => string;
  frequent: string;
  /** badge of an address book's external contact (not a DingTalk person) */
  external: string;
  browseHeading: string;
  departmentsLabel: string;
  members: (count: number) => string;
  noMembers: string;
  showMoreMembers: string;
  addressBookLabel: string;
  defaultAddressBook: string;

  back: string;
  cardLabel: (name: string) => string;
  email: string;
  orgEmail: string;
  mobile: string;
  telephone: string;
  department: string;
  jobNumber: string;
  workPlace: string;
  company: string;
  leader: string;
  personRemoved: string;
  noEmail: string;
  externalNoEmail: string;
  editPerson: string;

  actionsLabel: string;
  newMessage: string;
  addTo: (field: RecipientField) => string;
  addGroupLabel: string;
  draftOnlyHint: string;
  added: (name: string, field: RecipientField) => string;
  alreadyAdded: (name: string, field: RecipientField) => string;
  addFailed: (reason: string) => string;
  copyAddress: string;
  copied: (email: string) => string;
  copyFailed: string;
  openChat: string;
  chatHintMobile: string;
  chatHintDesktop: (name: string) => string;
  newMessageOpened: (name: string) => string;
  /** shown instead of the DingTalk chat for an external contact */
  externalNoChat: string;

  liveReconnecting: string;
  directoryReloaded: string;

  threadHeading: string;
  threadNoItem: string;
  threadComposeItem: string;
  threadNoMessageId: string;
  notLinkedTitle: string;
  notLinkedBody: string;
  participants: string;
  messages: string;
  reply: string;
  replyAll: string;
  replySyncedHint: string;
  replyFailed: string;
  messageRead: string;
  messageUnread: string;
  sourceOutlook: string;
  sourceDingTalk: string;
  linkedAt: (when: string) => string;
  fromTo: (from: string, to: string) => string;

  syncHeading: string;
  directoryHeading: string;
  mailboxesHeading: string;
  mailboxSyncNotConfigured: string;
  kind: Record<SyncKind, string>;
  state: Record<SyncState, string>;
  people: string;
  departments: string;
  lastFullSync: string;
  /** outcome of a directory sync run (server/store/sync-run-repository.ts RunStatus) */
  runStatus: Record<'running' | 'succeeded' | 'failed' | 'stopped', string>;
  lastEvent: string;
  eventTransport: string;
  lastSuccess: string;
  never: string;
  lag: string;
  queued: string;
  errors: string;
  noErrors: string;
  progressLabel: (what: string) => string;
  progressValue: (done: string, total: string | null) => string;
  rate: (perSecond: string) => string;
  eta: (duration: string) => string;
  updated: (when: string) => string;
  directorySyncRunning: string;
  unknown: string;

  mailSyncHeading: string;
  mailNotSynced: string;
  outlookMailbox: string;
  dingtalkMailbox: string;
  /** what the backfill progress bar is labelled with (through `progressLabel`) */
  mailBackfill: string;
  mailFoldersHeading: string;
  mailFolder: Record<WellKnownMailFolder, string>;
  backfill: string;
  backfillDone: string;
  conflicts: string;
  showConflicts: (count: number) => string;
  hideConflicts: string;
  conflictKind: Record<MailConflictKind, string>;
  conflictEntry: (folder: string, kind: string, resolution: string) => string;
  breakerTitle: string;
  breakerBody: (deletes: string, linked: string, folder: string) => string;
  breakerCause: Record<MailBreakerStop['reason'], (side: string | null) => string>;
  mailSide: Record<MailSide, string>;
  breakerSince: (when: string) => string;
  breakerWaiting: string;
  breakerAdminHint: string;
  releaseBreaker: (folder: string) => string;
  breakerReleased: (by: string | null, when: string) => string;
  quarantineHeading: (count: number) => string;
  quarantineHint: string;
  quarantineNextAttempt: (when: string) => string;
  quarantineWaiting: string;
  quarantineAttempts: (count: number) => string;
  retryQuarantine: string;
  quarantineRetried: (count: number) => string;
  actionForbidden: string;
}
