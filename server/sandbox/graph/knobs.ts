import { Type } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * Fidelity and failure knobs of the Graph sandbox (shared/reference/microsoft.md §7.1, §5, §10). Failures
 * are off by default; the documented limits are on. Rates are probabilities drawn from the sandbox's
 * seeded PRNG, so a seed and a request sequence always behave the same way.
 */
export interface GraphSandboxKnobs {
  /** Lifetime of newly issued app tokens (Entra: 60–90 min, §7.4). */
  tokenTtlSeconds: number;
  /** In-flight requests per mailbox before 429 MailboxConcurrency (§7.1: 4). 0 disables. */
  concurrencyPerMailbox: number;
  /** Requests per mailbox per budgetWindowMs before 429 (§7.1: 10,000 per 10 min). 0 disables. */
  budgetPerWindow: number;
  budgetWindowMs: number;
  /**
   * Retry-After sent with concurrency 429s and failNext 429/503s. Graph sends whole seconds; fractions
   * are a sandbox liberty so tests stay fast (the budget 429 computes its own value).
   */
  retryAfterSeconds: number;
  /** The next n Graph API requests (sub-requests of $batch included) fail with failStatus before running. */
  failNext: number;
  failStatus: number;
  /** The next n Graph API write requests run, then answer 500 anyway (a lost answer). */
  failNextAfterCommit: number;
  /** Delay before every Graph API response, in ms (holds the mailbox concurrency slot). */
  latencyMs: number;
  /** Delay before a change notification is POSTed, in ms (§5.3: average < 1 min, max 3 min). */
  notificationDelayMs: number;
  duplicateNotifications: number;
  /** Probability that a notification is held back and delivered after the next one. */
  reorderNotifications: number;
  /** Probability that a notification is never delivered (as Graph does after 4 h of failures, §5.3). */
  dropNotifications: number;
  /** Probability that an item is repeated within a delta page (§4.2 "Expect replays, duplicates"). */
  duplicateDeltaItems: number;
  /** Probability that a delta page comes back empty with a nextLink (§4.2 round step 1). */
  emptyDeltaPages: number;
  /**
   * Maximum subscription lifetime. The stored docs say 4,230 min for Outlook messages; a 10,080-min
   * figure is unconfirmed (§5.1 [verify]); the contract comment quotes the latter. The doc wins by default.
   */
  maxSubscriptionMinutes: number;
  /** How a stale delta token fails (§4.2: either form happens). */
  staleDeltaStyle: 'gone410' | 'syncStateNotFound';
  /** Handshake answer deadline when creating a subscription (§5.2: 10 s). */
  handshakeTimeoutMs: number;
  /** Per-delivery answer deadline (§5.3: 3 s). */
  notificationTimeoutMs: number;
}

export const DEFAULT_GRAPH_KNOBS: Readonly<GraphSandboxKnobs> = Object.freeze({
  tokenTtlSeconds: 3599,
  concurrencyPerMailbox: 4,
  budgetPerWindow: 10_000,
  budgetWindowMs: 10 * 60_000,
  retryAfterSeconds: 1,
  failNext: 0,
  failStatus: 503,
  failNextAfterCommit: 0,
  latencyMs: 0,
  notificationDelayMs: 0,
  duplicateNotifications: 0,
  reorderNotifications: 0,
  dropNotifications: 0,
  duplicateDeltaItems: 0,
  emptyDeltaPages: 0,
  maxSubscriptionMinutes: 4230,
  staleDeltaStyle: 'gone410',
  handshakeTimeoutMs: 10_000,
  notificationTimeoutMs: 3000,
});

const rate = Type.Number({ minimum: 0, maximum: 1 });
const count = Type.Integer({ minimum: 0 });

/** JSON Schema of a knobs patch (`POST /_sandbox/knobs` body and `GraphSandboxOptions.knobs`). */
export const GraphKnobsPatchSchema = Type.Object(
  {
    tokenTtlSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    concurrencyPerMailbox: Type.Optional(count),
    budgetPerWindow: Type.Optional(count),
    budgetWindowMs: Type.Optional(Type.Integer({ minimum: 1 })),
    retryAfterSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 3600 })),
    failNext: Type.Optional(count),
    failStatus: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
    failNextAfterCommit: Type.Optional(count),
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    notificationDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    duplicateNotifications: Type.Optional(rate),
    reorderNotifications: Type.Optional(rate),
    dropNotifications: Type.Optional(rate),
    duplicateDeltaItems: Type.Optional(rate),
    emptyDeltaPages: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9 })),
    maxSubscriptionMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
    staleDeltaStyle: Type.Optional(Type.Union([Type.Literal('gone410'), Type.Literal('syncStateNotFound')])),
    handshakeTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000 })),
    notificationTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000 })),
  },
  { additionalProperties: false },
);

export type GraphKnobsPatch = Partial<GraphSandboxKnobs>;

const validator = Compile(GraphKnobsPatchSchema);

export class KnobsError extends Error {
  override readonly name = 'KnobsError';
}

/** Validates `patch` (throws KnobsError naming the fields) and returns new knobs; `current` is untouched. */
export function applyKnobs(current: Readonly<GraphSandboxKnobs>, patch: unknown): GraphSandboxKnobs {
  if (!validator.Check(patch)) {
    const issues = [...validator.Errors(patch)].map((e) => `${e.instancePath || '(body)'}: ${e.message}`);
    throw new KnobsError(`invalid knobs: ${[...new Set(issues)].slice(0, 5).join('; ')}`);
  }
  const next: GraphSandboxKnobs = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    // why: keys come from the validated schema, which mirrors GraphSandboxKnobs one-to-one.
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}
