import type { FastifyPluginAsync } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { DirectoryChange } from '../../shared/directory-api.js';
import type { DirectoryChangeFeed } from '../directory/change-feed.js';

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
    (request, reply) => {
      const lastId = Number(request.headers['last-event-id'] ?? Number.NaN);
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
      if (Number.isInteger(lastId) && lastId >= 0) {
        const missed = options.feed.since(lastId);
        if (missed === 'gap') res.write(format({ seq: options.feed.lastSeq, kind: 'directory.resynced', at: Date.now() }));
        else for (const change of missed) res.write(format(change));
      }
      const unsubscribe = options.feed.subscribe((change) => {
        res.write(format(change));
      });
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
