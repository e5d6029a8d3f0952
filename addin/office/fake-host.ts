import type { HostTheme, MailItemInfo, OfficeHost, Recipient, RecipientField } from './host.js';

/**
 * A simulated Outlook for the dev host page and the tests: one received message (read mode) and one
 * draft (compose mode), of which one is "selected". Adding recipients changes the draft, and every
 * change is published, so the dev host can render the draft next to the pane. Behaves like Outlook
 * where the pane can tell: adding to a read item rejects, a received message has no Bcc, selecting
 * another item fires ItemChanged.
 */

export interface FakeReadItem {
  itemId: string;
  internetMessageId: string;
  conversationId: string;
  subject: string;
  from: Recipient;
  to: Recipient[];
  cc: Recipient[];
  body: string;
  receivedAt: number;
}

export interface FakeComposeItem {
  subject: string;
  conversationId: string | null;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  body: string;
}

export type FakeSelection = 'read' | 'compose' | 'none';

/** What the pane asked Outlook to do that has no visible effect in the simulated mailbox itself. */
export type FakeActivity =
  | { seq: number; kind: 'new-message'; to: Recipient[] }
  | { seq: number; kind: 'reply'; all: boolean; subject: string; htmlBody: string }
  | { seq: number; kind: 'recipients-added'; field: RecipientField; recipients: Recipient[] };

type ActivityInput = FakeActivity extends infer A ? (A extends FakeActivity ? Omit<A, 'seq'> : never) : never;

export interface FakeMailboxState {
  language: string;
  theme: HostTheme;
  user: Recipient;
  selected: FakeSelection;
  readItem: FakeReadItem;
  composeItem: FakeComposeItem;
  activity: readonly FakeActivity[];
}

export interface FakeOfficeHostOptions {
  language?: string;
  theme?: HostTheme;
  user?: Recipient;
  selected?: FakeSelection;
  readItem?: Partial<FakeReadItem>;
  composeItem?: Partial<FakeComposeItem>;
}

/** Activity entries kept for the dev host's log; older ones are dropped. */
const ACTIVITY_LIMIT = 20;

const DEFAULT_USER: Recipient = { email: 'zhangwei@dingdemo.example.com', name: '张伟' };

export const DEFAULT_READ_ITEM: FakeReadItem = {
  itemId: 'AAMkADemoReadItem0001',
  internetMessageId: '<demo-0001@mail.dingdemo.example.com>',
  conversationId: 'AAQkADemoConversation0001',
  subject: '第三季度销售会议安排 / Q3 sales meeting',
  from: { email: 'lina@dingdemo.example.com', name: '李娜' },
  to: [DEFAULT_USER],
  cc: [],
  body: '各位好：\n\n第三季度销售会议定于下周二上午十点，请提前准备各区域的数据。\n\nHi all, the Q3 sales meeting is next Tuesday at 10:00. Please bring your region’s figures.\n\n李娜',
  receivedAt: Date.UTC(2026, 10, 20, 2, 30),
};

export const DEFAULT_COMPOSE_ITEM: FakeComposeItem = {
  subject: 'RE: 第三季度销售会议安排 / Q3 sales meeting',
  conversationId: 'AAQkADemoConversation0001',
  to: [],
  cc: [],
  bcc: [],
  body: '',
};

function sameAddress(a: Recipient, b: Recipient): boolean {
  return a.email.toLowerCase() === b.email.toLowerCase();
}

export class FakeOfficeHost implements OfficeHost {
  readonly kind = 'devhost' as const;
  #state: FakeMailboxState;
  #seq = 0;
  readonly #listeners = new Set<() => void>();
  readonly #itemListeners = new Set<() => void>();
  readonly #themeListeners = new Set<() => void>();

  constructor(options: FakeOfficeHostOptions = {}) {
    this.#state = {
      language: options.language ?? 'en-US',
      theme: options.theme ?? 'light',
      user: options.user ?? DEFAULT_USER,
      selected: options.selected ?? 'read',
      readItem: { ...DEFAULT_READ_ITEM, ...options.readItem },
      composeItem: { ...DEFAULT_COMPOSE_ITEM, ...options.composeItem },
      activity: [],
    };
  }

  // ------------------------------------------------------------ observable state (dev host, tests)

  /** The current state; a new object after every change, so it works with useSyncExternalStore. */
  readonly getSnapshot = (): FakeMailboxState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  /** Selects the read item, the draft or nothing, and fires ItemChanged like a pinned pane sees it. */
  select(selected: FakeSelection): void {
    if (selected === this.#state.selected) return;
    this.#update({ selected });
    for (const listener of [...this.#itemListeners]) listener();
  }

  setLanguage(language: string): void {
    this.#update({ language });
  }

  setTheme(theme: HostTheme): void {
    if (theme === this.#state.theme) return;
    this.#update({ theme });
    for (const listener of [...this.#themeListeners]) listener();
  }

  setUser(user: Recipient): void {
    this.#update({ user });
  }

  /** Replaces the received message (e.g. to show another thread) and fires ItemChanged if it is selected. */
  setReadItem(readItem: FakeReadItem): void {
    this.#update({ readItem });
    if (this.#state.selected === 'read') for (const listener of [...this.#itemListeners]) listener();
  }

  /** Removes one recipient from the draft (the dev host's chips have a remove button, as Outlook's do). */
  removeRecipient(field: RecipientField, email: string): void {
    const composeItem = { ...this.#state.composeItem, [field]: this.#state.composeItem[field].filter((r) => !sameAddress(r, { email })) };
    this.#update({ composeItem });
  }

  user(): Recipient {
    return this.#state.user;
  }

  // ------------------------------------------------------------ OfficeHost

  displayLanguage(): string {
    return this.#state.language;
  }

  theme(): HostTheme {
    return this.#state.theme;
  }

  onThemeChanged(listener: () => void): () => void {
    this.#themeListeners.add(listener);
    return () => {
      this.#themeListeners.delete(listener);
    };
  }

  async currentItem(): Promise<MailItemInfo | null> {
    const { selected, readItem, composeItem } = this.#state;
    if (selected === 'read') {
      return {
        mode: 'read',
        itemId: readItem.itemId,
        internetMessageId: readItem.internetMessageId,
        conversationId: readItem.conversationId,
        subject: readItem.subject,
        from: readItem.from,
      };
    }
    if (selected === 'compose') {
      return { mode: 'compose', itemId: null, internetMessageId: null, conversationId: composeItem.conversationId, subject: composeItem.subject, from: this.#state.user };
    }
    return null;
  }

  onItemChanged(listener: () => void): () => void {
    this.#itemListeners.add(listener);
    return () => {
      this.#itemListeners.delete(listener);
    };
  }

  async getRecipients(field: RecipientField): Promise<Recipient[]> {
    const { selected, readItem, composeItem } = this.#state;
    if (selected === 'compose') return [...composeItem[field]];
    if (selected === 'read') return field === 'bcc' ? [] : [...readItem[field]];
    return [];
  }

  async addRecipients(field: RecipientField, recipients: Recipient[]): Promise<void> {
    if (this.#state.selected !== 'compose') throw new Error('the current item is not a draft');
    const composeItem = { ...this.#state.composeItem, [field]: [...this.#state.composeItem[field], ...recipients] };
    this.#update({ composeItem }, { kind: 'recipients-added', field, recipients });
  }

  newMessage(to: Recipient[]): void {
    this.#update({}, { kind: 'new-message', to });
  }

  displayReplyForm(htmlBody?: string): void {
    this.#reply(false, htmlBody);
  }

  displayReplyAllForm(htmlBody?: string): void {
    this.#reply(true, htmlBody);
  }

  supportsNestedAppAuth(): boolean {
    return false;
  }

  // ------------------------------------------------------------ internals

  /** Outlook opens the form in place; here the request is recorded, so the dev host's log shows it. */
  #reply(all: boolean, htmlBody: string | undefined): void {
    if (this.#state.selected !== 'read') throw new Error('reply needs a received message');
    this.#update({}, { kind: 'reply', all, subject: this.#state.readItem.subject, htmlBody: htmlBody ?? '' });
  }

  #update(patch: Partial<FakeMailboxState>, activity?: ActivityInput): void {
    const next: FakeMailboxState = { ...this.#state, ...patch };
    if (activity !== undefined) {
      this.#seq += 1;
      next.activity = [...this.#state.activity, { ...activity, seq: this.#seq } as FakeActivity].slice(-ACTIVITY_LIMIT);
    }
    this.#state = next;
    for (const listener of [...this.#listeners]) listener();
  }
}
