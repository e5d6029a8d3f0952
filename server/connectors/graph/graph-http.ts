import { Agent, request, type Dispatcher } from 'undici';
import { transportFailure, type HeaderBag } from './graph-error.js';

/**
 * The wire: one undici Agent for Graph and the token endpoint (keep-alive, capped connections), a
 * per-request timeout, and transport failures turned into `GraphError`s (status 0). It knows nothing
 * about tokens, lanes or envelopes; the client above it does. Bodies are returned as bytes so `$value`
 * (MIME) and JSON share one path.
 */
export interface GraphHttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface GraphHttpResponse {
  status: number;
  headers: HeaderBag;
  body: Buffer;
}

export class GraphHttp {
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(private readonly options: { timeoutMs: number; connections: number; dispatcher?: Dispatcher }) {
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent({ connections: options.connections, keepAliveTimeout: 30_000 });
  }

  async send(req: GraphHttpRequest): Promise<GraphHttpResponse> {
    try {
      const response = await request(req.url, {
        method: req.method,
        dispatcher: this.#dispatcher,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      throw transportFailure(`${req.method} ${req.url.origin}${req.url.pathname} failed: ${(error as Error).message}`, error);
    }
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

/** Parses a JSON body; undefined when empty or not JSON (error pages from gateways are HTML). */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
