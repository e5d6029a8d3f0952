import { Agent, type Dispatcher } from 'undici';
import { createPrng, type Random } from '../dingtalk/prng.js';
import { DeltaEngine } from './delta.js';
import { IdFactory } from './ids.js';
import { applyKnobs, DEFAULT_GRAPH_KNOBS, type GraphKnobsPatch, type GraphSandboxKnobs } from './knobs.js';
import { MailboxState, type MailChange } from './mail-store.js';
import { Notifier, type DeliveryStats } from './notifier.js';
import { SubscriptionStore } from './subscriptions.js';
import { MailboxThrottle, type MailboxTraffic } from './throttle.js';
import { TokenRegistry } from './tokens.js';

export interface GraphSandboxStateOptions {
  tenantId: string;
  clientId: string;
  clock: () => number;
  randomSeed: number;
  knobs?: GraphKnobsPatch;
  deltaTokenCapacity?: number;
  notificationRetryDelaysMs?: readonly number[];
  requireHttpsNotificationUrl?: boolean;
  /** Change listener besides subscriptions (tests, logs). */
  onChange?: (change: MailChange) => void;
}

export interface GraphSandboxStats {
  /** Graph API requests received (token endpoint and /_sandbox excluded; $batch sub-requests included) */
  httpRequests: number;
  tokenRequests: number;
  tokensIssued: number;
  /** per mailbox UPN (lower case) */
  mailboxes: Record<string, MailboxTraffic>;
  notifications: DeliveryStats;
  subscriptions: number;
}

/**
 * Everything the Graph sandbox knows: mailboxes, tokens, knobs, throttling, delta tokens, subscriptions and
 * the notification delivery. Routes and the test-side API both work on this object. Ids and injected
 * faults come from two seeded PRNGs (faults separately, so turning a knob does not change later ids).
 */
export class GraphSandboxState {
  readonly ids: IdFactory;
  readonly faults: Random;
  readonly clock: () => number;
  readonly tokens: TokenRegistry;
  readonly throttle: MailboxThrottle;
  readonly delta: DeltaEngine;
  readonly notifier: Notifier;
  readonly subscriptions: SubscriptionStore;
  readonly dispatcher: Dispatcher;
  httpRequests = 0;
  tokenRequests = 0;
  #knobs: GraphSandboxKnobs;
  readonly #mailboxes = new Map<string, MailboxState>();
  readonly #byUserId = new Map<string, MailboxState>();
  #requestCounter = 0;

  constructor(readonly options: GraphSandboxStateOptions) {
    this.clock = options.clock;
    this.ids = new IdFactory(options.randomSeed);
    this.faults = createPrng(options.randomSeed ^ 0x5eed5eed);
    this.#knobs = applyKnobs(DEFAULT_GRAPH_KNOBS, options.knobs ?? {});
    this.tokens = new TokenRegistry(this.ids, this.clock);
    this.throttle = new MailboxThrottle(this.clock, () => this.#knobs);
    this.delta = new DeltaEngine(this.ids, this.faults, () => this.#knobs, options.deltaTokenCapacity);
    this.dispatcher = new Agent({ connections: 16, keepAliveTimeout: 5_000 });
    this.notifier = new Notifier({
      dispatcher: this.dispatcher,
      random: this.faults,
      knobs: () => this.#knobs,
      retryDelaysMs: options.notificationRetryDelaysMs ?? [100, 500, 2000],
    });
    this.subscriptions = new SubscriptionStore({
      ids: this.ids,
      clock: this.clock,
      knobs: () => this.#knobs,
      notifier: this.notifier,
      dispatcher: this.dispatcher,
      tenantId: options.tenantId,
      clientId: options.clientId,
      resolveMailbox: (user) => this.resolveMailbox(user),
      requireHttps: options.requireHttpsNotificationUrl ?? false,
    });
  }

  get knobs(): Readonly<GraphSandboxKnobs> {
    return this.#knobs;
  }

  setKnobs(patch: unknown): GraphSandboxKnobs {
    this.#knobs = applyKnobs(this.#knobs, patch);
    return this.#knobs;
  }

  /** Gets or creates the mailbox of `upn` (with the well-known folders). */
  mailbox(upn: string, displayName?: string): MailboxState {
    const key = upn.toLowerCase();
    let mailbox = this.#mailboxes.get(key);
    if (mailbox === undefined) {
      mailbox = new MailboxState(upn, this.ids.guid(), displayName ?? upn.split('@')[0] ?? upn, this.ids, this.clock, (change) => {
        this.subscriptions.onChange(change);
        this.options.onChange?.(change);
      });
      this.#mailboxes.set(key, mailbox);
      this.#byUserId.set(mailbox.userId, mailbox);
    }
    return mailbox;
  }

  /** `/users/{id|userPrincipalName}`: UPNs are case-insensitive, user ids are GUIDs. */
  resolveMailbox(user: string): MailboxState | undefined {
    return this.#mailboxes.get(user.toLowerCase()) ?? this.#byUserId.get(user.toLowerCase());
  }

  mailboxes(): MailboxState[] {
    return [...this.#mailboxes.values()];
  }

  /** Consumes one failNext; returns the status to fail with, or null. */
  takeFailNext(): number | null {
    if (this.#knobs.failNext <= 0) return null;
    this.#knobs = { ...this.#knobs, failNext: this.#knobs.failNext - 1 };
    return this.#knobs.failStatus;
  }

  takeFailAfterCommit(): boolean {
    if (this.#knobs.failNextAfterCommit <= 0) return false;
    this.#knobs = { ...this.#knobs, failNextAfterCommit: this.#knobs.failNextAfterCommit - 1 };
    return true;
  }

  /** Sequential GUID-shaped request ids: deterministic and readable in logs. */
  nextRequestId(): string {
    this.#requestCounter += 1;
    return `00000000-0000-4000-8000-${this.#requestCounter.toString(16).padStart(12, '0')}`;
  }

  stats(): GraphSandboxStats {
    const traffic = this.throttle.snapshot();
    const mailboxes: Record<string, MailboxTraffic> = {};
    for (const mailbox of this.#mailboxes.values()) {
      const t = traffic.get(mailbox.userId);
      if (t !== undefined) mailboxes[mailbox.upn.toLowerCase()] = t;
    }
    return {
      httpRequests: this.httpRequests,
      tokenRequests: this.tokenRequests,
      tokensIssued: this.tokens.issued,
      mailboxes,
      notifications: { ...this.notifier.stats },
      subscriptions: this.subscriptions.list().length,
    };
  }

  resetStats(): void {
    this.httpRequests = 0;
    this.tokenRequests = 0;
    this.throttle.reset();
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.dispatcher.close();
  }
}
