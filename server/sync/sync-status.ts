import type { MailboxSyncStatus, SyncKind } from '../../shared/addin-api.js';

/** Reports the two-way sync state of a mailbox, per kind. */
export interface SyncStatusSource {
  mailbox(viewer: string): Promise<MailboxSyncStatus>;
}

const KINDS: readonly SyncKind[] = ['mail', 'calendar', 'contacts', 'todo'];

/**
 * The source used while no two-way sync is configured for any mailbox: every kind says so, rather than
 * pretending to be idle and healthy.
 */
export const syncNotConfigured: SyncStatusSource = {
  async mailbox(viewer) {
    return {
      mailbox: viewer,
      kinds: KINDS.map((kind) => ({ kind, state: 'not_configured' as const, lastSuccessAt: null, lagSeconds: null, queued: 0, errors: [], progress: null })),
    };
  },
};
