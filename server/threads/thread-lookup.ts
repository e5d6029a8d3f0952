import type { ThreadResponse } from '../../shared/addin-api.js';

/**
 * Finds the DingTalk thread linked to an Outlook message. The mail sync engine links threads when it
 * mirrors mail between the two mailboxes; until a mailbox is synced, nothing is linked and every
 * lookup honestly answers "not linked" (the route turns null into a 404).
 */
export interface ThreadLookup {
  byInternetMessageId(viewer: string, internetMessageId: string): Promise<ThreadResponse | null>;
}

/** The lookup used while no mail sync is configured: no message is linked to a DingTalk thread. */
export const noLinkedThreads: ThreadLookup = {
  async byInternetMessageId() {
    return null;
  },
};
