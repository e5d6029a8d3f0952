import type { UnavailableReason } from './recipient-check.js';

/**
 * The event handlers' own small string table (zh-CN, zh-HK, en-US). Deliberately independent of the
 * task pane's i18n so the event bundle stays small (classic Outlook loads it as one plain script).
 */
export type Locale = 'zh-CN' | 'zh-HK' | 'en-US';

export interface LaunchEventStrings {
  /** "zhangs1@… looks like zhangsl@… (张三)" */
  resembles(address: string, email: string, name: string): string;
  /** the recipient's domain looks like one of ours, and nobody there has its local part */
  domainResembles(address: string, domain: string): string;
  notice(first: string, more: number): string;
  /** the Smart Alerts dialog: one line per lookalike, then the question */
  send(lines: readonly string[], more: number): string;
  /** ≤ 20 characters (SmartAlertsEventCompletedOptions.cancelLabel) */
  cancelLabel: string;
  unavailable(reason: UnavailableReason): string;
}

const EN: LaunchEventStrings = {
  resembles: (address, email, name) => `${address} looks like ${email} (${name})`,
  domainResembles: (address, domain) => `${address} is at a domain that looks like ${domain}`,
  notice: (first, more) => `${first}${more > 0 ? ` (+${more} more)` : ''}. Check the address.`,
  send: (lines, more) => `${lines.join('\n')}${more > 0 ? `\n…and ${more} more.` : ''}\nIt may be a typo. Send anyway?`,
  cancelLabel: 'Fix recipients',
  unavailable: (reason) => `Recipient check unavailable: ${enReason(reason)}. The message was not checked for mistyped addresses.`,
};

function enReason(reason: UnavailableReason): string {
  switch (reason.kind) {
    case 'timeout':
      return 'the server did not answer in time';
    case 'network':
      return 'the server cannot be reached';
    case 'unauthorized':
      return 'you are not signed in to the DingTalk bridge';
    case 'status':
      return `the server answered ${reason.status}`;
    case 'bad-response':
      return 'the server answer was not understood';
    case 'no-backend':
      return 'no server is configured';
    case 'recipients-unreadable':
      return 'the recipients could not be read';
  }
}

const ZH_CN: LaunchEventStrings = {
  resembles: (address, email, name) => `${address} 与通讯录中的 ${email}（${name}）相似`,
  domainResembles: (address, domain) => `${address} 的域名与 ${domain} 相似`,
  notice: (first, more) => `${first}${more > 0 ? `（另有 ${more} 个）` : ''}，请检查地址。`,
  send: (lines, more) => `${lines.join('\n')}${more > 0 ? `\n……另有 ${more} 个。` : ''}\n可能输错了地址，仍要发送吗？`,
  cancelLabel: '修改收件人',
  unavailable: (reason) => `收件人检查暂不可用：${zhCnReason(reason)}。本邮件未检查地址是否输错。`,
};

function zhCnReason(reason: UnavailableReason): string {
  switch (reason.kind) {
    case 'timeout':
      return '服务器未及时响应';
    case 'network':
      return '无法连接服务器';
    case 'unauthorized':
      return '尚未登录钉钉桥接服务';
    case 'status':
      return `服务器返回 ${reason.status}`;
    case 'bad-response':
      return '无法识别服务器的响应';
    case 'no-backend':
      return '未配置服务器';
    case 'recipients-unreadable':
      return '无法读取收件人';
  }
}

const ZH_HK: LaunchEventStrings = {
  resembles: (address, email, name) => `${address} 與通訊錄中的 ${email}（${name}）相似`,
  domainResembles: (address, domain) => `${address} 的網域與 ${domain} 相似`,
  notice: (first, more) => `${first}${more > 0 ? `（另有 ${more} 個）` : ''}，請檢查地址。`,
  send: (lines, more) => `${lines.join('\n')}${more > 0 ? `\n……另有 ${more} 個。` : ''}\n地址可能輸入錯誤，仍要傳送嗎？`,
  cancelLabel: '修改收件者',
  unavailable: (reason) => `收件者檢查暫時無法使用：${zhHkReason(reason)}。此郵件未有檢查地址是否輸入錯誤。`,
};

function zhHkReason(reason: UnavailableReason): string {
  switch (reason.kind) {
    case 'timeout':
      return '伺服器未有及時回應';
    case 'network':
      return '無法連線至伺服器';
    case 'unauthorized':
      return '尚未登入釘釘橋接服務';
    case 'status':
      return `伺服器回應 ${reason.status}`;
    case 'bad-response':
      return '無法識別伺服器的回應';
    case 'no-backend':
      return '未設定伺服器';
    case 'recipients-unreadable':
      return '無法讀取收件者';
  }
}

const TABLE: Readonly<Record<Locale, LaunchEventStrings>> = { 'zh-CN': ZH_CN, 'zh-HK': ZH_HK, 'en-US': EN };

/** Traditional-script and Hong Kong/Taiwan/Macau tags read zh-HK; other Chinese zh-CN; else English. */
export function localeOf(displayLanguage: string): Locale {
  const tag = displayLanguage.toLowerCase();
  if (tag !== 'zh' && !tag.startsWith('zh-')) return 'en-US';
  return /^zh-(hant|hk|tw|mo)\b/.test(tag) ? 'zh-HK' : 'zh-CN';
}

export function stringsFor(displayLanguage: string): LaunchEventStrings {
  return TABLE[localeOf(displayLanguage)];
}
