import type { Logger } from 'pino';
import { ApiLanes } from './api-lanes.js';
import type { DirectoryProvider } from './contract.js';
import { DingTalkError, fromLegacyEnvelope } from './dingtalk-error.js';
import { DingTalkHttpTransport } from './http-transport.js';
import { AccessTokenCache } from './token-cache.js';
import type {
  DingTalkDepartment,
  DingTalkDepartmentDetail,
  DingTalkUser,
  DingTalkUserDetail,
  LegacyEnvelope,
  UserListPage,
} from './types.js';

export interface DingTalkClientOptions {
  appKey: string;
  appSecret: string;
  /** legacy host, https://oapi.dingtalk.com in production */
  oapiUrl: string;
  /** documented per-app per-API limit (20 on the standard edition) */
  qps: number;
  logger: Logger;
  timeoutMs?: number;
  maxAttempts?: number;
  /** window of the client-side limiter (DingTalk counts per second), see ApiLanes */
  windowMs?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Page size of `/topapi/v2/user/list`: the documented maximum. */
export const USER_PAGE_SIZE = 100;

/**
 * The real DingTalk contacts client (legacy topapi, dingtalk.md §3): app token cached and shared,
 * one rate-limited lane per API, throttling and transient failures retried with backoff, a rejected
 * token refetched once. Every call is a read, so retrying a POST here is safe.
 */
export class DingTalkClient implements DirectoryProvider {
  readonly #transport: DingTalkHttpTransport;
  readonly #lanes: ApiLanes;
  readonly #tokens: AccessTokenCache;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #log: Logger;

  constructor(private readonly options: DingTalkClientOptions) {
    this.#transport = new DingTalkHttpTransport({ timeoutMs: options.timeoutMs ?? 10_000, connections: options.qps * 2 });
    this.#lanes = new ApiLanes({ qps: options.qps, windowMs: options.windowMs ?? 1000 });
    this.#tokens = new AccessTokenCache(() => this.#fetchToken(), {
      refreshMarginMs: 5 * 60_000,
      clock: options.clock ?? Date.now,
    });
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#log = options.logger.child({ upstream: 'dingtalk' });
  }

  async listSubDepartments(deptId: number): Promise<DingTalkDepartment[]> {
    return this.topapi<DingTalkDepartment[]>('/topapi/v2/department/listsub', { dept_id: deptId });
  }

  async getDepartment(deptId: number): Promise<DingTalkDepartmentDetail | null> {
    return this.#orNull(() => this.topapi<DingTalkDepartmentDetail>('/topapi/v2/department/get', { dept_id: deptId }));
  }

  async *listDepartmentUsers(deptId: number): AsyncIterable<DingTalkUser> {
    let cursor = 0;
    for (;;) {
      const page = await this.topapi<UserListPage>('/topapi/v2/user/list', {
        dept_id: deptId,
        cursor,
        size: USER_PAGE_SIZE,
        contain_access_limit: true,
      });
      yield* page.list;
      if (!page.has_more || page.next_cursor === undefined) return;
      cursor = page.next_cursor;
    }
  }

  async getUser(userid: string): Promise<DingTalkUserDetail | null> {
    return this.#orNull(() => this.topapi<DingTalkUserDetail>('/topapi/v2/user/get', { userid }));
  }

  /** Requests queued or running per API, for the status page. */
  queueDepth(): Record<string, number> {
    return this.#lanes.depth();
  }

  async close(): Promise<void> {
    await this.#transport.close();
  }

  /** One legacy topapi call: token, lane, envelope check, retries. Returns `result`. */
  async topapi<T>(path: string, body: Record<string, unknown>): Promise<T> {
    let tokenRefetched = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.#tokens.get();
      try {
        const url = new URL(path, this.options.oapiUrl);
        url.searchParams.set('access_token', token);
        const response = await this.#lanes.run(path, () => this.#transport.send('POST', url, body));
        const envelope = response.body as LegacyEnvelope<T> | null;
        if (envelope === null || typeof envelope.errcode !== 'number') {
          throw fromLegacyEnvelope({ errcode: -2, errmsg: `unexpected response from ${path}` });
        }
        if (envelope.errcode !== 0) throw fromLegacyEnvelope(envelope);
        return envelope.result as T;
      } catch (error) {
        if (!(error instanceof DingTalkError)) throw error;
        if (error.tokenRejected && !tokenRefetched) {
          tokenRefetched = true;
          this.#tokens.invalidate(token);
          this.#log.info({ api: path, upstreamCode: error.upstreamCode }, 'access token rejected; fetching a new one');
          continue;
        }
        await this.#backoffOrThrow(path, error, attempt);
      }
    }
  }

  async #fetchToken(): Promise<{ token: string; expiresInSeconds: number }> {
    const path = '/gettoken';
    for (let attempt = 1; ; attempt++) {
      try {
        const url = new URL(path, this.options.oapiUrl);
        url.searchParams.set('appkey', this.options.appKey);
        url.searchParams.set('appsecret', this.options.appSecret);
        const response = await this.#lanes.run(path, () => this.#transport.send('GET', url));
        const body = response.body as (LegacyEnvelope<never> & { access_token?: string; expires_in?: number }) | null;
        if (body === null || typeof body.errcode !== 'number') throw fromLegacyEnvelope({ errcode: -2, errmsg: 'unexpected gettoken response' });
        if (body.errcode !== 0 || typeof body.access_token !== 'string') throw fromLegacyEnvelope(body);
        return { token: body.access_token, expiresInSeconds: body.expires_in ?? 7200 };
      } catch (error) {
        if (!(error instanceof DingTalkError)) throw error;
        await this.#backoffOrThrow(path, error, attempt);
      }
    }
  }

  async #backoffOrThrow(api: string, error: DingTalkError, attempt: number): Promise<void> {
    if (!error.retryable || attempt >= this.#maxAttempts) throw error;
    const base = error.retryAfterMs ?? 250 * 2 ** (attempt - 1);
    // why: full jitter keeps many waiting requests from retrying in one burst
    const delay = Math.min(60_000, base + Math.floor(Math.random() * base * 0.25));
    if (error.retryAfterMs !== undefined) this.#lanes.pause(api, delay);
    this.#log.warn({ api, upstreamCode: error.upstreamCode, attempt, delayMs: delay }, 'DingTalk call failed; retrying');
    await this.#sleep(delay);
  }

  async #orNull<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof DingTalkError && error.code === 'DT_ERR_NOT_FOUND') return null;
      throw error;
    }
  }
}
