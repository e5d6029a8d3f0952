/**
 * What the mail sync engine needs from Exchange Online, per mailbox (a user id or UPN). The real client
 * (graph-client.ts, Microsoft Graph v1.0 over undici) and the sandbox (server/sandbox/graph/) both
 * implement it and both run test/server/connectors/graph/contract.suite.ts.
 *
 * Every id is an immutable id (`Prefer: IdType="ImmutableId"` on every request, microsoft.md §4.3), so a
 * message keeps its id across folder moves. Failures are thrown as GraphError (graph-error.ts).
 */

export interface GraphAddress {
  name: string;
  address: string;
}

export interface GraphFolder {
  id: string;
  displayName: string;
  parentFolderId: string | null;
  /** `inbox`, `sentitems`, `deleteditems`, `archive`, `drafts`, `junkemail` when the folder is one of those */
  wellKnownName: string | null;
  totalItemCount: number;
}

export interface GraphMessage {
  /** immutable id */
  id: string;
  changeKey: string;
  parentFolderId: string;
  /** RFC 5322 Message-ID with angle brackets; null for drafts that never had one */
  internetMessageId: string | null;
  conversationId: string | null;
  subject: string;
  from: GraphAddress | null;
  toRecipients: GraphAddress[];
  ccRecipients: GraphAddress[];
  /** epoch ms */
  receivedAt: number;
  sentAt: number | null;
  isRead: boolean;
  /** flag.flagStatus === 'flagged' */
  flagged: boolean;
  isDraft: boolean;
  bodyPreview: string;
  /** our link id, read from the single-value extended property (microsoft.md §4.4); null when untagged */
  linkId: string | null;
}

export type GraphDeltaItem =
  | { kind: 'upsert'; message: GraphMessage }
  /** `@removed` (reason `changed` or `deleted`); a move out of the folder shows up this way too (§4.2) */
  | { kind: 'removed'; id: string; reason: 'changed' | 'deleted' };

/** One page of a delta round: either `nextLink` (more pages) or `deltaLink` (round complete) is set. */
export interface GraphDeltaPage {
  items: GraphDeltaItem[];
  nextLink: string | null;
  deltaLink: string | null;
}

export interface GraphListPage {
  messages: GraphMessage[];
  nextLink: string | null;
}

/** Everything needed to import a message as a received (non-draft) item, tagged with our link id at creation. */
export interface GraphImport {
  /** the RFC 5322 source; the client maps it to the JSON create with MAPI properties (microsoft.md §4.5) */
  mime: Buffer;
  isRead: boolean;
  flagged: boolean;
  linkId: string;
  /**
   * epoch ms; when it arrived in the source mailbox (optional member added with the client). Without it the
   * date of the topmost `Received:` header is used, then `Date:`, then now.
   */
  receivedAt?: number;
}

export interface GraphMessagePatch {
  isRead?: boolean;
  flagged?: boolean;
  linkId?: string | null;
}

export interface GraphSubscription {
  id: string;
  resource: string;
  changeType: string;
  clientState: string;
  /** epoch ms */
  expiresAt: number;
}

export interface GraphSubscriptionRequest {
  folderId: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  /**
   * epoch ms. microsoft.md §5.1 documents at most 4,230 minutes for Outlook messages (10,080 is an
   * unconfirmed claim); GraphClient caps longer requests (option maxSubscriptionMinutes) and the
   * returned GraphSubscription.expiresAt is the real expiry.
   */
  expiresAt: number;
}

export interface GraphMailProvider {
  listFolders(mailbox: string): Promise<GraphFolder[]>;
  /** a well-known folder (`inbox`, `sentitems`, `deleteditems`, `archive`, …) */
  wellKnownFolder(mailbox: string, name: string): Promise<GraphFolder>;
  /**
   * One delta page. `cursor` null starts a new round; otherwise pass the stored nextLink/deltaLink
   * verbatim. A stale token throws GraphError `GRAPH_ERR_SYNC_STATE_GONE` (410 or syncStateNotFound):
   * the caller restarts with null.
   */
  delta(mailbox: string, folderId: string, cursor: string | null): Promise<GraphDeltaPage>;
  /** newest first (`$orderby=receivedDateTime desc`), for backfill; `cursor` is the previous page's nextLink */
  listMessages(mailbox: string, folderId: string, cursor: string | null, pageSize: number): Promise<GraphListPage>;
  /** null when the message no longer exists */
  getMessage(mailbox: string, id: string): Promise<GraphMessage | null>;
  /** the RFC 5322 source (`GET …/messages/{id}/$value`) */
  getMime(mailbox: string, id: string): Promise<Buffer>;
  /** the message stamped with `linkId`, anywhere in the mailbox (`$filter` on the extended property) */
  findByLinkId(mailbox: string, linkId: string): Promise<GraphMessage | null>;
  findByInternetMessageId(mailbox: string, internetMessageId: string): Promise<GraphMessage[]>;
  importMessage(mailbox: string, folderId: string, message: GraphImport): Promise<GraphMessage>;
  /** `ifMatch` (a changeKey) makes the update fail with GRAPH_ERR_PRECONDITION when the item moved on */
  updateMessage(mailbox: string, id: string, patch: GraphMessagePatch, ifMatch?: string): Promise<GraphMessage>;
  /** `updateMessage` for many items in as few `$batch` calls as possible (≤ 20 per batch, §7.2) */
  updateMessages(mailbox: string, updates: ReadonlyArray<{ id: string; patch: GraphMessagePatch }>): Promise<Array<GraphMessage | Error>>;
  moveMessage(mailbox: string, id: string, destinationFolderId: string): Promise<GraphMessage>;
  createSubscription(mailbox: string, request: GraphSubscriptionRequest): Promise<GraphSubscription>;
  renewSubscription(subscriptionId: string, expiresAt: number): Promise<GraphSubscription>;
  deleteSubscription(subscriptionId: string): Promise<void>;
}

/** A change notification as delivered to our notificationUrl (§5.3), after clientState was checked. */
export interface GraphNotification {
  subscriptionId: string;
  clientState: string;
  changeType: 'created' | 'updated' | 'deleted';
  resource: string;
  /** from `resourceData.id` */
  messageId: string | null;
  tenantId: string | null;
}

/** A lifecycle notification (§5.4). */
export interface GraphLifecycleNotification {
  subscriptionId: string;
  clientState: string;
  lifecycleEvent: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
}
