import assert from 'node:assert/strict';
import { ApiLanes } from '../../../../server/connectors/dingtalk/api-lanes.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('server/connectors/dingtalk/api-lanes', () => {
  it('never lets more than qps requests of one API end within a window of each other', async () => {
    const lanes = new ApiLanes({ qps: 5, windowMs: 200 });
    const spans: Array<{ start: number; end: number }> = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        lanes.run('/a', async () => {
          const start = performance.now();
          await sleep(i % 3 === 0 ? 30 : 1); // uneven latency, as on a real network
          spans.push({ start, end: performance.now() });
        }),
      ),
    );
    spans.sort((a, b) => a.start - b.start);
    // The 6th request may only start a full window after one of the first five ended.
    for (let i = 5; i < spans.length; i++) {
      const earlierEnds = spans.slice(0, i).map((s) => s.end).sort((a, b) => a - b);
      const freedAt = (earlierEnds[i - 5] as number) + 200;
      assert.ok((spans[i] as { start: number }).start >= freedAt - 2, `request ${i} started before a slot was free`);
    }
  });

  it('runs different APIs independently', async () => {
    const lanes = new ApiLanes({ qps: 2, windowMs: 10_000 });
    const done: string[] = [];
    await Promise.all(['/a', '/a', '/b', '/b', '/c'].map((api) => lanes.run(api, async () => done.push(api))));
    assert.equal(done.length, 5);
  });

  it('releases the slot when a task fails', async () => {
    const lanes = new ApiLanes({ qps: 1, windowMs: 20 });
    await assert.rejects(lanes.run('/x', async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await lanes.run('/x', async () => 'next'), 'next');
  });

  it('holds requests back while paused', async () => {
    const lanes = new ApiLanes({ qps: 10, windowMs: 10 });
    const start = performance.now();
    lanes.pause('/p', 150);
    await lanes.run('/p', async () => undefined);
    assert.ok(performance.now() - start >= 140);
    assert.equal(lanes.depth()['/p'], 0);
  });

  it('reports queue depth per API', async () => {
    const lanes = new ApiLanes({ qps: 1, windowMs: 50 });
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const first = lanes.run('/slow', () => blocker);
    const second = lanes.run('/slow', async () => undefined);
    assert.equal(lanes.depth()['/slow'], 2);
    release();
    await Promise.all([first, second]);
    assert.equal(lanes.depth()['/slow'], 0);
  });
});
