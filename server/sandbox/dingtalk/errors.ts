/**
 * Why a sandbox change was refused. `status` is what the `/_sandbox/*` routes answer with, so programmatic
 * callers (tests) and HTTP callers (demo, CLI) see the same classification:
 * - 400 invalid_input: the request itself is wrong (schema, unknown field, bad value, dangling reference);
 * - 404 not_found: the named user or department does not exist;
 * - 409 conflict: the change is valid in shape but the org forbids it now (e.g. removing a department that
 *   still has members, as DingTalk refuses too).
 * A refused change never mutates the org and never emits an event.
 */
export type SandboxErrorCode = 'invalid_input' | 'not_found' | 'conflict';

const STATUS: Record<SandboxErrorCode, 400 | 404 | 409> = { invalid_input: 400, not_found: 404, conflict: 409 };

export class SandboxChangeError extends Error {
  override readonly name = 'SandboxChangeError';
  readonly status: 400 | 404 | 409;

  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/** Builds an invalid_input error whose message lists every issue (one per line), so a user can fix all at once. */
export function invalidInput(what: string, issues: readonly string[]): SandboxChangeError {
  return new SandboxChangeError('invalid_input', `${what}: ${issues.join('; ')}`, issues);
}
