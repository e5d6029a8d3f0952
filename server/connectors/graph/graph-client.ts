import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { ErrorCodes } from '../../../shared/errors.js';
import { AppTokenSource } from './app-token.js';
import type {
  GraphDeltaPage,
  GraphFolder,
  GraphImport,
  GraphListPage,
  GraphMailProvider,
  GraphMessage,
  GraphMessagePatch,
  GraphSubscription,
  GraphSubscriptionRequest,
} from './contract.js';
import { runChainedBatches, type BatchSubRequest } from './graph-batch.js';
import { GraphError, unexpectedResponse } from './graph-error.js';
import { GraphHttp } from './graph-http.js';
import { GraphRequests, jsonOf, PREFER_IMMUTABLE } from './graph-requests.js';
import { MailboxLanes, type LaneStats } from './mailbox-lanes.js';
import {
  FOLDER_SELECT,
  internetMessageIdFilter,
  LINK_EXPAND,
  linkIdFilter,
  MESSAGE_SELECT,
  odataString,
  patchBody,
  toDeltaItem,
  toGraphFolder,
  toGraphMessage,
} from './message-mapping.js';
import { importPayload } from './mime-import.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

/** Folders the contract names by well-known name (GraphFolder.wellKnownName), §4.1. */
export const WELL_KNOWN_FOLDERS = ['inbox', 'drafts', 'sentitems', 'deleteditems', 'junkemail', 'archive'] as const;

export interface GraphClientOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  clientAssertion?: () => Promise<string>;
  /** Default `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`. */
  tokenEndpoint?: string;
  /** Default `https://graph.microsoft.com/v1.0`. */
  baseUrl?: string;
  logger: Logger;
  /** In-flight requests per mailbox; Outlook allows 4 (§7.1). */
  concurrencyPerMailbox?: number;
  /** Requests per mailbox per budgetWindowMs; Outlook allows 10,000 per 10 min (§7.1). */
  budgetPerWindow?: number;
  budgetWindowMs?: number;
  /** Attempts per request for throttling/transient failures (first try included). Default 6. */
  maxAttempts?: number;
  /** First backoff step; doubles per attempt, Retry-After is the floor (§7.1). Default 500 ms. */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
  /**
   * Longest subscription lifetime asked for; longer requests are capped (the answer carries the real
   * expiry). §5.1 documents 4,230 min for Outlook messages; a 10,080-min figure is unconfirmed [verify].
   */
  maxSubscriptionMinutes?: number;
  /** `Prefer: odata.maxpagesize` for delta rounds (§4.2). Default 100. */
  deltaPageSize?: number;
  tokenRefreshMarginMs?: number;
  /**
   * After PATCH/move, read the message again instead of trusting `$select`/`$expand` on the write's own
   * URL. The docs (§4.5) do not say whether Graph honours `$expand` on a PATCH or move response; if it
   * does not, the returned linkId would be null. Default false (one request per write). updateMessages
   * always asks inside its `$batch` and sets linkId from the patch when the patch names it.
   */
  readBackAfterWrite?: boolean;
  dispatcher?: Dispatcher;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphClientStats {
  /** per mailbox (lower-case), plus `(subscriptions)` for /subscriptions calls */
  lanes: Record<string, LaneStats>;
  tokenFetches: number;
}

const SUBSCRIPTIONS_LANE = '(subscriptions)';

/**
 * The real Exchange Online mail client: Microsoft Graph v1.0 over undici with app-only tokens.
 * Every request carries `Prefer: IdType="ImmutableId"` (§4.3) and runs in its mailbox's lane (4 in
 * flight, request budget, Retry-After pauses the lane, §7.1). Throttled and transient failures are
 * retried with exponential backoff and jitter for idempotent calls; creates are retried only when Graph
 * provably did not run them (429), except importMessage, which checks for its own link id first.
 */
export class GraphClient implements GraphMailProvider {
  readonly #http: GraphHttp;
  readonly #tokens: AppTokenSource;
  readonly #lanes: MailboxLanes;
  readonly #requests: GraphRequests;
  readonly #log: Logger;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #wellKnownIds = new Map<string, Map<string, string>>();

  constructor(private readonly options: GraphClientOptions) {
    const concurrency = options.concurrencyPerMailbox ?? 4;
    this.#http = new GraphHttp({
      timeoutMs: options.timeoutMs ?? 30_000,
      connections: concurrency * 8,
      ...(options.dispatcher !== undefined ? { dispatcher: options.dispatcher } : {}),
    });
    this.#log = options.logger.child({ upstream: 'graph' });
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#tokens = new AppTokenSource(this.#http, {
      tenantId: options.tenantId,
      clientId: options.clientId,
      ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
      ...(options.clientAssertion !== undefined ? { clientAssertion: options.clientAssertion } : {}),
      ...(options.tokenEndpoint !== undefined ? { tokenEndpoint: options.tokenEndpoint } : {}),
      ...(options.tokenRefreshMarginMs !== undefined ? { refreshMarginMs: options.tokenRefreshMarginMs } : {}),
      sleep: this.#sleep,
      logger: this.#log,
    });
    this.#lanes = new MailboxLanes({
      concurrency,
      budget: options.budgetPerWindow ?? 10_000,
      budgetWindowMs: options.budgetWindowMs ?? 10 * 60_000,
    });
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.#requests = new GraphRequests({
      baseUrl: options.baseUrl ?? DEFAULT_GRAPH_BASE_URL,
      http: this.#http,
      tokens: this.#tokens,
      lanes: this.#lanes,
      logger: this.#log,
      maxAttempts: this.#maxAttempts,
      backoffBaseMs: options.backoffBaseMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 60_000,
      random: options.random ?? Math.random,
      sleep: this.#sleep,
    });
  }

  // ---- folders -------------------------------------------------------------------------------------

  async listFolders(mailbox: string): Promise<GraphFolder[]> {
    const wellKnown = await this.#wellKnownFolderIds(mailbox);
    const names = new Map([...wellKnown].map(([name, id]) => [id, name]));
    const folders: GraphFolder[] = [];
    const parents: Array<string | null> = [null];
    for (let parent = parents.shift(); parent !== undefined; parent = parents.shift()) {
      const path = parent === null ? `/users/${seg(mailbox)}/mailFolders` : `/users/${seg(mailbox)}/mailFolders/${seg(parent)}/childFolders`;
      let url: URL | null = this.#requests.url(path, { $select: FOLDER_SELECT, $top: '100' });
      while (url !== null) {
        const page = await this.#requests.getJson(mailbox, url);
        for (const raw of listValue(page)) {
          const folder = toGraphFolder(raw, names.get(String((raw as { id?: unknown }).id)) ?? null);
          folders.push(folder);
          if (((raw as { childFolderCount?: unknown }).childFolderCount ?? 0) !== 0) parents.push(folder.id);
        }
        url = nextLinkOf(page) === null ? null : this.#requests.followLink(nextLinkOf(page) as string);
      }
    }
    return folders;
  }

  async wellKnownFolder(mailbox: string, name: string): Promise<GraphFolder> {
    const url = this.#requests.url(`/users/${seg(mailbox)}/mailFolders/${seg(name)}`, { $select: FOLDER_SELECT });
    const folder = toGraphFolder(await this.#requests.getJson(mailbox, url), name.toLowerCase());
    this.#cacheWellKnown(mailbox).set(name.toLowerCase(), folder.id);
    return folder;
  }

  // ---- reading -------------------------------------------------------------------------------------

  async delta(mailbox: string, folderId: string, cursor: string | null): Promise<GraphDeltaPage> {
    // §4.2: $select/$expand on the first call only; they are encoded in the tokens. Links are followed verbatim.
    const url =
      cursor === null
        ? this.#requests.url(`/users/${seg(mailbox)}/mailFolders/${seg(folderId)}/messages/delta`, { $select: MESSAGE_SELECT, $expand: LINK_EXPAND })
        : this.#requests.followLink(cursor);
    const page = await this.#requests.getJson(mailbox, url, [`odata.maxpagesize=${this.options.deltaPageSize ?? 100}`]);
    const deltaLink = stringField(page, '@odata.deltaLink');
    const nextLink = nextLinkOf(page);
    if (deltaLink === null && nextLink === null) throw unexpectedResponse('delta page without nextLink or deltaLink', 200);
    return { items: listValue(page).map(toDeltaItem), nextLink, deltaLink: nextLink === null ? deltaLink : null };
  }

  async listMessages(mailbox: string, folderId: string, cursor: string | null, pageSize: number): Promise<GraphListPage> {
    const url =
      cursor === null
        ? this.#requests.url(`/users/${seg(mailbox)}/mailFolders/${seg(folderId)}/messages`, {
            $select: MESSAGE_SELECT,
            $expand: LINK_EXPAND,
            $top: String(Math.min(1000, Math.max(1, Math.floor(pageSize)))),
            $orderby: 'receivedDateTime desc',
          })
        : this.#requests.followLink(cursor);
    const page = await this.#requests.getJson(mailbox, url);
    return { messages: listValue(page).map(toGraphMessage), nextLink: nextLinkOf(page) };
  }

  async getMessage(mailbox: string, id: string): Promise<GraphMessage | null> {
    const url = this.#requests.url(`/users/${seg(mailbox)}/messages/${seg(id)}`, { $select: MESSAGE_SELECT, $expand: LINK_EXPAND });
    try {
      return toGraphMessage(await this.#requests.getJson(mailbox, url));
    } catch (error) {
      if (error instanceof GraphError && error.code === ErrorCodes.GRAPH_ERR_NOT_FOUND) return null;
      throw error;
    }
  }

  async getMime(mailbox: string, id: string): Promise<Buffer> {
    const url = this.#requests.url(`/users/${seg(mailbox)}/messages/${seg(id)}/$value`);
    const response = await this.#requests.call({ lane: mailbox, method: 'GET', url, retry: 'idempotent', headers: { accept: '*/*' } });
    return response.body;
  }

  async findByLinkId(mailbox: string, linkId: string): Promise<GraphMessage | null> {
    const url = this.#requests.url(`/users/${seg(mailbox)}/messages`, {
      $filter: linkIdFilter(linkId),
      $select: MESSAGE_SELECT,
      $expand: LINK_EXPAND,
      $top: '1',
    });
    const first = listValue(await this.#requests.getJson(mailbox, url))[0];
    return first === undefined ? null : toGraphMessage(first);
  }

  async findByInternetMessageId(mailbox: string, internetMessageId: string): Promise<GraphMessage[]> {
    let url: URL | null = this.#requests.url(`/users/${seg(mailbox)}/messages`, {
      $filter: internetMessageIdFilter(internetMessageId),
      $select: MESSAGE_SELECT,
      $expand: LINK_EXPAND,
      $top: '50',
    });
    const found: GraphMessage[] = [];
    // A Message-ID is shared by a handful of copies at most; the page bound only guards against a runaway.
    for (let pages = 0; url !== null && pages < 20; pages++) {
      const page = await this.#requests.getJson(mailbox, url);
      found.push(...listValue(page).map(toGraphMessage));
      const next = nextLinkOf(page);
      url = next === null ? null : this.#requests.followLink(next);
    }
    return found;
  }

  // ---- writing -------------------------------------------------------------------------------------

  async importMessage(mailbox: string, folderId: string, message: GraphImport): Promise<GraphMessage> {
    const { body, parsed } = await importPayload(message);
    if (parsed.attachmentsLeftOut > 0) {
      // §4.6: larger attachments need an upload session, which the import does not do yet; say so.
      this.#log.warn({ mailbox, leftOut: parsed.attachmentsLeftOut }, 'attachments over the in-request budget were not imported');
    }
    const url = this.#requests.url(`/users/${seg(mailbox)}/mailFolders/${seg(folderId)}/messages`);
    for (let attempt = 1; ; attempt++) {
      try {
        const created = toGraphMessage(await this.#requests.json({ lane: mailbox, method: 'POST', url, body, retry: 'rejectedOnly' }));
        return { ...created, linkId: message.linkId };
      } catch (error) {
        // A lost answer to a create is ambiguous. The link id was stamped at creation, so look for it
        // before creating again: an import is then at most once per link id.
        if (!(error instanceof GraphError) || !error.retryable || attempt >= this.#maxAttempts) throw error;
        this.#log.warn({ mailbox, upstreamCode: error.upstreamCode, status: error.status, attempt }, 'import answer lost; checking for the link id');
        await this.#sleep(this.#requests.backoff(error, attempt));
        const existing = await this.findByLinkId(mailbox, message.linkId);
        if (existing !== null) return existing;
        this.#lanes.noteRetry(mailbox, false);
      }
    }
  }

  async updateMessage(mailbox: string, id: string, patch: GraphMessagePatch, ifMatch?: string): Promise<GraphMessage> {
    const url = this.#writeUrl(`/users/${seg(mailbox)}/messages/${seg(id)}`);
    const headers: Record<string, string> = ifMatch !== undefined ? { 'if-match': `W/"${ifMatch}"` } : {};
    const response = await this.#requests.call({ lane: mailbox, method: 'PATCH', url, body: patchBody(patch), headers, retry: 'idempotent' });
    return this.#afterWrite(mailbox, id, jsonOf(response), patch);
  }

  async updateMessages(mailbox: string, updates: ReadonlyArray<{ id: string; patch: GraphMessagePatch }>): Promise<Array<GraphMessage | Error>> {
    if (updates.length === 0) return [];
    // Sub-request URLs are relative to the version root, without `/v1.0` (§7.2).
    const requests: BatchSubRequest[] = updates.map(({ id, patch }) => ({
      method: 'PATCH',
      url: `/users/${seg(mailbox)}/messages/${seg(id)}?$select=${encodeURIComponent(MESSAGE_SELECT)}&$expand=${encodeURIComponent(LINK_EXPAND)}`,
      headers: { 'Content-Type': 'application/json', Prefer: PREFER_IMMUTABLE },
      body: patchBody(patch),
    }));
    const outcomes = await this.#batch(mailbox, requests);
    return outcomes.map((outcome, index) => {
      if (!outcome.ok) return outcome.error;
      try {
        return withPatchedLink(toGraphMessage(outcome.body), updates[index]?.patch ?? {});
      } catch (error) {
        return error as Error;
      }
    });
  }

  async moveMessage(mailbox: string, id: string, destinationFolderId: string): Promise<GraphMessage> {
    const url = this.#writeUrl(`/users/${seg(mailbox)}/messages/${seg(id)}/move`);
    const response = await this.#requests.call({ lane: mailbox, method: 'POST', url, body: { destinationId: destinationFolderId }, retry: 'idempotent' });
    return this.#afterWrite(mailbox, id, jsonOf(response), {});
  }

  // ---- subscriptions (§5.1) ------------------------------------------------------------------------

  async createSubscription(mailbox: string, request: GraphSubscriptionRequest): Promise<GraphSubscription> {
    const body = {
      changeType: 'created,updated,deleted',
      notificationUrl: request.notificationUrl,
      lifecycleNotificationUrl: request.lifecycleNotificationUrl,
      resource: `users/${mailbox}/mailFolders('${odataString(request.folderId)}')/messages`,
      expirationDateTime: new Date(this.#capExpiry(request.expiresAt)).toISOString(),
      clientState: request.clientState,
    };
    // Graph validates notificationUrl (up to 10 s) inside this call; a duplicate would be a second live
    // subscription, so only a 429 is retried here.
    const response = await this.#requests.call({ lane: SUBSCRIPTIONS_LANE, method: 'POST', url: this.#requests.url('/subscriptions'), body, retry: 'rejectedOnly' });
    return toSubscription(jsonOf(response), request.clientState);
  }

  async renewSubscription(subscriptionId: string, expiresAt: number): Promise<GraphSubscription> {
    const url = this.#requests.url(`/subscriptions/${seg(subscriptionId)}`);
    const body = { expirationDateTime: new Date(this.#capExpiry(expiresAt)).toISOString() };
    const response = await this.#requests.call({ lane: SUBSCRIPTIONS_LANE, method: 'PATCH', url, body, retry: 'idempotent' });
    return toSubscription(jsonOf(response), null);
  }

  /** Deleting a subscription that is already gone (404) counts as done. */
  async deleteSubscription(subscriptionId: string): Promise<void> {
    try {
      await this.#requests.call({ lane: SUBSCRIPTIONS_LANE, method: 'DELETE', url: this.#requests.url(`/subscriptions/${seg(subscriptionId)}`), retry: 'idempotent' });
    } catch (error) {
      if (error instanceof GraphError && error.code === ErrorCodes.GRAPH_ERR_NOT_FOUND) return;
      throw error;
    }
  }

  // ---- observability and lifecycle -----------------------------------------------------------------

  /** API calls made, retries and throttles per mailbox lane, for benchmarks and the status page. */
  stats(): GraphClientStats {
    return { lanes: this.#lanes.stats(), tokenFetches: this.#tokens.fetches };
  }

  async close(): Promise<void> {
    this.#lanes.close();
    await this.#http.close();
  }

  // ---- internals -----------------------------------------------------------------------------------

  /** A minute below the maximum, so clock skew between us and Graph does not turn a cap into a 400. */
  #capExpiry(expiresAt: number): number {
    const max = (this.options.maxSubscriptionMinutes ?? 4230) * 60_000 - 60_000;
    return Math.min(expiresAt, Date.now() + max);
  }

  async #afterWrite(mailbox: string, id: string, raw: unknown, patch: GraphMessagePatch): Promise<GraphMessage> {
    if (this.options.readBackAfterWrite === true) {
      const fresh = await this.getMessage(mailbox, id);
      if (fresh === null) throw new GraphError({ code: ErrorCodes.GRAPH_ERR_NOT_FOUND, status: 404, upstreamCode: 'ErrorItemNotFound', message: 'message vanished after the write' });
      return fresh;
    }
    return withPatchedLink(toGraphMessage(raw), patch);
  }

  async #wellKnownFolderIds(mailbox: string): Promise<Map<string, string>> {
    const cache = this.#cacheWellKnown(mailbox);
    const missing = WELL_KNOWN_FOLDERS.filter((name) => !cache.has(name));
    if (missing.length === 0) return cache;
    // v1.0 mailFolder has no wellKnownName property, so ask for each name once, in one $batch (§4.1, §7.2).
    const outcomes = await this.#batch(
      mailbox,
      missing.map((name) => ({
        method: 'GET',
        url: `/users/${seg(mailbox)}/mailFolders/${name}?$select=id`,
        headers: { Prefer: PREFER_IMMUTABLE },
      })),
    );
    outcomes.forEach((outcome, index) => {
      const name = missing[index] as string;
      if (outcome.ok) {
        const id = (outcome.body as { id?: unknown } | null)?.id;
        if (typeof id === 'string') cache.set(name, id);
      } else if (outcome.error.code !== ErrorCodes.GRAPH_ERR_NOT_FOUND) {
        throw outcome.error;
      }
    });
    return cache;
  }

  #cacheWellKnown(mailbox: string): Map<string, string> {
    const key = mailbox.toLowerCase();
    let cache = this.#wellKnownIds.get(key);
    if (cache === undefined) {
      cache = new Map();
      this.#wellKnownIds.set(key, cache);
    }
    return cache;
  }

  #batch(mailbox: string, requests: BatchSubRequest[]): ReturnType<typeof runChainedBatches> {
    return runChainedBatches(requests, {
      send: (payload, count) =>
        this.#requests.json({ lane: mailbox, method: 'POST', url: this.#requests.url('/$batch'), body: payload, cost: count, retry: 'idempotent' }),
      maxAttempts: this.#maxAttempts,
      backoff: (error, attempt) => this.#requests.backoff(error, attempt),
      onRetryAfter: (ms) => this.#lanes.pause(mailbox, ms),
      onRetry: (error) => this.#lanes.noteRetry(mailbox, error.code === ErrorCodes.GRAPH_ERR_THROTTLED),
      sleep: this.#sleep,
    });
  }

  /** PATCH/move URL; asks for the contract fields in the answer unless we read back anyway. */
  #writeUrl(path: string): URL {
    return this.options.readBackAfterWrite === true ? this.#requests.url(path) : this.#requests.url(path, { $select: MESSAGE_SELECT, $expand: LINK_EXPAND });
  }
}

/** We know what we just wrote; the answer may not carry the expanded property. */
function withPatchedLink(message: GraphMessage, patch: GraphMessagePatch): GraphMessage {
  if (patch.linkId === undefined) return message;
  return { ...message, linkId: patch.linkId === null || patch.linkId === '' ? null : patch.linkId };
}

function toSubscription(raw: unknown, requestedClientState: string | null): GraphSubscription {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const expiresAt = typeof s.expirationDateTime === 'string' ? Date.parse(s.expirationDateTime) : Number.NaN;
  if (typeof s.id !== 'string' || Number.isNaN(expiresAt)) throw unexpectedResponse('subscription without id or expirationDateTime', 200);
  return {
    id: s.id,
    resource: typeof s.resource === 'string' ? s.resource : '',
    changeType: typeof s.changeType === 'string' ? s.changeType : '',
    clientState: typeof s.clientState === 'string' ? s.clientState : (requestedClientState ?? ''),
    expiresAt,
  };
}

/** One path segment (ids contain `=`, `-`, `_`; UPNs contain `@`). */
function seg(value: string): string {
  return encodeURIComponent(value);
}

function listValue(page: unknown): unknown[] {
  const value = typeof page === 'object' && page !== null ? (page as { value?: unknown }).value : undefined;
  if (!Array.isArray(value)) throw unexpectedResponse('collection without a value array', 200);
  return value;
}

function nextLinkOf(page: unknown): string | null {
  return stringField(page, '@odata.nextLink');
}

function stringField(page: unknown, name: string): string | null {
  const value = typeof page === 'object' && page !== null ? (page as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}
