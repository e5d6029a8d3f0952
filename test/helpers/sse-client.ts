import { request } from 'undici';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
  receivedAt: number;
}

/** A minimal server-sent-events reader for tests: collects events, waits for one that matches. */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await request(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  res.body.setEncoding('utf8');
  res.body.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || !line.includes(':')) continue;
        const at = line.indexOf(':');
        fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
      }
      if (!fields.has('data')) continue;
      events.push({ id: fields.get('id'), event: fields.get('event') ?? 'message', data: fields.get('data') ?? '', receivedAt: performance.now() });
      for (const wake of waiters.splice(0)) wake();
    }
  });
  res.body.on('error', () => undefined);
  return {
    status: res.statusCode,
    contentType: res.headers['content-type'],
    events,
    async waitFor(predicate: (e: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found !== undefined) return found;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no matching server-sent event within ${timeoutMs} ms (got ${events.map((e) => e.event).join(', ') || 'none'})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close(): void {
      controller.abort();
    },
  };
}
