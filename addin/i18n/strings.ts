import type { RecipientField } from '../office/host.js';
import type { SyncKind, SyncState } from '../../shared/addin-api.js';

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
  leader: string;
  personRemoved: string;
  noEmail: string;
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
}
