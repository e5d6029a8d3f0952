import assert from 'node:assert/strict';
import { formatAge, formatDuration, renderMailSyncStatus, renderProgressBar, renderTable } from '../../../scripts/sync-status-render.js';
import { MAIL, NOW } from './sync-status-fixture.js';

describe('scripts/sync-status-render.ts', () => {
  describe('renderProgressBar', () => {
    it('draws done/total, rate and ETA', () => {
      assert.equal(renderProgressBar({ done: 5625, total: 10000, rate: 118, etaSeconds: 49 }), '[#########.......] 5,625/10,000  118 msg/s  ETA 49 s');
      assert.equal(renderProgressBar({ done: 4210, total: 10000, rate: 118.4, etaSeconds: 49 }), '[#######.........] 4,210/10,000  118 msg/s  ETA 49 s');
    });

    it('is empty at the start, full at the end, and never overflows', () => {
      assert.equal(renderProgressBar({ done: 0, total: 10, rate: 0, etaSeconds: null }), '[................] 0/10  0 msg/s');
      assert.equal(renderProgressBar({ done: 10, total: 10, rate: 2.5, etaSeconds: 0 }), '[################] 10/10  2.5 msg/s  ETA 0 s');
      assert.equal(renderProgressBar({ done: 12, total: 10, rate: 2, etaSeconds: 0 }, 4), '[####] 12/10  2 msg/s  ETA 0 s');
    });

    it('without a total shows "?" and an empty bar rather than a guess', () => {
      assert.equal(renderProgressBar({ done: 7, total: null, rate: 1.5, etaSeconds: null }), '[................] 7/?  1.5 msg/s');
    });
  });

  it('formats durations with two units and ages with one', () => {
    assert.deepEqual([49, 125, 600, 3900, 7200].map(formatDuration), ['49 s', '2 min 5 s', '10 min', '1 h 5 min', '2 h']);
    assert.deepEqual([45, 600, 601, 3 * 3600, 2 * 86400].map(formatAge), ['45 s', '10 min', '10 min', '3 h', '2 d']);
  });

  it('aligns table columns without trailing blanks', () => {
    assert.deepEqual(renderTable(['A', 'BB'], [['xxx', 'y'], ['z', '']]), ['A    BB', 'xxx  y', 'z']);
  });

  it('renders the whole status: summary, breaker stops first, progress, folders, quarantine, errors', () => {
    assert.equal(
      renderMailSyncStatus(MAIL, { now: NOW }),
      [
        'Mail sync: zhangwei@dingdemo.example.com <-> zhangwei@dingtalk-mail.example.com',
        'state stopped · last success 10 min ago · lag 10 min · queued 3',
        '',
        'BREAKER STOPS (1)',
        '  ! inbox: sync stopped before deleting 120 of 300 items — nothing was deleted',
        '    too many items disappeared from Exchange at once; stopped 5 min ago; waiting for an admin to release it',
        '',
        'Backfill [#######.........] 4,210/10,000  118 msg/s  ETA 49 s',
        '',
        'FOLDER            STATE    LAST SUCCESS  LAG     QUEUED  CONFLICTS  BACKFILL',
        'inbox             stopped  10 min ago    10 min  2       0          4,210/10,000',
        'sent              idle     2 min ago     0 s     0       2          done',
        'Projects/Customs  error    never         ?       1       0          -',
        '',
        'QUARANTINED (2)',
        '  FOLDER  KEY         REASON                             RETRY',
        '  inbox   k-inbox-77  message too large (MAIL_ERR_SEND)  2 attempts, next in 5 min',
        '  sent    k-sent-9    Graph rejected the item            1 attempt, retries used up, waiting for an admin',
        '',
        'RECENT ERRORS',
        '  3 min ago  IMAP folder Projects/Customs does not exist',
      ].join('\n'),
    );
  });

  it('says when a released stop will run, and leaves out what is empty', () => {
    const [open] = MAIL.breakers;
    assert.ok(open !== undefined);
    const released = {
      ...MAIL,
      breakers: [{ ...open, state: 'released' as const, releasedAt: NOW - 60_000, releasedBy: 'admin@dingdemo.example.com' }],
      quarantined: [],
      errors: [],
      progress: null,
    };
    const text = renderMailSyncStatus(released, { now: NOW });
    assert.match(text, /released by admin@dingdemo\.example\.com 1 min ago — the deletions run on the next sync/);
    assert.doesNotMatch(text, /Backfill|QUARANTINED|RECENT ERRORS/);
  });

  it('says when the mailbox is not synced', () => {
    assert.equal(renderMailSyncStatus(null, { now: NOW }), 'Mail sync is not set up for this mailbox.');
  });
});
