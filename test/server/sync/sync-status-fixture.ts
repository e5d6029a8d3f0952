import type { MailSyncDetail } from '../../../shared/addin-api.js';

/** The clock of the sync:status tests: 2026-11-21T12:00:00Z. */
export const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MINUTE_MS = 60_000;

/**
 * A mailbox in the middle of its backfill: the inbox stopped by a circuit breaker (120 of 300 deletions
 * withheld), a custom folder failing, one item quarantined with retries left and one waiting for an admin.
 */
export const MAIL: MailSyncDetail = {
  mailbox: 'zhangwei@dingdemo.example.com',
  dingtalkAddress: 'zhangwei@dingtalk-mail.example.com',
  state: 'stopped',
  lastSuccessAt: NOW - 10 * MINUTE_MS,
  lagSeconds: 600,
  queued: 3,
  folders: [
    {
      folder: 'inbox',
      state: 'stopped',
      lastSuccessAt: NOW - 10 * MINUTE_MS,
      lastAttemptAt: NOW - MINUTE_MS,
      lagSeconds: 600,
      queued: 2,
      errors: [],
      conflicts: [],
      conflictCount: 0,
      backfill: { state: 'running', done: 4210, total: 10000 },
    },
    {
      folder: 'sent',
      state: 'idle',
      lastSuccessAt: NOW - 2 * MINUTE_MS,
      lastAttemptAt: NOW - 2 * MINUTE_MS,
      lagSeconds: 0,
      queued: 0,
      errors: [],
      conflicts: [{ at: NOW - 5 * MINUTE_MS, key: 'k1', kind: 'content', resolution: 'dingtalk copy kept' }],
      conflictCount: 2,
      backfill: { state: 'done', done: 812, total: 812 },
    },
    {
      folder: 'Projects/Customs',
      state: 'error',
      lastSuccessAt: null,
      lastAttemptAt: NOW - 3 * MINUTE_MS,
      lagSeconds: null,
      queued: 1,
      errors: [{ at: NOW - 3 * MINUTE_MS, reason: 'IMAP folder Projects/Customs does not exist' }],
      conflicts: [],
      conflictCount: 0,
      backfill: null,
    },
  ],
  errors: [{ at: NOW - 3 * MINUTE_MS, reason: 'IMAP folder Projects/Customs does not exist' }],
  quarantined: [
    { key: 'k-inbox-77', folder: 'inbox', reason: 'message too large', code: 'MAIL_ERR_SEND', attempts: 2, nextAttemptAt: NOW + 5 * MINUTE_MS, firstFailedAt: NOW - 30 * MINUTE_MS, lastFailedAt: NOW - 5 * MINUTE_MS },
    { key: 'k-sent-9', folder: 'sent', reason: 'Graph rejected the item', code: null, attempts: 1, nextAttemptAt: null, firstFailedAt: NOW - 120 * MINUTE_MS, lastFailedAt: NOW - 20 * MINUTE_MS },
  ],
  breakers: [
    { id: 'b-1', folder: 'inbox', side: 'exchange', reason: 'mass-delete', deletes: 120, linked: 300, state: 'open', createdAt: NOW - 5 * MINUTE_MS, releasedAt: null, releasedBy: null },
    { id: 'b-0', folder: 'archive', side: null, reason: 'empty-side', deletes: 40, linked: 40, state: 'closed', createdAt: NOW - 90 * MINUTE_MS, releasedAt: NOW - 80 * MINUTE_MS, releasedBy: 'admin@dingdemo.example.com' },
  ],
  progress: { done: 4210, total: 10000, rate: 118, etaSeconds: 49 },
};
