import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, GraphSandboxError, notFound } from './errors.js';
import { folderOf, withSkip } from './folder-routes.js';
import type { IdFactory } from './ids.js';
import type { MailboxState, StoredMessage } from './mail-store.js';
import { messageFromJson, patchFromJson } from './message-input.js';
import { messageFromMime, renderMime } from './mime.js';
import { parseExpand, parseFilter, parseOrderBy, parseSelect, parseSkip, parseTop } from './odata.js';
import { renderMessage } from './render.js';
import { mailboxOf, originOf, queryOf, requireInfo } from './request-context.js';

interface Params {
  user: string;
  folder?: string;
  id?: string;
}

/**
 * Message endpoints (microsoft.md §4.1, §4.4, §4.5): list (all folders or one) with `$top`/`$skip`,
 * `$orderby`, `$filter`, `$select`, `$expand`; get; `$value`; JSON and MIME create; PATCH with If-Match;
 * move, copy, delete, permanentDelete.
 */
export function messageRoutes(options: { publicUrl: string | undefined; ids: IdFactory; clock: () => number }) {
  return async (api: FastifyInstance): Promise<void> => {
    const list = async (request: FastifyRequest): Promise<Record<string, unknown>> => {
      const mailbox = mailboxOf(request);
      const params = request.params as Params;
      const query = queryOf(request);
      const info = requireInfo(request);
      const select = parseSelect(query.$select);
      const expand = parseExpand(query.$expand);
      const filter = parseFilter(query.$filter);
      const top = parseTop(query.$top) ?? info.prefs.maxPageSize ?? 10;
      const skip = parseSkip(query.$skip);
      const order = parseOrderBy(query.$orderby);
      const source = params.folder === undefined ? [...mailbox.messages.values()] : mailbox.messagesIn(folderOf(mailbox, params.folder).id);
      const matching = source.filter((m) => filter === null || filter(m)).sort((a, b) => (order === 'desc' ? b.receivedAt - a.receivedAt : a.receivedAt - b.receivedAt));
      const page = matching.slice(skip, skip + top).map((m) => renderMessage(m, info.render, select, expand));
      const out: Record<string, unknown> = { '@odata.context': `${originOf(request, options.publicUrl)}/v1.0/$metadata#users('${mailbox.upn}')/messages`, value: page };
      if (skip + top < matching.length) out['@odata.nextLink'] = withSkip(request, options.publicUrl, skip + top);
      return out;
    };
    api.get('/users/:user/messages', list);
    api.get('/users/:user/mailFolders/:folder/messages', list);

    api.get('/users/:user/messages/:id', async (request) => {
      const query = queryOf(request);
      return renderMessage(messageOf(request), requireInfo(request).render, parseSelect(query.$select), parseExpand(query.$expand));
    });

    api.get('/users/:user/messages/:id/$value', async (request, reply) => {
      // Graph answers the MIME of an item as text/plain; the docs (§4.5 "Read the MIME") do not name the type.
      return reply.type('text/plain').send(await renderMime(messageOf(request)));
    });

    const create = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const mailbox = mailboxOf(request);
      const params = request.params as Params;
      const folder = folderOf(mailbox, params.folder ?? 'drafts');
      const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
      const fields = contentType.startsWith('text/plain') ? await mimeCreate(request.body) : messageFromJson(request.body, options.clock());
      if (fields.internetMessageId === null && fields.isDraft === false) fields.internetMessageId = `<${options.ids.opaque(24)}@sandbox.invalid>`;
      const message = mailbox.insert(folder.id, fields);
      const query = queryOf(request);
      return reply.code(201).send(renderMessage(message, requireInfo(request).render, parseSelect(query.$select), parseExpand(query.$expand)));
    };
    api.post('/users/:user/messages', create);
    api.post('/users/:user/mailFolders/:folder/messages', create);

    api.patch('/users/:user/messages/:id', async (request) => {
      const mailbox = mailboxOf(request);
      const message = messageOf(request);
      checkIfMatch(request, message);
      const mutate = patchFromJson(request.body, message);
      mailbox.update(message, mutate);
      const query = queryOf(request);
      return renderMessage(message, requireInfo(request).render, parseSelect(query.$select), parseExpand(query.$expand));
    });

    const moveOrCopy = (copy: boolean) => async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const mailbox = mailboxOf(request);
      const message = messageOf(request);
      const destinationId = (request.body as { destinationId?: unknown } | null)?.destinationId;
      if (typeof destinationId !== 'string' || destinationId === '') throw badRequest('destinationId is required.', 'ErrorInvalidRequest');
      const destination = folderOf(mailbox, destinationId);
      const result = copy ? mailbox.copy(message, destination.id) : mailbox.move(message, destination.id);
      const query = queryOf(request);
      return reply.code(201).send(renderMessage(result, requireInfo(request).render, parseSelect(query.$select), parseExpand(query.$expand)));
    };
    api.post('/users/:user/messages/:id/move', moveOrCopy(false));
    api.post('/users/:user/messages/:id/copy', moveOrCopy(true));

    api.delete('/users/:user/messages/:id', async (request, reply) => {
      mailboxOf(request).remove(messageOf(request), false);
      return reply.code(204).send();
    });

    api.post('/users/:user/messages/:id/permanentDelete', async (request, reply) => {
      mailboxOf(request).remove(messageOf(request), true);
      return reply.code(204).send();
    });
  };
}

function messageOf(request: FastifyRequest): StoredMessage {
  const mailbox: MailboxState = mailboxOf(request);
  const id = (request.params as Params).id ?? '';
  const message = mailbox.message(id);
  if (message === undefined) throw notFound();
  return message;
}

/** `If-Match: W/"<changeKey>"` (or the bare change key, or `*`); a stale one is a 412 conflict. */
function checkIfMatch(request: FastifyRequest, message: StoredMessage): void {
  const header = request.headers['if-match'];
  if (header === undefined || header === '*') return;
  const value = String(header).trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (value !== message.changeKey) {
    throw new GraphSandboxError(
      412,
      'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
    );
  }
}

/** `Content-Type: text/plain` with base64 MIME creates a draft (§4.5). */
async function mimeCreate(body: unknown): Promise<ReturnType<typeof messageFromJson>> {
  const text = typeof body === 'string' ? body.replace(/\s+/g, '') : '';
  if (text === '' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw badRequest('Invalid base64 string for MIME content.', 'ErrorMimeContentInvalidBase64String');
  }
  const fields = await messageFromMime(Buffer.from(text, 'base64'));
  return { ...fields, isDraft: true, isRead: true, sentAt: null };
}
