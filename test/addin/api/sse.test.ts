import assert from 'node:assert/strict';
import { openEventStream, SseParser, type SseMessage } from '../../../addin/api/sse.js';

function streamOf(chunks: string[], keepOpen = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpen) controller.close();
    },
  });
}

function sse(chunks: string[], status = 200, keepOpen = false): Response {
  return new Response(streamOf(chunks, keepOpen), { status, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
}

async function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SseParser', () => {
  it('parses events split anywhere, including between CR and LF', () => {
    const parser = new SseParser();
    const text = 'retry: 2000\r\n: connected seq=4\r\n\r\nid: 5\r\nevent: person.removed\r\ndata: {"seq":5,\r\ndata: "kind":"person.removed"}\r\n\r\nid: 6\r\ndata: plain\r\n\r\n';
    const messages: SseMessage[] = [];
    for (let at = 0; at < text.length; at += 3) messages.push(...parser.feed(text.slice(at, at + 3)));

    assert.deepEqual(messages, [
      { event: 'person.removed', data: '{"seq":5,\n"kind":"person.removed"}', lastEventId: '5' },
      { event: 'message', data: 'plain', lastEventId: '6' },
    ]);
    assert.equal(parser.retryMs, 2000);
    assert.equal(parser.lastEventId, '6');
  });

  it('ignores comments and events without data, but keeps their id', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.feed(': ping\n\nid: 9\nevent: x\n\n'), []);
    assert.equal(parser.lastEventId, '9');
    assert.deepEqual(parser.feed('data:no space\n\n'), [{ event: 'message', data: 'no space', lastEventId: '9' }]);
  });
});

describe('openEventStream', () => {
  it('reconnects after the stream ends and resumes with Last-Event-ID', async () => {
    const requests: Array<Record<string, string>> = [];
    const responses = [
      () => sse(['id: 1\nevent: a\ndata: one\n\n', 'id: 2\nevent: b\ndata: two\n\n']),
      () => sse(['id: 3\nevent: c\ndata: three\n\n'], 200, true),
    ];
    const fetchStub: typeof fetch = async (_url, init) => {
      requests.push(Object.fromEntries(new Headers(init?.headers).entries()));
      const next = responses.shift();
      if (next === undefined) throw new Error('no more responses');
      return next();
    };
    const received: string[] = [];
    const stream = openEventStream({
      url: '/events',
      fetch: fetchStub,
      headers: async () => ({ authorization: 'Bearer t' }),
      onMessage: (m) => received.push(`${m.event}:${m.data}`),
      initialRetryMs: 5,
    });
    try {
      await until(() => received.length === 3);
    } finally {
      stream.close();
    }
    assert.deepEqual(received, ['a:one', 'b:two', 'c:three']);
    assert.equal(requests.length, 2);
    assert.equal(requests[0]?.['last-event-id'], undefined);
    assert.equal(requests[1]?.['last-event-id'], '2');
    assert.equal(requests[1]?.['authorization'], 'Bearer t');
  });

  it('drops the token after a 401 and tries again', async () => {
    let unauthorized = 0;
    let calls = 0;
    const fetchStub: typeof fetch = async () => {
      calls += 1;
      return calls === 1 ? new Response('{}', { status: 401, headers: { 'content-type': 'application/json' } }) : sse(['data: ok\n\n'], 200, true);
    };
    const received: string[] = [];
    const states: string[] = [];
    const stream = openEventStream({
      url: '/events',
      fetch: fetchStub,
      headers: async () => ({}),
      onMessage: (m) => received.push(m.data),
      onState: (s) => states.push(s),
      onUnauthorized: () => (unauthorized += 1),
      initialRetryMs: 5,
    });
    try {
      await until(() => received.length === 1);
    } finally {
      stream.close();
    }
    assert.equal(unauthorized, 1);
    assert.deepEqual(states, ['connecting', 'reconnecting', 'open']);
  });

  it('reconnects when the connection goes silent for longer than the idle timeout', async () => {
    let calls = 0;
    const fetchStub: typeof fetch = async (_url, init) => {
      calls += 1;
      const signal = init?.signal;
      // a connection that never sends a byte and only ends when aborted
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const stream = openEventStream({ url: '/events', fetch: fetchStub, headers: async () => ({}), onMessage: () => undefined, initialRetryMs: 5, idleTimeoutMs: 30 });
    try {
      await until(() => calls >= 2);
    } finally {
      stream.close();
    }
  });
});
