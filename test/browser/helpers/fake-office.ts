/**
 * A stand-in for office.js in the browser tests: just enough of `Office` for taskpane.html (the
 * OutlookOfficeHost) and for the launch-event bundle (Office.actions.associate, notification messages,
 * recipients of a draft). Served in place of the CDN script, so the built pages run unmodified.
 *
 * It is plain JavaScript in a string on purpose: functions handed to page.evaluate/addInitScript are
 * serialised from the tsx-compiled test, and tsx's keepNames wraps inner functions in a `__name`
 * helper that does not exist in the page.
 */

export interface FakeRecipient {
  email: string;
  name?: string;
}

export type FakeOfficeItem =
  | {
      mode: 'read';
      itemId: string;
      internetMessageId: string;
      conversationId: string;
      subject: string;
      from: FakeRecipient;
      to: FakeRecipient[];
      cc?: FakeRecipient[];
    }
  | { mode: 'compose'; subject: string; conversationId?: string; to?: FakeRecipient[]; cc?: FakeRecipient[]; bcc?: FakeRecipient[] };

export interface FakeOfficeOptions {
  /** Office.context.displayLanguage, e.g. zh-CN */
  displayLanguage: string;
  /** drives officeTheme.bodyBackgroundColor, which OutlookOfficeHost reads */
  theme?: 'light' | 'dark';
  /** Office.context.mailbox.userProfile: who the pane signs in as in sandbox mode */
  user: FakeRecipient;
  item: FakeOfficeItem | null;
}

/** What `event.completed(...)` received, and the notification bars shown, as recorded in the page. */
export interface CompletedOptions {
  allowEvent?: boolean;
  errorMessage?: string;
  cancelLabel?: string;
  sendModeOverride?: string;
  commandId?: string;
}

export interface FakeNotice {
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
}

const SCRIPT = String.raw`(function () {
  'use strict';
  var options = __OPTIONS__;
  var SUCCEEDED = 'succeeded';
  var record = { handlers: {}, notices: {}, calls: [], ready: false };
  window.__fakeOffice = record;

  function ok(value) { return { status: SUCCEEDED, value: value }; }
  // Office calls back asynchronously, and the callback may be the 1st or 2nd argument after the data
  function reply(args, result) {
    for (var i = args.length - 1; i >= 0; i--) {
      if (typeof args[i] === 'function') { var cb = args[i]; setTimeout(function () { cb(result); }, 0); return; }
    }
  }
  function details(r) { return { emailAddress: r.email, displayName: r.name || r.email, recipientType: 'user' }; }
  function recipients(list) {
    return {
      getAsync: function () { reply(arguments, ok(list.map(details))); },
      addAsync: function (users) {
        users.forEach(function (u) { list.push({ email: u.emailAddress, name: u.displayName }); });
        record.calls.push({ call: 'addAsync', users: users });
        reply(arguments, ok(undefined));
      },
      setAsync: function (users) {
        list.length = 0;
        users.forEach(function (u) { list.push(typeof u === 'string' ? { email: u } : { email: u.emailAddress, name: u.displayName }); });
        reply(arguments, ok(undefined));
      },
    };
  }
  var notificationMessages = {
    replaceAsync: function (key, message) { record.notices[key] = message; reply(arguments, ok(undefined)); },
    addAsync: function (key, message) { record.notices[key] = message; reply(arguments, ok(undefined)); },
    removeAsync: function (key) { delete record.notices[key]; reply(arguments, ok(undefined)); },
    getAllAsync: function () {
      reply(arguments, ok(Object.keys(record.notices).map(function (key) { return Object.assign({ key: key }, record.notices[key]); })));
    },
  };

  var source = options.item;
  var item = null;
  var fields = null;
  if (source && source.mode === 'read') {
    item = {
      itemType: 'message',
      itemId: source.itemId,
      internetMessageId: source.internetMessageId,
      conversationId: source.conversationId,
      subject: source.subject,
      from: details(source.from),
      to: source.to.map(details),
      cc: (source.cc || []).map(details),
      notificationMessages: notificationMessages,
      displayReplyForm: function (html) { record.calls.push({ call: 'displayReplyForm', html: html }); },
    };
  } else if (source && source.mode === 'compose') {
    fields = { to: (source.to || []).slice(), cc: (source.cc || []).slice(), bcc: (source.bcc || []).slice() };
    item = {
      itemType: 'message',
      conversationId: source.conversationId || null,
      subject: { getAsync: function () { reply(arguments, ok(source.subject)); } },
      from: { getAsync: function () { reply(arguments, ok(details(options.user))); } },
      to: recipients(fields.to),
      cc: recipients(fields.cc),
      bcc: recipients(fields.bcc),
      notificationMessages: notificationMessages,
    };
  }
  /** Replaces a draft field, as the user typing addresses into Outlook would. */
  record.setRecipients = function (field, list) {
    if (fields === null) throw new Error('the fake item is not a draft');
    fields[field].length = 0;
    list.forEach(function (r) { fields[field].push(r); });
  };
  record.recipients = function () { return fields; };

  function mailboxMinor(version) {
    var parts = String(version).split('.');
    return parts[0] === '1' ? Number(parts[1] || 0) : Infinity;
  }

  window.Office = {
    HostType: { Outlook: 'Outlook' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    AsyncResultStatus: { Succeeded: SUCCEEDED, Failed: 'failed' },
    EventType: {
      ItemChanged: 'olkItemSelectedChanged',
      OfficeThemeChanged: 'officeThemeChanged',
      DialogMessageReceived: 'dialogMessageReceived',
      DialogEventReceived: 'dialogEventReceived',
    },
    MailboxEnums: {
      RestVersion: { v2_0: 'v2.0' },
      ItemNotificationMessageType: {
        InformationalMessage: 'informationalMessage',
        ErrorMessage: 'errorMessage',
        ProgressIndicator: 'progressIndicator',
        InsightMessage: 'insightMessage',
      },
      SendModeOverride: { PromptUser: 'promptUser' },
    },
    onReady: function (callback) {
      var info = { host: 'Outlook', platform: 'OfficeOnline' };
      record.ready = true;
      if (typeof callback === 'function') setTimeout(function () { callback(info); }, 0);
      return Promise.resolve(info);
    },
    actions: { associate: function (name, handler) { record.handlers[name] = handler; } },
    context: {
      displayLanguage: options.displayLanguage,
      officeTheme: options.theme === 'dark'
        ? { bodyBackgroundColor: '#292929', bodyForegroundColor: '#ffffff', controlBackgroundColor: '#1f1f1f', controlForegroundColor: '#ffffff' }
        : { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#000000', controlBackgroundColor: '#ffffff', controlForegroundColor: '#000000' },
      // Outlook on the web today: Mailbox up to 1.14, no nested app authentication
      requirements: { isSetSupported: function (name, version) { return name === 'Mailbox' && mailboxMinor(version) <= 14; } },
      mailbox: {
        userProfile: { emailAddress: options.user.email, displayName: options.user.name || options.user.email, timeZone: 'China Standard Time' },
        item: item,
        addHandlerAsync: function () { reply(arguments, ok(undefined)); },
        removeHandlerAsync: function () { reply(arguments, ok(undefined)); },
        convertToRestId: function (id) { return id; },
        displayNewMessageForm: function (parameters) { record.calls.push({ call: 'displayNewMessageForm', parameters: parameters }); },
      },
      ui: {
        displayDialogAsync: function () { reply(arguments, { status: 'failed', error: { code: 12007, message: 'no dialogs in the fake' } }); },
        messageParent: function () {},
      },
    },
  };
})();
`;

/** The script served as office.js: a fake `Office` for these options, recording into `window.__fakeOffice`. */
export function fakeOfficeScript(options: FakeOfficeOptions): string {
  // why: '<' escaped so a value can never end a script element if the text is ever inlined
  return SCRIPT.replace('__OPTIONS__', () => JSON.stringify(options).replace(/</g, '\\u003c'));
}
