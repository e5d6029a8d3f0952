import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import type { DovecotUser } from './dovecot.js';

export interface ReceivedMail {
  /** the account that logged in */
  user: string;
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

export interface TestSmtpServerOptions {
  /** address → password accepted by AUTH PLAIN/LOGIN */
  users: ReadonlyMap<string, string>;
  /** when set, every accepted message is APPENDed to each recipient's INBOX that has an account there */
  deliverTo?: { host: string; port: number; accounts: ReadonlyMap<string, DovecotUser> };
  /** scripted refusals of RCPT TO: return an SMTP code (4xx transient, 5xx permanent) and text */
  refuseRecipient?: (address: string) => { code: number; message: string } | undefined;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP submission server on 127.0.0.1 (the smtp-server package): no TLS, AUTH PLAIN and LOGIN
 * required, every message recorded with its envelope and exact bytes. With `deliverTo` it also plays
 * the mail system behind it and drops the message into the recipients' Dovecot INBOX.
 */
export async function startSmtpServer(options: TestSmtpServerOptions): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = auth.username === undefined ? undefined : options.users.get(auth.username);
      if (expected === undefined || expected !== auth.password) {
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        return;
      }
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.refuseRecipient?.(address.address);
      if (refusal === undefined) {
        callback();
        return;
      }
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          user: typeof session.user === 'string' ? session.user : '',
          envelope: {
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw: Buffer.concat(chunks),
        };
        received.push(mail);
        deliver(mail, options.deliverTo).then(
          () => callback(null),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP server has no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function deliver(mail: ReceivedMail, target: TestSmtpServerOptions['deliverTo']): Promise<void> {
  if (target === undefined) return;
  for (const recipient of mail.envelope.to) {
    const account = target.accounts.get(recipient);
    if (account === undefined) continue;
    const client = new ImapFlow({
      host: target.host,
      port: target.port,
      secure: false,
      auth: { user: account.user, pass: account.password },
      logger: false,
    });
    await client.connect();
    try {
      await client.append('INBOX', mail.raw);
    } finally {
      await client.logout();
    }
  }
}
