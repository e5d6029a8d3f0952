import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from './errors.js';
import type { MailboxState, StoredFolder } from './mail-store.js';
import { parseSkip, parseTop } from './odata.js';
import { renderFolder, selectFolder } from './render.js';
import { mailboxOf, originOf, queryOf } from './request-context.js';

/**
 * `GET /users/{id}/mailFolders` (children of msgfolderroot), `…/mailFolders/{id|wellKnownName}` and
 * `…/mailFolders/{id}/childFolders`, paged with `$top` (default 10) and `$skip` like every Graph
 * collection (§4.1, §10 item 4).
 */
export function folderRoutes(options: { publicUrl: string | undefined }) {
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/users/:user/mailFolders', async (request) => {
      const mailbox = mailboxOf(request);
      return folderPage(request, mailbox, mailbox.childFolders(mailbox.rootFolderId), options.publicUrl);
    });

    api.get('/users/:user/mailFolders/:folder', async (request) => {
      const mailbox = mailboxOf(request);
      const folder = folderOf(mailbox, (request.params as { folder: string }).folder);
      return selectFolder(renderFolder(folder, mailbox), folderSelect(queryOf(request).$select));
    });

    api.get('/users/:user/mailFolders/:folder/childFolders', async (request) => {
      const mailbox = mailboxOf(request);
      const folder = folderOf(mailbox, (request.params as { folder: string }).folder);
      return folderPage(request, mailbox, mailbox.childFolders(folder.id), options.publicUrl);
    });
  };
}

export function folderOf(mailbox: MailboxState, ref: string): StoredFolder {
  const folder = mailbox.folder(ref);
  if (folder === undefined) throw notFound('The specified folder could not be found in the store.');
  return folder;
}

function folderPage(request: FastifyRequest, mailbox: MailboxState, folders: StoredFolder[], publicUrl: string | undefined): Record<string, unknown> {
  const query = queryOf(request);
  const top = parseTop(query.$top) ?? 10;
  const skip = parseSkip(query.$skip);
  const select = folderSelect(query.$select);
  const page = folders.slice(skip, skip + top).map((f) => selectFolder(renderFolder(f, mailbox), select));
  const out: Record<string, unknown> = { '@odata.context': `${originOf(request, publicUrl)}/v1.0/$metadata#users('${mailbox.upn}')/mailFolders`, value: page };
  if (skip + top < folders.length) out['@odata.nextLink'] = withSkip(request, publicUrl, skip + top);
  return out;
}

function folderSelect(raw: string | undefined): string[] | null {
  return raw === undefined || raw.trim() === '' ? null : raw.split(',').map((s) => s.trim());
}

/** The request URL with `$skip` replaced: how Graph builds its nextLinks (§4.1). */
export function withSkip(request: FastifyRequest, publicUrl: string | undefined, skip: number): string {
  const [path, search = ''] = request.url.split('?');
  const kept = search.split('&').filter((pair) => pair !== '' && !/^(\$|%24)skip=/i.test(pair));
  return `${originOf(request, publicUrl)}${path}?${[...kept, `$skip=${skip}`].join('&')}`;
}
