import assert from 'node:assert/strict';
import { OfficeMockObject } from 'office-addin-mock';
import { ON_MESSAGE_RECIPIENTS_CHANGED, ON_MESSAGE_SEND } from '../../../addin/launchevent/handler-names.js';
import { createLaunchEventHandlers, NOTICE_KEY, type LaunchEventDeps } from '../../../addin/launchevent/handlers.js';
import type { FetchLike } from '../../../addin/launchevent/recipient-check.js';
import { officeLaunchEventHost, type LaunchEvent } from '../../../addin/office/launch-event-host.js';
import type { RecipientWarning } from '../../../shared/recipients-api.js';

const ORIGIN = 'https://bridge.example.com';
const OURS = 'dingdemo.example.com';

/** What the fake Outlook item holds and what the handlers did to it. */
interface Mailbox {
  to: string[];
  cc: string[];
  bcc: string[];
  failGetAsync: boolean;
  /** notification bars currently shown, by key */
  notices: Map<string, Office.NotificationMessageDetails>;
  removals: number;
  registered: Map<string, (event: LaunchEvent) => unknown>;
}

/**
 * Installs a global `Office` for the real host adapter: office-addin-mock builds the object tree
 * (for Outlook it is only a builder, microsoft.md §3.1), the callback behaviour is written here.
 * Callbacks run asynchronously, as in Outlook.
 */
function installOffice(displayLanguage = 'en-US'): Mailbox {
  const box: Mailbox = { to: [], cc: [], bcc: [], failGetAsync: false, notices: new Map(), removals: 0, registered: new Map() };
  const later = (fn: () => void) => void setTimeout(fn, 1);
  const field = (name: 'to' | 'cc' | 'bcc') => ({
    getAsync(callback: (result: unknown) => void) {
      later(() =>
        callback(
          box.failGetAsync
            ? { status: 'failed', error: { message: 'item is gone' } }
            : { status: 'succeeded', value: box[name].map((emailAddress) => ({ emailAddress, displayName: emailAddress, recipientType: 'user' })) },
        ),
      );
    },
  });
  const mock = new OfficeMockObject({
    host: 'outlook',
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    MailboxEnums: {
      ItemNotificationMessageType: { InformationalMessage: 'informationalMessage', ErrorMessage: 'errorMessage', InsightMessage: 'insightMessage', ProgressIndicator: 'progressIndicator' },
      SendModeOverride: { PromptUser: 'promptUser' },
    },
    context: {
      displayLanguage,
      mailbox: {
        item: {
          to: field('to'),
          cc: field('cc'),
          bcc: field('bcc'),
          notificationMessages: {
            replaceAsync(key: string, details: Office.NotificationMessageDetails, callback: (result: unknown) => void) {
              // Outlook's own limit: longer messages fail with ArgumentOutOfRange
              if (details.message.length > 150) return later(() => callback({ status: 'failed', error: { message: 'ArgumentOutOfRange' } }));
              later(() => {
                box.notices.set(key, details);
                callback({ status: 'succeeded' });
              });
            },
            removeAsync(key: string, callback: (result: unknown) => void) {
              later(() => {
                const had = box.notices.delete(key);
                box.removals++;
                callback(had ? { status: 'succeeded' } : { status: 'failed', error: { message: 'KeyNotFound' } });
              });
            },
          },
        },
      },
    },
    actions: {
      associate(name: string, handler: (event: LaunchEvent) => unknown) {
        box.registered.set(name, handler);
      },
    },
  });
  (globalThis as { Office?: unknown }).Office = mock;
  return box;
}

/** An event object that records what `completed` was called with. */
function fakeEvent(): { event: LaunchEvent; completions: Array<Office.SmartAlertsEventCompletedOptions | undefined> } {
  const completions: Array<Office.SmartAlertsEventCompletedOptions | undefined> = [];
  const event = { completed: (options?: Office.SmartAlertsEventCompletedOptions) => void completions.push(options) };
  return { event: event as unknown as LaunchEvent, completions };
}

/** The backend as the directory would answer: warnings for the lookalikes it knows. */
function backend(known: Record<string, RecipientWarning>): { fetch: FetchLike; requests: Array<{ url: string; headers: Record<string, string>; recipients: string[] }> } {
  const requests: Array<{ url: string; headers: Record<string, string>; recipients: string[] }> = [];
  const fetch: FetchLike = async (url, init) => {
    const { recipients } = JSON.parse(init.body) as { recipients: string[] };
    requests.push({ url, headers: init.headers, recipients });
    const warnings = recipients.flatMap((r) => (known[r] === undefined ? [] : [known[r]]));
    return { ok: true, status: 200, json: async () => ({ warnings }) };
  };
  return { fetch, requests };
}

const ZHANGS1: RecipientWarning = {
  address: `zhangs1@${OURS}`,
  reason: 'lookalike',
  resembles: { email: `zhangsl@${OURS}`, name: '张三', userid: 'zhangsan' },
  detail: "differs from zhangsl@dingdemo.example.com only by '1' instead of 'l'",
};

function deps(fetch: FetchLike, overrides: Partial<LaunchEventDeps> = {}): LaunchEventDeps {
  return { host: () => officeLaunchEventHost(), origin: ORIGIN, fetch, tokens: null, timeoutMs: 200, ...overrides };
}

describe('addin/launchevent/handlers', () => {
  // why restore rather than delete: other add-in suites in the same mocha run may install their own Office
  let previousOffice: unknown;
  beforeEach(() => {
    previousOffice = (globalThis as { Office?: unknown }).Office;
  });
  afterEach(() => {
    (globalThis as { Office?: unknown }).Office = previousOffice;
  });

  describe('OnMessageSend', () => {
    it('blocks a send to a lookalike with a Smart Alert naming the address it resembles, and lets the user send anyway', async () => {
      const box = installOffice();
      box.to = [`lisi@${OURS}`];
      box.cc = [`zhangs1@${OURS}`];
      box.bcc = ['boss@partner.example.org'];
      const { fetch, requests } = backend({ [ZHANGS1.address]: ZHANGS1 });
      const { event, completions } = fakeEvent();

      await createLaunchEventHandlers(deps(fetch)).onMessageSendHandler(event);

      assert.deepEqual(requests, [{ url: `${ORIGIN}/api/recipients/check`, headers: { 'content-type': 'application/json', accept: 'application/json' }, recipients: [`lisi@${OURS}`, `zhangs1@${OURS}`, 'boss@partner.example.org'] }]);
      assert.equal(completions.length, 1);
      const options = completions[0];
      assert.equal(options?.allowEvent, false);
      assert.equal(options?.errorMessage, `zhangs1@${OURS} looks like zhangsl@${OURS} (张三)\nIt may be a typo. Send anyway?`);
      assert.equal(options?.sendModeOverride, 'promptUser');
      assert.equal(options?.cancelLabel, 'Fix recipients');
      assert.ok((options?.cancelLabel ?? '').length <= 20);
    });

    it('allows a send whose recipients are all correct, without a notification', async () => {
      const box = installOffice();
      box.to = [`zhangsl@${OURS}`];
      const { fetch, requests } = backend({ [ZHANGS1.address]: ZHANGS1 });
      const { event, completions } = fakeEvent();
      await createLaunchEventHandlers(deps(fetch)).onMessageSendHandler(event);
      assert.equal(requests.length, 1);
      assert.deepEqual(completions, [{ allowEvent: true }]);
      assert.equal(box.notices.size, 0);
    });

    it('allows a send and says why when the backend is down', async () => {
      const box = installOffice();
      box.to = [`zhangs1@${OURS}`];
      const down: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
      const { event, completions } = fakeEvent();
      await createLaunchEventHandlers(deps(down)).onMessageSendHandler(event);
      assert.deepEqual(completions, [{ allowEvent: true }]);
      const notice = box.notices.get(NOTICE_KEY);
      assert.match(notice?.message ?? '', /^Recipient check unavailable: the server cannot be reached/);
      // no manifest icon configured → ErrorMessage, the type that needs none
      assert.equal(notice?.type, 'errorMessage');
    });

    it('allows a send within the time budget when the backend never answers, and aborts the request', async () => {
      const box = installOffice();
      box.to = [`zhangs1@${OURS}`];
      let signal: AbortSignal | undefined;
      const hanging: FetchLike = (_url, init) => {
        signal = init.signal;
        return new Promise(() => undefined);
      };
      const { event, completions } = fakeEvent();
      const started = Date.now();
      await createLaunchEventHandlers(deps(hanging, { timeoutMs: 50 })).onMessageSendHandler(event);
      assert.ok(Date.now() - started < 1000, 'completed long before any platform limit');
      assert.deepEqual(completions, [{ allowEvent: true }]);
      assert.equal(signal?.aborted, true);
      assert.match(box.notices.get(NOTICE_KEY)?.message ?? '', /did not answer in time/);
    });

    it('allows a send when the backend answers an error or nonsense', async () => {
      for (const [answer, why] of [
        [{ ok: false, status: 503, json: async () => ({ error: {} }) }, /answered 503/],
        [{ ok: false, status: 401, json: async () => ({ error: {} }) }, /not signed in/],
        [{ ok: true, status: 200, json: async () => ({ warnings: 'none' }) }, /not understood/],
        [{ ok: true, status: 200, json: () => Promise.reject(new SyntaxError('Unexpected token <')) }, /not understood/],
      ] as const) {
        const box = installOffice();
        box.to = [`zhangs1@${OURS}`];
        const { event, completions } = fakeEvent();
        await createLaunchEventHandlers(deps(async () => answer)).onMessageSendHandler(event);
        assert.deepEqual(completions, [{ allowEvent: true }]);
        assert.match(box.notices.get(NOTICE_KEY)?.message ?? '', why);
      }
    });

    it('allows a send when the recipients cannot be read', async () => {
      const box = installOffice();
      box.failGetAsync = true;
      const { fetch, requests } = backend({});
      const { event, completions } = fakeEvent();
      await createLaunchEventHandlers(deps(fetch)).onMessageSendHandler(event);
      assert.deepEqual(completions, [{ allowEvent: true }]);
      assert.equal(requests.length, 0);
      assert.match(box.notices.get(NOTICE_KEY)?.message ?? '', /recipients could not be read/);
    });

    it('completes exactly once even when the host itself throws', async () => {
      installOffice();
      const { event, completions } = fakeEvent();
      const broken = deps(backend({}).fetch, {
        host: () => {
          throw new Error('no mailbox');
        },
      });
      await createLaunchEventHandlers(broken).onMessageSendHandler(event);
      assert.deepEqual(completions, [{ allowEvent: true }]);
    });

    it('sends the token as a bearer and goes anonymous when the provider fails', async () => {
      const box = installOffice();
      box.to = [`lisi@${OURS}`];
      const { fetch, requests } = backend({});
      await createLaunchEventHandlers(deps(fetch, { tokens: { getToken: async () => 'tok-123' } })).onMessageSendHandler(fakeEvent().event);
      await createLaunchEventHandlers(deps(fetch, { tokens: { getToken: () => Promise.reject(new Error('interaction required')) } })).onMessageSendHandler(fakeEvent().event);
      assert.equal(requests[0]?.headers.authorization, 'Bearer tok-123');
      assert.equal(requests[1]?.headers.authorization, undefined);
    });

    it('speaks the display language (zh-CN, zh-HK)', async () => {
      for (const [language, expected, label] of [
        ['zh-CN', `zhangs1@${OURS} 与通讯录中的 zhangsl@${OURS}（张三）相似\n可能输错了地址，仍要发送吗？`, '修改收件人'],
        ['zh-HK', `zhangs1@${OURS} 與通訊錄中的 zhangsl@${OURS}（张三）相似\n地址可能輸入錯誤，仍要傳送嗎？`, '修改收件者'],
      ] as const) {
        const box = installOffice(language);
        box.to = [`zhangs1@${OURS}`];
        const { event, completions } = fakeEvent();
        await createLaunchEventHandlers(deps(backend({ [ZHANGS1.address]: ZHANGS1 }).fetch)).onMessageSendHandler(event);
        assert.equal(completions[0]?.errorMessage, expected);
        assert.equal(completions[0]?.cancelLabel, label);
      }
    });

    it('asks about each distinct recipient once, and about no more than the API accepts', async () => {
      const box = installOffice();
      box.to = Array.from({ length: 600 }, (_, i) => `p${i}@${OURS}`);
      box.cc = [`p0@${OURS}`];
      const { fetch, requests } = backend({});
      await createLaunchEventHandlers(deps(fetch)).onMessageSendHandler(fakeEvent().event);
      assert.equal(requests[0]?.recipients.length, 500);
      assert.equal(new Set(requests[0]?.recipients).size, 500);
    });

    it('allows an empty message without asking the backend', async () => {
      installOffice();
      const { fetch, requests } = backend({});
      const { event, completions } = fakeEvent();
      await createLaunchEventHandlers(deps(fetch)).onMessageSendHandler(event);
      assert.deepEqual(completions, [{ allowEvent: true }]);
      assert.equal(requests.length, 0);
    });

    it('passes a configured Take Action command to the dialog', async () => {
      const box = installOffice();
      box.to = [`zhangs1@${OURS}`];
      const { event, completions } = fakeEvent();
      await createLaunchEventHandlers(deps(backend({ [ZHANGS1.address]: ZHANGS1 }).fetch, { commandId: 'msgComposeOpenPaneButton' })).onMessageSendHandler(event);
      assert.equal(completions[0]?.commandId, 'msgComposeOpenPaneButton');
    });
  });

  describe('OnMessageRecipientsChanged', () => {
    it('adds a notification for a lookalike and removes it once the address is fixed', async () => {
      const box = installOffice();
      const { fetch } = backend({ [ZHANGS1.address]: ZHANGS1 });
      const handlers = createLaunchEventHandlers(deps(fetch));

      box.to = [`zhangs1@${OURS}`];
      const first = fakeEvent();
      await handlers.onMessageRecipientsChangedHandler(first.event);
      assert.deepEqual(first.completions, [undefined]);
      const notice = box.notices.get(NOTICE_KEY);
      assert.equal(notice?.type, 'errorMessage');
      assert.equal(notice?.message, `zhangs1@${OURS} looks like zhangsl@${OURS} (张三). Check the address.`);

      box.to = [`zhangsl@${OURS}`];
      const second = fakeEvent();
      await handlers.onMessageRecipientsChangedHandler(second.event);
      assert.deepEqual(second.completions, [undefined]);
      assert.equal(box.notices.has(NOTICE_KEY), false);
    });

    it('keeps the notification within Outlook\'s 150 characters however many lookalikes there are', async () => {
      const box = installOffice();
      const many = Array.from({ length: 7 }, (_, i): RecipientWarning => ({
        ...ZHANGS1,
        address: `a-very-long-local-part-number-${i}@${OURS}`,
        resembles: { email: `a-very-long-local-part-number-${i}x@${OURS}`, name: '欧阳司马诸葛尉迟上官', userid: `u${i}` },
      }));
      box.to = many.map((w) => w.address);
      await createLaunchEventHandlers(deps(backend(Object.fromEntries(many.map((w) => [w.address, w])) ).fetch)).onMessageRecipientsChangedHandler(fakeEvent().event);
      const message = box.notices.get(NOTICE_KEY)?.message ?? '';
      assert.ok(message.length > 0 && message.length <= 150, message);
    });

    it('lets only the newest of overlapping checks set the notification', async () => {
      const box = installOffice();
      const answers: Array<(warnings: RecipientWarning[]) => void> = [];
      const manual: FetchLike = () =>
        new Promise((resolve) => answers.push((warnings) => resolve({ ok: true, status: 200, json: async () => ({ warnings }) })));
      const handlers = createLaunchEventHandlers(deps(manual, { timeoutMs: 2000 }));

      box.to = [`zhangs1@${OURS}`];
      const older = handlers.onMessageRecipientsChangedHandler(fakeEvent().event);
      while (answers.length < 1) await new Promise((r) => setTimeout(r, 1));
      box.to = [`zhangsl@${OURS}`];
      const newer = handlers.onMessageRecipientsChangedHandler(fakeEvent().event);
      while (answers.length < 2) await new Promise((r) => setTimeout(r, 1));
      answers[1]?.([]); // the newer check: all fine
      await newer;
      answers[0]?.([ZHANGS1]); // the older, stale answer arrives last
      await older;
      assert.equal(box.notices.has(NOTICE_KEY), false);
    });

    it('notes, without blocking, that the check is unavailable, and completes', async () => {
      const box = installOffice();
      box.to = [`zhangs1@${OURS}`];
      const { event, completions } = fakeEvent();
      await createLaunchEventHandlers(deps(() => Promise.reject(new TypeError('offline')))).onMessageRecipientsChangedHandler(event);
      assert.deepEqual(completions, [undefined]);
      assert.match(box.notices.get(NOTICE_KEY)?.message ?? '', /^Recipient check unavailable/);
    });

    it('uses an InformationalMessage with the manifest icon for notes when one is configured', async () => {
      const box = installOffice();
      box.to = [`zhangs1@${OURS}`];
      await createLaunchEventHandlers(deps(() => Promise.reject(new TypeError('offline')), { host: () => officeLaunchEventHost({ infoIcon: 'Icon.16x16' }) })).onMessageRecipientsChangedHandler(fakeEvent().event);
      assert.deepEqual(box.notices.get(NOTICE_KEY), {
        type: 'informationalMessage',
        message: 'Recipient check unavailable: the server cannot be reached. The message was not checked for mistyped addresses.',
        icon: 'Icon.16x16',
        persistent: false,
      });
    });

    it('completes even when the notification never calls back', async () => {
      const box = installOffice();
      box.to = [`zhangs1@${OURS}`];
      const office = (globalThis as unknown as { Office: { context: { mailbox: { item: { notificationMessages: { replaceAsync: unknown } } } } } }).Office;
      office.context.mailbox.item.notificationMessages.replaceAsync = () => undefined;
      const { event, completions } = fakeEvent();
      await createLaunchEventHandlers(deps(backend({ [ZHANGS1.address]: ZHANGS1 }).fetch, { noticeTimeoutMs: 30 })).onMessageRecipientsChangedHandler(event);
      assert.deepEqual(completions, [undefined]);
      assert.equal(box.notices.size, 0);
    });
  });

  describe('entry (index.ts)', () => {
    it('registers both handlers under the manifest names, and without a backend lets mail through', async () => {
      const box = installOffice();
      box.to = [`zhangs1@${OURS}`];
      await import('../../../addin/launchevent/index.js');
      assert.deepEqual([...box.registered.keys()].sort(), [ON_MESSAGE_RECIPIENTS_CHANGED, ON_MESSAGE_SEND].sort());
      assert.equal(ON_MESSAGE_SEND, 'onMessageSendHandler');
      assert.equal(ON_MESSAGE_RECIPIENTS_CHANGED, 'onMessageRecipientsChangedHandler');
      // Node has no `location` and the build constant is not defined here: no backend origin
      const { event, completions } = fakeEvent();
      await box.registered.get(ON_MESSAGE_SEND)?.(event);
      assert.deepEqual(completions, [{ allowEvent: true }]);
      const notice = box.notices.get(NOTICE_KEY);
      assert.match(notice?.message ?? '', /no server is configured/);
      assert.equal(notice?.type, 'informationalMessage', 'the entry names the manifest icon');
    });
  });
});
