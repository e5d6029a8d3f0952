import type { Logger } from 'pino';
import { composeMessage } from '../../connectors/mailbox/mime.js';
import { createPrng, pick as pickOne } from '../dingtalk/prng.js';
import type { SandboxMailbox } from './sandbox-mailbox.js';

/** Who writes to the demo's DingTalk mailboxes: the cross-border trade the product is for. */
const SENDERS = [
  { name: '上海海关 报关科', address: 'declare@customs-sh.example.cn' },
  { name: '深圳前海物流', address: 'ops@qianhai-logistics.example.cn' },
  { name: 'Hong Kong Freight Ltd', address: 'booking@hkfreight.example.com' },
  { name: '宁波港 集装箱码头', address: 'terminal@ningbo-port.example.cn' },
] as const;

const SUBJECTS = ['报关单补充材料通知', '提单确认 B/L', '到港时间变更', '查验通知', '舱位确认', '发票与装箱单核对'] as const;

const BODIES = [
  '您好，请于今日 17:00 前补充原产地证明及装箱单扫描件，以免影响放行。',
  '附件为提单草稿，请核对收货人及唛头信息，如无问题请回复确认。',
  '因台风影响，船期顺延 24 小时，预计明日上午 10 时到港。',
  '贵司货柜被抽中查验，请安排报关员明日 9:30 到场。',
] as const;

export interface DemoMailOptions {
  /** the demo's DingTalk mailboxes, by their DingTalk address */
  mailboxes: ReadonlyMap<string, SandboxMailbox>;
  intervalMs: number;
  logger: Logger;
  seed?: number;
}

/**
 * New DingTalk mail every so often in the demo's mailboxes (issue 5: "so a new user sees sync happen").
 * About one in three is a reply in an earlier thread, so the Thread view has threads to show.
 * `deliverNow` sends one at once (the first mail of a demo run, and tests).
 */
export function startDemoMail(options: DemoMailOptions): { stop(): void; deliverNow(): Promise<void> } {
  const random = createPrng(options.seed ?? 20261121);
  const addresses = [...options.mailboxes.keys()];
  const threads: Array<{ to: string; messageId: string; subject: string; references: string[]; sender: (typeof SENDERS)[number] }> = [];
  let n = 0;
  const pick = <T>(list: readonly T[]): T => pickOne(random, list);

  const deliverOne = async (): Promise<void> => {
    if (addresses.length === 0) return;
    const reply = threads.length > 0 && random() < 0.34 ? pick(threads) : null;
    const to = reply?.to ?? pick(addresses);
    const sender = reply?.sender ?? pick(SENDERS);
    const subject = reply === null ? `${pick(SUBJECTS)} #${1000 + n}` : `Re: ${reply.subject}`;
    const messageId = `<demo-${Date.now()}-${n++}@dingdemo.example.com>`;
    const references = reply === null ? [] : [...reply.references, reply.messageId];
    const raw = await composeMessage({
      from: sender,
      to: [to],
      subject,
      text: pick(BODIES),
      messageId,
      ...(reply === null ? {} : { inReplyTo: reply.messageId, references }),
      date: new Date(),
    });
    await options.mailboxes.get(to)?.deliver(raw, {});
    threads.push({ to, messageId, subject: reply?.subject ?? subject, references, sender });
    if (threads.length > 50) threads.shift();
    options.logger.debug({ to, subject }, 'demo mail delivered');
  };

  const timer = setInterval(() => {
    void deliverOne().catch((error: unknown) => options.logger.warn({ err: error }, 'demo mail could not be delivered'));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), deliverNow: deliverOne };
}
