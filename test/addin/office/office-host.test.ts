import assert from 'node:assert/strict';
import { OfficeCallError, OutlookOfficeHost, whenOfficeReady } from '../../../addin/office/office-host.js';

/**
 * A hand-written Office.js stand-in: only the members office-host.ts touches, with Outlook's callback
 * semantics (office-addin-mock builds plain trees for Outlook and would not call back, microsoft.md §3.1).
 */
type Callback<T> = (result: { status: string; value?: T; error?: { code: number; message: string } }) => void;

interface Stub {
  handlers: Map<string, () => void>;
  added: Array<{ field: string; batch: Array<{ emailAddress: string; displayName: string }> }>;
  newForms: unknown[];
  replies: string[];
  replyAlls: string[];
  dialog: { messages: Array<(arg: unknown) => void>; events: Array<(arg: unknown) => void>; closed: boolean };
}

function recipients(field: string, stub: Stub, existing: Array<{ emailAddress: string; displayName: string }>) {
  return {
    getAsync: (cb: Callback<unknown>) => cb({ status: 'succeeded', value: existing }),
    addAsync: (batch: Array<{ emailAddress: string; displayName: string }>, cb: Callback<void>) => {
      stub.added.push({ field, batch });
      cb({ status: 'succeeded' });
    },
  };
}

function installOffice(item: 'read' | 'compose' | null, theme?: string): Stub {
  const stub: Stub = { handlers: new Map(), added: [], newForms: [], replies: [], replyAlls: [], dialog: { messages: [], events: [], closed: false } };
  const readItem = {
    subject: 'Q3 sales meeting',
    itemId: 'EWS-ID',
    internetMessageId: '<m1@example.com>',
    conversationId: 'CONV',
    from: { displayName: '李娜', emailAddress: 'lina@example.com', recipientType: 'user' },
    to: [{ displayName: 'zhangwei@example.com', emailAddress: 'zhangwei@example.com', recipientType: 'user' }],
    cc: [],
    displayReplyForm: (html: string) => stub.replies.push(html),
    displayReplyAllForm: (html: string) => stub.replyAlls.push(html),
  };
  const composeItem = {
    subject: { getAsync: (cb: Callback<string>) => cb({ status: 'succeeded', value: 'Draft subject' }) },
    from: { getAsync: (cb: Callback<unknown>) => cb({ status: 'succeeded', value: { displayName: 'Me', emailAddress: 'me@example.com' } }) },
    conversationId: '',
    to: recipients('to', stub, [{ displayName: '张伟', emailAddress: 'zhangwei@example.com' }]),
    cc: recipients('cc', stub, []),
    bcc: recipients('bcc', stub, []),
  };
  const office = {
    HostType: { Outlook: 'Outlook' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { ItemChanged: 'olkItemSelectedChanged', OfficeThemeChanged: 'officeThemeChanged', DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    MailboxEnums: { RestVersion: { v2_0: 'v2.0' } },
    onReady: async () => ({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      displayLanguage: 'zh-HK',
      officeTheme: theme === undefined ? undefined : { bodyBackgroundColor: theme },
      requirements: { isSetSupported: (name: string, version: string) => name === 'Mailbox' || (name === 'NestedAppAuth' && version === '1.1') },
      ui: {
        displayDialogAsync: (_url: string, _options: unknown, cb: Callback<unknown>) =>
          cb({
            status: 'succeeded',
            value: {
              addEventHandler: (type: string, handler: (arg: unknown) => void) =>
                (type === 'dialogMessageReceived' ? stub.dialog.messages : stub.dialog.events).push(handler),
              close: () => (stub.dialog.closed = true),
            },
          }),
      },
      mailbox: {
        item: item === 'read' ? readItem : item === 'compose' ? composeItem : null,
        userProfile: { emailAddress: 'zhangwei@example.com', displayName: '张伟' },
        convertToRestId: (id: string, version: string) => `REST(${id},${version})`,
        addHandlerAsync: (type: string, handler: () => void) => stub.handlers.set(type, handler),
        removeHandlerAsync: (type: string) => stub.handlers.delete(type),
        displayNewMessageForm: (form: unknown) => stub.newForms.push(form),
      },
    },
  };
  (globalThis as { Office?: unknown }).Office = office;
  return stub;
}

describe('OutlookOfficeHost', () => {
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
  });

  it('describes a received message with its REST id and Message-ID', async () => {
    installOffice('read');
    const host = new OutlookOfficeHost();
    assert.deepEqual(await host.currentItem(), {
      mode: 'read',
      itemId: 'REST(EWS-ID,v2.0)',
      internetMessageId: '<m1@example.com>',
      conversationId: 'CONV',
      subject: 'Q3 sales meeting',
      from: { email: 'lina@example.com', name: '李娜' },
    });
    assert.deepEqual(await host.getRecipients('to'), [{ email: 'zhangwei@example.com' }]);
    assert.deepEqual(await host.getRecipients('bcc'), []);
    assert.equal(host.displayLanguage(), 'zh-HK');
    assert.equal(host.supportsNestedAppAuth(), true);
  });

  it('refuses to add recipients to a received message', async () => {
    installOffice('read');
    await assert.rejects(new OutlookOfficeHost().addRecipients('to', [{ email: 'a@b.c' }]), /not a draft/);
  });

  it('adds recipients to a draft in batches of at most 100', async () => {
    const stub = installOffice('compose');
    const host = new OutlookOfficeHost();
    const many = Array.from({ length: 250 }, (_, i) => ({ email: `p${i}@example.com` }));
    await host.addRecipients('bcc', many);
    assert.deepEqual(
      stub.added.map((a) => [a.field, a.batch.length]),
      [
        ['bcc', 100],
        ['bcc', 100],
        ['bcc', 50],
      ],
    );
    assert.deepEqual(stub.added[0]?.batch[0], { emailAddress: 'p0@example.com', displayName: 'p0@example.com' });
    const draft = await host.currentItem();
    assert.equal(draft?.mode, 'compose');
    assert.equal(draft?.subject, 'Draft subject');
    assert.deepEqual(await host.getRecipients('to'), [{ email: 'zhangwei@example.com', name: '张伟' }]);
  });

  it('registers one ItemChanged handler for all listeners and removes it with the last one', () => {
    const stub = installOffice('read');
    const host = new OutlookOfficeHost();
    const seen: string[] = [];
    const offA = host.onItemChanged(() => seen.push('a'));
    const offB = host.onItemChanged(() => seen.push('b'));
    stub.handlers.get('olkItemSelectedChanged')?.();
    assert.deepEqual(seen, ['a', 'b']);
    offA();
    assert.ok(stub.handlers.has('olkItemSelectedChanged'));
    offB();
    assert.equal(stub.handlers.has('olkItemSelectedChanged'), false);
  });

  it('reads a dark Outlook theme from the body background', () => {
    installOffice('read', '#1f1f1f');
    assert.equal(new OutlookOfficeHost().theme(), 'dark');
    installOffice('read', '#ffffff');
    assert.equal(new OutlookOfficeHost().theme(), 'light');
    installOffice('read');
    assert.equal(new OutlookOfficeHost().theme(), 'light');
  });

  it('opens new-message and reply forms', () => {
    const stub = installOffice('read');
    const host = new OutlookOfficeHost();
    host.newMessage([{ email: 'zhangwei@example.com', name: '张伟' }]);
    host.displayReplyForm();
    host.displayReplyAllForm('<p>收到</p>');
    assert.deepEqual(stub.newForms, [{ toRecipients: [{ emailAddress: 'zhangwei@example.com', displayName: '张伟', recipientType: 'user' }] }]);
    assert.deepEqual(stub.replies, ['']);
    assert.deepEqual(stub.replyAlls, ['<p>收到</p>']);
  });

  it('refuses both reply forms for a draft', () => {
    installOffice('compose');
    const host = new OutlookOfficeHost();
    assert.throws(() => host.displayReplyForm(), /received message/);
    assert.throws(() => host.displayReplyAllForm(), /received message/);
  });

  it('resolves the sign-in dialog with its first message and closes it; a closed dialog rejects', async () => {
    const stub = installOffice('read');
    const host = new OutlookOfficeHost();
    const answer = host.openAuthDialog('https://x/addin/auth-dialog.html');
    stub.dialog.messages[0]?.({ message: '{"status":"ok"}', origin: undefined });
    assert.equal(await answer, '{"status":"ok"}');
    assert.equal(stub.dialog.closed, true);

    const stub2 = installOffice('read');
    const closed = new OutlookOfficeHost().openAuthDialog('https://x/addin/auth-dialog.html');
    stub2.dialog.events[0]?.({ error: 12006 });
    await assert.rejects(closed, (e: unknown) => e instanceof OfficeCallError && e.code === 12006);
  });

  it('says when the page is not running inside Outlook', async () => {
    installOffice(null);
    (globalThis as { Office: { onReady: () => Promise<unknown> } }).Office.onReady = async () => ({ host: null, platform: null });
    await assert.rejects(whenOfficeReady(), /inside Outlook/);
    delete (globalThis as { Office?: unknown }).Office;
    await assert.rejects(whenOfficeReady(), /did not load/);
  });
});
