import assert from 'node:assert/strict';
import { FlagSnapshots } from '../../../../server/connectors/mailbox/flag-snapshots.js';

describe('FlagSnapshots', () => {
  const flags = (seen: boolean, flagged: boolean) => ({ seen, flagged });

  it('gives back a snapshot by id, only for its folder and UIDVALIDITY', () => {
    const snapshots = new FlagSnapshots();
    const id = snapshots.save('INBOX', 7, new Map([[1, flags(true, false)], [2, flags(false, true)]]));
    assert.deepEqual(snapshots.get('INBOX', id, 7), new Map([[1, flags(true, false)], [2, flags(false, true)]]));
    assert.equal(snapshots.get('INBOX', id, 8), undefined);
    assert.equal(snapshots.get('Sent', id, 7), undefined);
    assert.equal(snapshots.get('INBOX', undefined, 7), undefined);
  });

  it('keeps only the newest few per folder', () => {
    const snapshots = new FlagSnapshots(2);
    const first = snapshots.save('INBOX', 1, new Map());
    const second = snapshots.save('INBOX', 1, new Map());
    const third = snapshots.save('INBOX', 1, new Map());
    assert.equal(snapshots.get('INBOX', first, 1), undefined);
    assert.ok(snapshots.get('INBOX', second, 1));
    assert.ok(snapshots.get('INBOX', third, 1));
  });
});
