import PostalMime from 'postal-mime';
import type { Logger } from 'pino';
import type { MailboxMessage, MailboxProvider } from '../connectors/mailbox/contract.js';
import type { ThreadStore } from './thread-store.js';

const PREVIEW_CHARS = 255;

/**
 * A DingTalk mailbox that also records the headers of every message the sync sees (and a body preview
 * whenever the sync fetches or writes a source), so the Thread view answers from the database instead of
 * from IMAP. Read state follows from the change reads (our own flag writes come back in the next one),
 * so recording adds no IMAP call. Recording never fails the sync: a failed write is logged.
 */
export function recordingMailbox(inner: MailboxProvider, threads: ThreadStore, mailbox: string, logger: Logger): MailboxProvider {
  const note = (work: Promise<unknown>): void => {
    work.catch((error: unknown) => logger.warn({ err: error }, 'could not record thread headers'));
  };
  const fromMessage = (m: MailboxMessage) =>
    m.messageId === null
      ? null
      : {
          mailbox,
          messageId: m.messageId,
          inReplyTo: m.inReplyTo,
          references: m.references,
          subject: m.subject,
          from: m.from === null ? null : { name: m.from.name, email: m.from.address },
          to: m.to.map((t) => ({ name: t.name, email: t.address })),
          preview: '',
          sentAt: m.receivedAt,
          seen: m.flags.seen,
          linkedAt: null,
        };
  const fromRaw = async (raw: Buffer, seen: boolean | null): Promise<void> => {
    const parsed = await PostalMime.parse(raw);
    if (parsed.messageId === undefined || parsed.messageId === '') return;
    const references = (parsed.references ?? '').split(/\s+/).filter((r) => r !== '');
    await threads.record({
      mailbox,
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo ?? null,
      references,
      subject: parsed.subject ?? '',
      from: parsed.from?.address === undefined ? null : { name: parsed.from.name, email: parsed.from.address },
      to: (parsed.to ?? []).flatMap((t) => (t.address === undefined ? [] : [{ name: t.name, email: t.address }])),
      preview: (parsed.text ?? '').replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS),
      sentAt: parsed.date === undefined ? Date.now() : Date.parse(parsed.date),
      seen,
      linkedAt: null,
    });
  };
  return Object.assign(Object.create(inner) as MailboxProvider, {
    async changesSince(...args: Parameters<MailboxProvider['changesSince']>) {
      const changes = await inner.changesSince(...args);
      for (const m of changes.changed) {
        const record = fromMessage(m);
        if (record !== null) note(threads.record(record));
      }
      return changes;
    },
    async fetchRaw(path: string, uid: number) {
      const raw = await inner.fetchRaw(path, uid);
      if (raw !== null) note(fromRaw(raw, null));
      return raw;
    },
    async append(...args: Parameters<MailboxProvider['append']>) {
      const written = await inner.append(...args);
      note(fromRaw(args[1], args[2].seen));
      return written;
    },
  });
}
