import type { FastifyRequest } from 'fastify';
import { GraphSandboxError } from './errors.js';
import type { MailboxState } from './mail-store.js';
import { parsePrefer, type Preferences } from './odata.js';
import type { RenderContext } from './render.js';

/** What the API hooks learned about a request, for its handler and its onSend hook. */
export interface RequestInfo {
  requestId: string;
  clientRequestId: string;
  prefs: Preferences;
  render: RenderContext;
  mailbox: MailboxState | null;
  /** releases the mailbox concurrency slot (idempotent) */
  release: () => void;
  /** answer 500 after the handler ran (failNextAfterCommit) */
  failAfterCommit: boolean;
}

const infos = new WeakMap<FastifyRequest, RequestInfo>();

export function attachInfo(request: FastifyRequest, requestId: string): RequestInfo {
  const header = request.headers['client-request-id'];
  const prefs = parsePrefer(request.headers.prefer);
  const info: RequestInfo = {
    requestId,
    clientRequestId: typeof header === 'string' && header !== '' ? header.slice(0, 100) : requestId,
    prefs,
    render: { immutableIds: prefs.immutableIds, bodyType: prefs.bodyType },
    mailbox: null,
    release: () => undefined,
    failAfterCommit: false,
  };
  infos.set(request, info);
  return info;
}

export function infoOf(request: FastifyRequest): RequestInfo | undefined {
  return infos.get(request);
}

/** The request's mailbox; routes under `/users/:user` always have one after the hooks ran. */
export function mailboxOf(request: FastifyRequest): MailboxState {
  const mailbox = infos.get(request)?.mailbox ?? null;
  if (mailbox === null) throw new GraphSandboxError(500, 'generalException', 'mailbox was not resolved');
  return mailbox;
}

export function requireInfo(request: FastifyRequest): RequestInfo {
  const info = infos.get(request);
  if (info === undefined) throw new GraphSandboxError(500, 'generalException', 'request context missing');
  return info;
}

/** Scheme and host the client used, for absolute `@odata.nextLink` / `deltaLink` (§10 item 4). */
export function originOf(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** Query values as strings (a repeated key keeps its first value). */
export function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(raw)) {
    out[key] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  }
  return out;
}
