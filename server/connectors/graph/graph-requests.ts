import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ErrorCodes } from '../../../shared/errors.js';
import type { AppTokenSource } from './app-token.js';
import { fromGraphResponse, GraphError, unexpectedResponse } from './graph-error.js';
import { parseJsonBody, type GraphHttp, type GraphHttpResponse } from './graph-http.js';
import type { MailboxLanes } from './mailbox-lanes.js';

/** Every Graph request asks for immutable ids (microsoft.md §4.3: the header is request-scoped). */
export const PREFER_IMMUTABLE = 'IdType="ImmutableId"';

/** What a request may be retried after. */
export type RetryPolicy =
  /** GET, PATCH, DELETE, move, $batch of PATCHes: repeating has the same effect */
  | 'idempotent'
  /** creates: only a 429 proves the request did not run (§7.1) */
  | 'rejectedOnly';

export interface CallSpec {
  /** the mailbox (or another lane name) whose limits the request counts against */
  lane: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: URL;
  body?: unknown;
  headers?: Record<string, string>;
  /** extra `Prefer` values besides the immutable-id one */
  prefer?: string[];
  /** budget units (a `$batch` costs one per sub-request) */
  cost?: number;
  retry: RetryPolicy;
}

export interface GraphRequestsOptions {
  baseUrl: string;
  http: GraphHttp;
  tokens: AppTokenSource;
  lanes: MailboxLanes;
  logger: Logger;
  maxAttempts: number;
  backoffBaseMs: number;
  maxBackoffMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * One logical Graph request: bearer token (refetched once on 401), the mailbox lane (concurrency,
 * budget, Retry-After pauses), error mapping, and retries with exponential backoff, Retry-After as the
 * floor and jitter (§7.1). Also the URL rules: `$`-style query options and links that must stay on our
 * Graph base.
 */
export class GraphRequests {
  readonly base: URL;

  constructor(private readonly options: GraphRequestsOptions) {
    this.base = new URL(`${options.baseUrl.replace(/\/+$/, '')}/`);
  }

  /** Resolves with a 2xx response or throws GraphError. */
  async call(spec: CallSpec): Promise<GraphHttpResponse> {
    const { lanes, tokens, http, logger } = this.options;
    let tokenRefetched = false;
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        prefer: [PREFER_IMMUTABLE, ...(spec.prefer ?? [])].join(', '),
        'client-request-id': randomUUID(),
        ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...spec.headers,
      };
      const response = await lanes
        .run(spec.lane, spec.cost ?? 1, () => {
          lanes.noteRequest(spec.lane);
          return http.send({ method: spec.method, url: spec.url, headers, ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}) });
        })
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      if (!(response instanceof Error) && response.status >= 200 && response.status < 300) return response;
      const error = response instanceof Error ? response : fromGraphResponse(response.status, parseJsonBody(response.body), response.headers);
      if (!(error instanceof GraphError)) throw error;
      if (error.code === ErrorCodes.GRAPH_ERR_THROTTLED) lanes.noteThrottled(spec.lane);
      if (error.tokenRejected && !tokenRefetched) {
        tokenRefetched = true;
        tokens.invalidate(token);
        logger.info({ lane: spec.lane, upstreamCode: error.upstreamCode }, 'access token rejected; fetching a new one');
        continue;
      }
      const mayRetry = spec.retry === 'idempotent' ? error.retryable : error.rejectedBeforeExecution;
      if (!mayRetry || attempt >= this.options.maxAttempts) throw error;
      const delay = this.backoff(error, attempt);
      if (error.retryAfterMs !== undefined) lanes.pause(spec.lane, error.retryAfterMs);
      lanes.noteRetry(spec.lane, false);
      logger.warn(
        { lane: spec.lane, method: spec.method, status: error.status, upstreamCode: error.upstreamCode, requestId: error.requestId, attempt, delayMs: delay },
        'Graph call failed; retrying',
      );
      await this.options.sleep(delay);
    }
  }

  /** `call` and parse the JSON answer. */
  async json(spec: CallSpec): Promise<unknown> {
    return jsonOf(await this.call(spec));
  }

  async getJson(lane: string, url: URL, prefer: string[] = []): Promise<unknown> {
    return this.json({ lane, method: 'GET', url, prefer, retry: 'idempotent' });
  }

  /** Exponential backoff with Retry-After as the floor (§7.1) and up to 20 % jitter so waiters spread out. */
  backoff(error: GraphError, attempt: number): number {
    const exponential = Math.min(this.options.maxBackoffMs, this.options.backoffBaseMs * 2 ** (attempt - 1));
    const floor = Math.max(error.retryAfterMs ?? 0, exponential);
    return Math.round(floor + this.options.random() * exponential * 0.2);
  }

  url(path: string, query: Record<string, string> = {}): URL {
    const url = new URL(`${this.base.href}${path.replace(/^\//, '')}`);
    // Built by hand: URLSearchParams would write `%24select` and `+` for spaces; Graph documents `$select`.
    const search = Object.entries(query)
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join('&');
    if (search !== '') url.search = `?${search}`;
    return url;
  }

  /**
   * A nextLink/deltaLink handed back by the caller, followed verbatim (§4.2: never parse tokens). It must
   * point at our Graph base: the bearer token is never sent anywhere else.
   */
  followLink(link: string): URL {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw invalidCursor('cursor is not an absolute URL');
    }
    if (url.origin !== this.base.origin || !url.pathname.startsWith(this.base.pathname)) {
      throw invalidCursor(`cursor points outside ${this.base.origin}${this.base.pathname}`);
    }
    return url;
  }
}

export function jsonOf(response: GraphHttpResponse): unknown {
  const body = parseJsonBody(response.body);
  if (body === undefined) throw unexpectedResponse(`expected JSON, got ${response.body.length} bytes`, response.status);
  return body;
}

function invalidCursor(message: string): GraphError {
  return new GraphError({ code: ErrorCodes.GRAPH_ERR_INVALID, status: 0, upstreamCode: 'INVALID_CURSOR', message });
}
