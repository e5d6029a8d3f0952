import type { FastifyInstance } from 'fastify';
import type { Random } from '../dingtalk/prng.js';
import { badRequest } from './errors.js';

/** Graph's batch limit (microsoft.md §7.2). */
export const MAX_BATCH_REQUESTS = 20;
/** Graph sends at most about 4 sub-requests of a parallel batch to Outlook at once (§7.2). */
const PARALLEL_WAVE = 4;

export interface SubResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  rawPayload: Buffer;
}

export type Dispatch = (request: { method: string; url: string; headers: Record<string, string>; payload?: string }) => Promise<SubResponse>;

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const FORWARDED_HEADERS = ['content-type', 'retry-after', 'location', 'preference-applied', 'etag'];

/**
 * `POST /$batch` (§7.2): ≤ 20 requests, unique case-insensitive ids, relative URLs, a Content-Type for
 * every body. Each sub-request runs through the whole API (auth, throttling, counting) via `dispatch`.
 * With any `dependsOn` the batch runs in order and a request whose dependency failed gets 424; without,
 * it runs in waves of 4. Responses come back in shuffled order (seeded), as Graph promises no order.
 */
export function batchRoute(options: { versionPrefix: string; dispatch: () => Dispatch; random: Random }) {
  return async (api: FastifyInstance): Promise<void> => {
    api.post('/$batch', async (request) => {
      const requests = parseBatch(request.body);
      const authorization = String(request.headers.authorization ?? '');
      const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
      const run = async (sub: SubRequest): Promise<void> => {
        const failed = sub.dependsOn.find((dep) => (results.get(dep.toLowerCase())?.status ?? 0) >= 400);
        if (failed !== undefined) {
          results.set(sub.id.toLowerCase(), { id: sub.id, status: 424, headers: {}, body: { error: { code: 'FailedDependency', message: `Dependency ${failed} failed.` } } });
          return;
        }
        const contentType = Object.entries(sub.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
        const response = await options.dispatch()({
          method: sub.method,
          url: `${options.versionPrefix}${sub.url.startsWith('/') ? '' : '/'}${sub.url}`,
          headers: { ...lowerKeys(sub.headers), authorization },
          ...(sub.body !== undefined ? { payload: typeof sub.body === 'string' && !contentType.includes('json') ? sub.body : JSON.stringify(sub.body) } : {}),
        });
        results.set(sub.id.toLowerCase(), { id: sub.id, status: response.statusCode, headers: pickHeaders(response.headers), ...bodyOf(response) });
      };
      if (requests.some((r) => r.dependsOn.length > 0)) {
        for (const sub of requests) await run(sub);
      } else {
        for (let i = 0; i < requests.length; i += PARALLEL_WAVE) await Promise.all(requests.slice(i, i + PARALLEL_WAVE).map(run));
      }
      return { responses: shuffle([...results.values()], options.random) };
    });
  };
}

function parseBatch(body: unknown): SubRequest[] {
  const list = typeof body === 'object' && body !== null ? (body as { requests?: unknown }).requests : undefined;
  if (!Array.isArray(list) || list.length === 0) throw badRequest('Invalid batch payload format.');
  if (list.length > MAX_BATCH_REQUESTS) throw badRequest(`The batch request exceeds the maximum of ${MAX_BATCH_REQUESTS} requests.`);
  const seen = new Set<string>();
  return list.map((raw: unknown, index) => {
    const item = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const id = typeof item.id === 'string' ? item.id : typeof item.id === 'number' ? String(item.id) : '';
    if (id === '') throw badRequest(`Batch request ${index} has no id.`);
    if (seen.has(id.toLowerCase())) throw badRequest(`Request Id '${id}' must be unique in the batch.`);
    const method = typeof item.method === 'string' ? item.method.toUpperCase() : '';
    if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) throw badRequest(`Batch request ${id} has an invalid method.`);
    const url = typeof item.url === 'string' ? item.url : '';
    if (url === '' || /^[a-z]+:\/\//i.test(url) || /^\/?(v1\.0|beta)\//i.test(url)) throw badRequest(`Batch request ${id} must have a URL relative to the version root.`);
    if (/^\/?\$batch/i.test(url)) throw badRequest('Nested batch requests are not allowed.');
    const headers: Record<string, string> = {};
    if (item.headers !== undefined) {
      if (typeof item.headers !== 'object' || item.headers === null) throw badRequest(`Batch request ${id} has invalid headers.`);
      for (const [name, value] of Object.entries(item.headers)) headers[name] = String(value);
    }
    if (item.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      throw badRequest(`Write request id : ${id} does not contain Content-Type header or body.`);
    }
    const dependsOn = Array.isArray(item.dependsOn) ? item.dependsOn.map(String) : [];
    for (const dep of dependsOn) {
      // Graph requires dependencies to exist in the batch; running in order, they must come earlier.
      if (!seen.has(dep.toLowerCase())) throw badRequest(`Request ${id} depends on '${dep}', which is not an earlier request of the batch.`);
    }
    seen.add(id.toLowerCase());
    return { id, method, url, headers, body: item.body, dependsOn };
  });
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function pickHeaders(headers: SubResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name === 'content-type' ? 'Content-Type' : name === 'retry-after' ? 'Retry-After' : name] = String(value);
  }
  return out;
}

/** JSON bodies inline, other bodies base64 (§7.2), none for 204. */
function bodyOf(response: SubResponse): { body?: unknown } {
  if (response.rawPayload.length === 0) return {};
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      return { body: JSON.parse(response.rawPayload.toString('utf8')) as unknown };
    } catch {
      // fall through to base64
    }
  }
  return { body: response.rawPayload.toString('base64') };
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
