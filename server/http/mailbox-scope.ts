import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { Permissions } from '../policy/roles.js';

/** Where a mailbox's owner sits in the directory (null: not a directory person). */
export type MailboxOwnerLookup = (mailbox: string) => Promise<{ deptIds: readonly number[] } | null>;

/**
 * Whether these permissions cover a mailbox's sync: super admins always, sub-admins when the owner is in
 * one of their departments; HR editors and auditors never (issue 4: "no say over mailboxes or sync").
 */
export async function managesMailbox(permissions: Pick<Permissions, 'superAdmin' | 'managesMailboxOf'>, ownerOf: MailboxOwnerLookup, mailbox: string): Promise<boolean> {
  if (permissions.superAdmin) return true;
  const owner = await ownerOf(mailbox);
  return owner !== null && permissions.managesMailboxOf(owner.deptIds);
}

/** The 403 for a mailbox outside the viewer's scope. */
export function mailboxForbidden(): AppError {
  return new AppError(ErrorCodes.APP_ERR_FORBIDDEN, 403, "only super admins and the owner's sub-admins manage a mailbox's sync");
}
