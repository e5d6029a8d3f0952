import type { FastifyInstance } from 'fastify';
import type { DeltaEngine, DeltaPage, RoundOptions } from './delta.js';
import { badRequest, GraphSandboxError } from './errors.js';
import { folderOf } from './folder-routes.js';
import type { GraphSandboxKnobs } from './knobs.js';
import { parseDeltaFilter, parseExpand, parseSelect, parseTop } from './odata.js';
import { renderMessage } from './render.js';
import { mailboxOf, originOf, queryOf, requireInfo } from './request-context.js';

const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);

/**
 * `GET /users/{id}/mailFolders/{id}/messages/delta` (microsoft.md §4.2): nextLink pages with
 * `$skiptoken`, a final deltaLink with `$deltatoken`, `@removed` items, `Prefer: odata.maxpagesize`.
 * A stale token answers 410 Gone with a Location header (or a 400 `syncStateNotFound`, per knob).
 */
export function deltaRoute(options: { publicUrl: string | undefined; delta: DeltaEngine; knobs: () => Readonly<GraphSandboxKnobs> }) {
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/users/:user/mailFolders/:folder/messages/delta', async (request, reply) => {
      const mailbox = mailboxOf(request);
      const folder = folderOf(mailbox, (request.params as { folder: string }).folder);
      const info = requireInfo(request);
      const query = queryOf(request);
      const path = request.url.split('?')[0] ?? request.url;
      const origin = originOf(request, options.publicUrl);
      const skiptoken = query.$skiptoken ?? query.$skipToken;
      const deltatoken = query.$deltatoken ?? query.$deltaToken;
      let page: DeltaPage;
      if (skiptoken !== undefined) page = options.delta.resume(mailbox, folder.id, skiptoken, 'skip', info.prefs.maxPageSize);
      else if (deltatoken !== undefined && deltatoken !== '') page = options.delta.resume(mailbox, folder.id, deltatoken, 'delta', info.prefs.maxPageSize);
      else page = options.delta.start(mailbox, folder.id, roundOptions(query, info.prefs.maxPageSize), null);
      if (page.kind === 'stale') {
        const location = `${origin}${path}?$deltatoken=`;
        if (options.knobs().staleDeltaStyle === 'syncStateNotFound') {
          throw new GraphSandboxError(400, 'syncStateNotFound', 'The sync state generation is not found. Do a full resync.');
        }
        throw new GraphSandboxError(410, 'syncStateNotFound', 'The sync state is gone; start a new round from the Location URL.', { location });
      }
      const value = page.entries.map(({ entry, message }) => {
        if (entry.type === 'removed' || message === null) {
          const id = entry.type === 'removed' && !info.render.immutableIds ? entry.restId : entry.id;
          return { '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: entry.type === 'removed' ? entry.reason : 'deleted' } };
        }
        return { '@odata.type': '#microsoft.graph.message', ...renderMessage(message, info.render, page.options.select, page.options.expand) };
      });
      const link =
        'skiptoken' in page.next
          ? { '@odata.nextLink': `${origin}${path}?$skiptoken=${page.next.skiptoken}` }
          : { '@odata.deltaLink': `${origin}${path}?$deltatoken=${page.next.deltatoken}` };
      return reply.send({ '@odata.context': `${origin}/v1.0/$metadata#Collection(message)`, ...link, value });
    });
  };
}

function roundOptions(query: Record<string, string | undefined>, maxPageSize: number | null): RoundOptions {
  let changeTypes: Set<'created' | 'updated' | 'deleted'> | null = null;
  if (query.changeType !== undefined) {
    const types = query.changeType.split(',').map((t) => t.trim());
    if (types.some((t) => !CHANGE_TYPES.has(t))) throw badRequest(`Invalid changeType '${query.changeType}'.`);
    changeTypes = new Set(types as Array<'created' | 'updated' | 'deleted'>);
  }
  if (query.$orderby !== undefined && !/^receivedDateTime\s+desc$/i.test(query.$orderby.trim())) {
    throw badRequest('Delta supports only $orderby=receivedDateTime desc.', 'ErrorInvalidUrlQuery');
  }
  if (query.$search !== undefined) throw badRequest('$search is not supported with delta.', 'ErrorInvalidUrlQuery');
  return {
    select: parseSelect(query.$select),
    expand: parseExpand(query.$expand),
    changeTypes,
    receivedFilter: parseDeltaFilter(query.$filter),
    pageSize: parseTop(query.$top) ?? maxPageSize ?? 10,
  };
}
