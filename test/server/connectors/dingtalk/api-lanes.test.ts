import assert from 'node:assert/strict';
import { ApiLanes } from '../../../../server/connectors/dingtalk/api-lanes.js';

describe('server/connectors/dingtalk/api-lanes', () => {
  it('never starts more than qps requests of one API within a window', async () => {
    const lanes = new ApiLanes({ qps: 5, windowMs: 200, concurrency: 5 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, () =>
        lanes.run('/a', async () => {
          starts.push(performance.now());
        }),
      ),
    );
    for (let i = 5; i < starts.length; i++) {
      assert.ok((starts[i] as number) - (starts[i - 5] as number) >= 195, `request ${i} started too early`);
    }
  });

  it('runs different APIs independently', async () => {
    const lanes = new ApiLanes({ qps: 2, windowMs: 10_000, concurrency: 2 });
    const done: string[] = [];
    await Promise.all(['/a', '/a', '/b', '/b', '/c'].map((api) => lanes.run(api, async () => done.push(api))));
    assert.equal(done.length, 5);
  });

  it('reports queue depth per API', async () => {
    const lanes = new ApiLanes({ qps: 1, windowMs: 10_000, concurrency: 1 });
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const first = lanes.run('/slow', () => blocker);
    const second = lanes.run('/slow', async () => undefined);
    assert.equal(lanes.depth()['/slow'], 2);
    release();
    await first;
    void second; // left queued behind the 10 s window on purpose; mocha --exit ends the run
  });
});
