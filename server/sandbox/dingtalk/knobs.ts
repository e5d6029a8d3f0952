import { Type } from 'typebox';
import { compileCheck } from './schema-check.js';

/**
 * Failure and fidelity knobs (shared/reference/dingtalk.md §9, §12). All failures are off by default; only the
 * documented limits are on (20 QPS per app per API, 7200 s tokens). Rates are probabilities drawn from the
 * sandbox's seeded PRNG, so a given seed and request sequence always fail the same way.
 */
export interface SandboxKnobs {
  /** Requests per second per (appKey, api path), sliding one-second window. 0 disables throttling. */
  qpsPerApi: number;
  /** Lifetime of newly issued (or re-requested, which extends) tokens. */
  tokenTtlSeconds: number;
  /** Probability 0..1 that a DingTalk API request is answered with HTTP 503 and a short HTML body. */
  transient5xxRate: number;
  /** The next n DingTalk API requests fail with 503 (counts down; checked before transient5xxRate). */
  failNext: number;
  /** Delay added before every DingTalk API response, in ms. */
  latencyMs: number;
  /** Probability 0..1 that an event is delivered twice (same eventId). */
  duplicateEvents: number;
  /** Probability 0..1 that an event is held back and delivered after the next one. */
  reorderEvents: number;
}

export const DEFAULT_KNOBS: Readonly<SandboxKnobs> = Object.freeze({
  qpsPerApi: 20,
  tokenTtlSeconds: 7200,
  transient5xxRate: 0,
  failNext: 0,
  latencyMs: 0,
  duplicateEvents: 0,
  reorderEvents: 0,
});

const rate = Type.Number({ minimum: 0, maximum: 1 });
/** `true` means "always" (1), `false` means "never" (0): convenient in scripted tests. */
const rateOrFlag = Type.Union([rate, Type.Boolean()]);

/** JSON Schema of a knobs patch (the body of `POST /_sandbox/knobs` and `SandboxOptions.knobs`). */
export const KnobsPatchSchema = Type.Object(
  {
    qpsPerApi: Type.Optional(Type.Integer({ minimum: 0 })),
    tokenTtlSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    transient5xxRate: Type.Optional(rate),
    failNext: Type.Optional(Type.Integer({ minimum: 0 })),
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    duplicateEvents: Type.Optional(rateOrFlag),
    reorderEvents: Type.Optional(rateOrFlag),
  },
  { additionalProperties: false },
);

export type SandboxKnobsPatch = {
  [K in keyof SandboxKnobs]?: K extends 'duplicateEvents' | 'reorderEvents' ? number | boolean : SandboxKnobs[K];
};

const checkPatch = compileCheck(KnobsPatchSchema);

/** Validates `patch` (throws invalid_input naming the field) and returns a new knobs object; `current` is untouched. */
export function applyKnobs(current: Readonly<SandboxKnobs>, patch: unknown): SandboxKnobs {
  const valid = checkPatch.assert(patch, 'invalid knobs');
  const next: SandboxKnobs = { ...current };
  for (const [key, value] of Object.entries(valid)) {
    if (value === undefined) continue;
    // why: keys come from the validated schema, which mirrors SandboxKnobs one-to-one.
    (next as unknown as Record<string, number>)[key] = typeof value === 'boolean' ? Number(value) : value;
  }
  return next;
}
