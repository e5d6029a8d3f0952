import { Agent, request, type Dispatcher } from 'undici';
import { unavailable } from './dingtalk-error.js';

/**
 * The wire: one undici Agent for both DingTalk hosts (keep-alive, capped connections), JSON in and
 * out, a per-request timeout, and transport failures turned into retryable `DingTalkError`s. It knows
 * nothing about tokens or envelopes; the client above it does.
 */
export interface JsonResponse {
  status: number;
  body: unknown;
  retryAfterMs: number | undefined;
}

export class DingTalkHttpTransport {
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(private readonly options: { timeoutMs: number; connections: number; dispatcher?: Dispatcher }) {
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ?? new Agent({ connections: options.connections, keepAliveTimeout: 30_000 });
  }

  async send(
    method: 'GET' | 'POST',
    url: URL,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        dispatcher: this.#dispatcher,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
    } catch (error) {
      throw unavailable(`DingTalk request failed: ${(error as Error).message}`, 0, error);
    }
    const text = await response.body.text();
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : null;
    } catch (error) {
      // The IP-level ban answers an HTML page (dingtalk.md §9); gateways answer HTML 5xx pages.
      if (response.statusCode >= 500 || response.statusCode === 200) {
        throw unavailable(`DingTalk answered a non-JSON body (HTTP ${response.statusCode})`, response.statusCode, error, retryAfterMs);
      }
      parsed = null;
    }
    if (response.statusCode >= 500 || response.statusCode === 429) {
      throw unavailable(`DingTalk answered HTTP ${response.statusCode}`, response.statusCode, undefined, retryAfterMs);
    }
    if (isIpBan(parsed)) {
      // {"status":1111,"wait":5,...}: the egress IP is banned for `wait` minutes.
      const wait = (parsed as { wait?: unknown }).wait;
      throw unavailable('DingTalk banned this IP for too many requests', response.statusCode, undefined, (typeof wait === 'number' ? wait : 5) * 60_000);
    }
    return { status: response.statusCode, body: parsed, retryAfterMs };
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isIpBan(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 1111;
}
