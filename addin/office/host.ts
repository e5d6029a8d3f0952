/**
 * Everything the add-in needs from its host, as an interface. The real implementation
 * (office-host.ts) is the only code that touches `Office.*`; the dev host and tests use
 * FakeOfficeHost (fake-host.ts), so the pane runs and is tested in a plain browser.
 */
export interface Recipient {
  email: string;
  name?: string;
}

export type RecipientField = 'to' | 'cc' | 'bcc';

export interface MailItemInfo {
  mode: 'read' | 'compose';
  /** Outlook's item id (REST/immutable form where available); null for an unsaved draft */
  itemId: string | null;
  /** RFC 5322 Message-ID of a received or sent message; null for drafts */
  internetMessageId: string | null;
  conversationId: string | null;
  subject: string;
  from: Recipient | null;
}

export type HostTheme = 'light' | 'dark';

export interface OfficeHost {
  readonly kind: 'outlook' | 'devhost';
  /** BCP-47 tag of Outlook's display language, e.g. zh-CN, zh-HK, en-US */
  displayLanguage(): string;
  theme(): HostTheme;
  /** The selected (read) or open (compose) item; null when nothing is selected */
  currentItem(): Promise<MailItemInfo | null>;
  /** Called when the pinned pane's selected item changes (Office ItemChanged); returns an unsubscribe */
  onItemChanged(listener: () => void): () => void;
  getRecipients(field: RecipientField): Promise<Recipient[]>;
  /** Adds to the draft's field; rejects with a clear message when the current item is not a draft */
  addRecipients(field: RecipientField, recipients: Recipient[]): Promise<void>;
  /** Opens a new message form addressed to the recipients */
  newMessage(to: Recipient[]): void;
  /** Opens Outlook's reply form for the current read item, in place (`htmlBody` ≤ 32 KB, microsoft.md §2.2) */
  displayReplyForm(htmlBody?: string): void;
  /** Opens Outlook's reply-all form for the current read item, in place (same limits as `displayReplyForm`) */
  displayReplyAllForm(htmlBody?: string): void;
  /** Whether the host supports nested app authentication (requirement set NestedAppAuth 1.1) */
  supportsNestedAppAuth(): boolean;
}
