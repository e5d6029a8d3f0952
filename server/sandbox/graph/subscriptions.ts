import { request, type Dispatcher } from 'undici';
import { badRequest, GraphSandboxError } from './errors.js';
import type { IdFactory } from './ids.js';
import type { GraphSandboxKnobs } from './knobs.js';
import type { MailboxState, MailChange } from './mail-store.js';
import type { Notifier } from './notifier.js';
import { messageIdFor } from './render.js';

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export interface StoredSubscription {
  id: string;
  resource: string;
  changeType: string;
  changeTypes: ReadonlySet<string>;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expiresAt: number;
  mailbox: MailboxState;
  /** null: every message of the mailbox (`users/{id}/messages`) */
  folderId: string | null;
  /** chosen at creation by `Prefer: IdType` (§4.3: recreate to switch) */
  immutableIds: boolean;
}

/** §5.1: clientState ≤ 128 characters (v1.0); 1,000 Outlook subscriptions per mailbox. */
export const MAX_CLIENT_STATE = 128;
export const MAX_SUBSCRIPTIONS_PER_MAILBOX = 1000;

/**
 * Subscriptions to mail resources (microsoft.md §5.1) with the validation handshake (§5.2) and the fan-out
 * of mailbox changes into notifications (§5.3) and lifecycle events on demand (§5.4).
 */
export class SubscriptionStore {
  readonly #subscriptions = new Map<string, StoredSubscription>();

  constructor(
    private readonly options: {
      ids: IdFactory;
      clock: () => number;
      knobs: () => Readonly<GraphSandboxKnobs>;
      notifier: Notifier;
      dispatcher: Dispatcher;
      tenantId: string;
      clientId: string;
      resolveMailbox: (user: string) => MailboxState | undefined;
      /** §5.1 notificationUrl must be https in Graph; loopback tests need http, so it is an option. */
      requireHttps: boolean;
    },
  ) {}

  async create(body: unknown, immutableIds: boolean): Promise<StoredSubscription> {
    const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    if (input === null) throw badRequest('request body must be a JSON object.', 'InvalidRequest');
    const changeType = typeof input.changeType === 'string' ? input.changeType : '';
    const changeTypes = new Set(changeType.split(',').map((t) => t.trim()));
    if (changeType === '' || [...changeTypes].some((t) => t !== 'created' && t !== 'updated' && t !== 'deleted')) {
      throw badRequest(`Invalid changeType '${changeType}'; use created, updated, deleted.`, 'InvalidRequest');
    }
    const notificationUrl = this.#url(input.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl = input.lifecycleNotificationUrl === undefined || input.lifecycleNotificationUrl === null ? null : this.#url(input.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    if (input.includeResourceData === true) throw badRequest('The sandbox does not simulate rich notifications (includeResourceData).', 'InvalidRequest');
    const clientState = input.clientState === undefined || input.clientState === null ? null : String(input.clientState);
    if (clientState !== null && clientState.length > MAX_CLIENT_STATE) {
      throw badRequest(`clientState must be at most ${MAX_CLIENT_STATE} characters.`, 'InvalidRequest');
    }
    const expiresAt = this.#expiry(input.expirationDateTime);
    const { mailbox, folderId } = this.#resource(input.resource);
    const active = [...this.#subscriptions.values()].filter((s) => s.mailbox === mailbox && s.expiresAt > this.options.clock());
    if (active.length >= MAX_SUBSCRIPTIONS_PER_MAILBOX) {
      throw new GraphSandboxError(403, 'ExtensionError', `Operation: Create; Exception: [Status Code: Forbidden; Reason: Number of subscriptions exceeds ${MAX_SUBSCRIPTIONS_PER_MAILBOX}]`);
    }
    // §5.2: both URLs are validated before anything is created.
    for (const url of new Set([notificationUrl, ...(lifecycleNotificationUrl === null ? [] : [lifecycleNotificationUrl])])) {
      const failure = await this.#handshake(url);
      if (failure !== null) {
        throw badRequest(`Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. (${failure})`, 'ValidationError');
      }
    }
    const subscription: StoredSubscription = {
      id: this.options.ids.guid(),
      resource: String(input.resource),
      changeType,
      changeTypes,
      clientState,
      notificationUrl,
      lifecycleNotificationUrl,
      expiresAt,
      mailbox,
      folderId,
      immutableIds,
    };
    this.#subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  /** PATCH expirationDateTime (§5.1; also re-authorizes). */
  renew(id: string, body: unknown): StoredSubscription {
    const subscription = this.get(id);
    const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    for (const key of Object.keys(input)) {
      if (key !== 'expirationDateTime' && key !== 'notificationUrl') throw badRequest(`Property '${key}' cannot be updated.`, 'InvalidRequest');
    }
    subscription.expiresAt = this.#expiry(input.expirationDateTime);
    return subscription;
  }

  get(id: string): StoredSubscription {
    const subscription = this.#subscriptions.get(id);
    if (subscription === undefined || subscription.expiresAt <= this.options.clock()) {
      throw new GraphSandboxError(404, 'ResourceNotFound', `The object was not found (subscription ${id}).`);
    }
    return subscription;
  }

  delete(id: string): void {
    this.get(id);
    this.#subscriptions.delete(id);
  }

  list(): StoredSubscription[] {
    const now = this.options.clock();
    return [...this.#subscriptions.values()].filter((s) => s.expiresAt > now);
  }

  /** Turns one mailbox change into notifications for every live subscription that covers it. */
  onChange(change: MailChange): void {
    const now = this.options.clock();
    for (const s of this.#subscriptions.values()) {
      if (s.mailbox !== change.mailbox || s.expiresAt <= now) continue;
      let changeType = change.changeType;
      if (s.folderId === null && change.move) {
        // A whole-mailbox subscription sees a move as an update of the one item, not as delete + create.
        if (changeType === 'deleted') continue;
        changeType = 'updated';
      }
      if (s.folderId !== null && s.folderId !== change.folderId) continue;
      if (!s.changeTypes.has(changeType)) continue;
      const messageId = messageIdFor(change.message, { immutableIds: s.immutableIds, bodyType: null });
      const resource = `Users/${s.mailbox.userId}/Messages/${messageId}`;
      this.options.notifier.enqueue(s.notificationUrl, {
        id: this.options.ids.opaque(20),
        subscriptionId: s.id,
        subscriptionExpirationDateTime: new Date(s.expiresAt).toISOString(),
        changeType,
        resource,
        clientState: s.clientState,
        tenantId: this.options.tenantId,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Message',
          '@odata.id': resource,
          '@odata.etag': `W/"${change.message.changeKey}"`,
          id: messageId,
        },
      });
    }
  }

  /** Sends a lifecycle event (§5.4) to the subscription's lifecycleNotificationUrl; `subscriptionRemoved` also removes it. */
  lifecycle(id: string, event: LifecycleEvent): void {
    const subscription = this.get(id);
    if (subscription.lifecycleNotificationUrl === null) {
      throw badRequest(`subscription ${id} has no lifecycleNotificationUrl`, 'InvalidRequest');
    }
    this.options.notifier.sendNow(subscription.lifecycleNotificationUrl, {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
      tenantId: this.options.tenantId,
      clientState: subscription.clientState,
      lifecycleEvent: event,
    });
    if (event === 'subscriptionRemoved') this.#subscriptions.delete(id);
  }

  render(s: StoredSubscription): Record<string, unknown> {
    return {
      id: s.id,
      resource: s.resource,
      applicationId: this.options.clientId,
      changeType: s.changeType,
      clientState: s.clientState,
      notificationUrl: s.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: s.lifecycleNotificationUrl,
      expirationDateTime: new Date(s.expiresAt).toISOString(),
      creatorId: this.options.clientId,
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  #url(value: unknown, field: string): string {
    let url: URL;
    try {
      url = new URL(String(value));
    } catch {
      throw badRequest(`${field} is not a valid URL.`, 'InvalidRequest');
    }
    if (url.protocol !== 'https:' && (this.options.requireHttps || url.protocol !== 'http:')) {
      throw badRequest(`${field} must use https.`, 'InvalidRequest');
    }
    return url.href;
  }

  #expiry(value: unknown): number {
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) throw badRequest('expirationDateTime is missing or not a date-time.', 'InvalidRequest');
    const now = this.options.clock();
    const max = this.options.knobs().maxSubscriptionMinutes;
    if (at <= now) throw badRequest('Subscription expiration must be in the future.', 'ExtensionError');
    if (at > now + max * 60_000) throw badRequest(`Subscription expiration can only be ${max} minutes in the future.`, 'ExtensionError');
    return at;
  }

  /** `users/{id|upn}/messages` or `users/{id|upn}/mailFolders('{id}')/messages` (§5.1 resource table). */
  #resource(value: unknown): { mailbox: MailboxState; folderId: string | null } {
    const resource = typeof value === 'string' ? value.replace(/^\//, '') : '';
    if (/^me\//i.test(resource)) throw badRequest('/me request is only valid with delegated authentication flow.', 'BadRequest');
    const match = /^users\/([^/]+)\/(?:mailFolders(?:\('([^']+)'\)|\/([^/]+))\/)?messages$/i.exec(resource);
    if (match === null) throw badRequest(`Resource '${resource}' is not supported by the sandbox.`, 'InvalidRequest');
    const mailbox = this.options.resolveMailbox(decodeURIComponent(match[1] as string));
    if (mailbox === undefined) throw new GraphSandboxError(404, 'ErrorInvalidUser', `The requested user '${match[1]}' is invalid.`);
    const folderRef = match[2] ?? match[3];
    if (folderRef === undefined) return { mailbox, folderId: null };
    const folder = mailbox.folder(decodeURIComponent(folderRef));
    if (folder === undefined) throw new GraphSandboxError(404, 'ErrorItemNotFound', 'The specified folder could not be found in the store.');
    return { mailbox, folderId: folder.id };
  }

  /** POST `?validationToken=` and require 200, text/plain, body equal to the decoded token, within the deadline. */
  async #handshake(url: string): Promise<string | null> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${this.options.ids.guid()}`;
    const target = new URL(url);
    target.searchParams.append('validationToken', token);
    const timeoutMs = this.options.knobs().handshakeTimeoutMs;
    try {
      const response = await request(target, {
        method: 'POST',
        dispatcher: this.options.dispatcher,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: '',
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await response.body.text();
      const type = String(response.headers['content-type'] ?? '');
      if (response.statusCode !== 200) return `endpoint answered HTTP ${response.statusCode}`;
      if (!type.toLowerCase().startsWith('text/plain')) return `endpoint answered content-type '${type}'`;
      if (text !== token) return 'response body does not match the validation token';
      return null;
    } catch (error) {
      return (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    }
  }
}
