import { Type, type Static } from 'typebox';

/**
 * The recipient-check API contract ("safety on send"), shared by the server (route schemas, OpenAPI)
 * and the add-in's event handlers (types only, erased from the bundle).
 */

/** Outlook caps a recipient field at 500 entries (1,000 from Mailbox 1.16); 500 keeps one request small. */
export const MAX_RECIPIENTS = 500;
/** RFC 5321 limits: 64 octets of local part + '@' + 255 of domain = 320. */
export const MAX_ADDRESS_LENGTH = 320;

export const RecipientCheckRequest = Type.Object({
  recipients: Type.Array(Type.String({ minLength: 1, maxLength: MAX_ADDRESS_LENGTH }), { minItems: 1, maxItems: MAX_RECIPIENTS }),
});

/**
 * - lookalike: one edit or a confusable character away from a directory address at the same domain;
 * - domain-lookalike: the domain is one edit or a confusable character away from one of ours;
 * - external-lookalike: another domain that resembles ours, with a colleague's local part.
 */
export const LookalikeReason = Type.Union([Type.Literal('lookalike'), Type.Literal('domain-lookalike'), Type.Literal('external-lookalike')]);

export const ResembledPerson = Type.Object({
  /** the directory address the recipient resembles, as the directory spells it */
  email: Type.String(),
  name: Type.String(),
  userid: Type.String(),
});

export const RecipientWarning = Type.Object({
  /** the recipient as sent in the request (trimmed) */
  address: Type.String(),
  reason: LookalikeReason,
  /** null only for a domain-lookalike whose local part matches nobody in the directory */
  resembles: Type.Union([ResembledPerson, Type.Null()]),
  /** for the domain reasons: which of our domains the recipient's domain resembles */
  resemblesDomain: Type.Optional(Type.String()),
  /** human-readable English, e.g. "differs from zhangsl@example.com only by '1' instead of 'l'" */
  detail: Type.String(),
});

export const RecipientCheckResponse = Type.Object({
  warnings: Type.Array(RecipientWarning),
});

export type RecipientCheckRequest = Static<typeof RecipientCheckRequest>;
export type LookalikeReason = Static<typeof LookalikeReason>;
export type ResembledPerson = Static<typeof ResembledPerson>;
export type RecipientWarning = Static<typeof RecipientWarning>;
export type RecipientCheckResponse = Static<typeof RecipientCheckResponse>;
