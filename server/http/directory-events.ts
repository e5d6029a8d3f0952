import type { FastifyPluginAsync } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { DirectoryChange } from '../../shared/directory-api.js';
import type { DirectoryChangeFeed, ScopedChange } from '../directory/change-feed.js';
import { changeFor } from '../directory/change-view.js';

export interface DirectoryEventsOptions {
  feed: DirectoryChangeFeed;
  /** comment lines keep proxies and the pane's EventSource from timing the stream out */
  heartbeatMs?: number;
}

/**
 * `GET /events`: the directory change stream as server-sent events. `id:` is the change's sequence
 * number, so EventSource reconnects with Last-Event-ID and receives what it missed; when that is no
 * longer buffered the stream starts with `directory.resynced` and the pane reloads.
 */
export const directoryEvents: FastifyPluginAsync<DirectoryEventsOptions> = async (app, options) => {
  const open = new Set<ServerResponse>();
  app.addHook('onClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['directory'],
        summary: 'Server-sent events of directory changes (text/event-stream)',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const lastId = Number(request.headers['last-event-id'] ?? Number.NaN);
      // Resolved before the stream opens, so a refused viewer gets a proper error response.
      await request.access();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 2000\n: connected seq=${options.feed.lastSeq}\n\n`);
      open.add(res);
      // Each change is filtered through the viewer's access as it stands when the change is sent (policy is
      // re-read, so a rule changed while the stream is open applies to the next event); the chain keeps order.
      let chain: Promise<void> = Promise.resolve();
      const send = (entries: readonly ScopedChange[]): void => {
        chain = chain
          .then(async () => {
            const { visibility } = await request.access(null, { fresh: true });
            for (const entry of entries) {
              const visible = changeFor(entry, visibility);
              if (visible !== null && !res.writableEnded) res.write(format(visible));
            }
          })
          .catch((error: unknown) => {
            request.log.warn({ err: error }, 'change stream: could not evaluate access; closing');
            res.end();
          });
      };
      if (Number.isInteger(lastId) && lastId >= 0) {
        const missed = options.feed.since(lastId);
        if (missed === 'gap') res.write(format({ seq: options.feed.lastSeq, kind: 'directory.resynced', at: Date.now() }));
        else send(missed);
      }
      const unsubscribe = options.feed.subscribe((entry) => send([entry]));
      const heartbeat = setInterval(() => res.write(': ping\n\n'), options.heartbeatMs ?? 15_000);
      heartbeat.unref();
      const cleanup = (): void => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      request.raw.on('close', cleanup);
      res.on('close', cleanup);
    },
  );
};

function format(change: DirectoryChange): string {
  return `id: ${change.seq}\nevent: ${change.kind}\ndata: ${JSON.stringify(change)}\n\n`;
}

