/**
 * Starts the real mail servers the DingTalk Mail connector is tested against, for trying things by hand
 * (a mail client, the sync engine in dev): a private Dovecot IMAP server and
 * an SMTP server that delivers into it, both on 127.0.0.1 without TLS. Prints host, ports and two
 * accounts; stops on Ctrl-C. Dovecot needs root here (its mail processes run as the "dovecot" user).
 *
 *   npx tsx scripts/test-servers.ts [--plain]
 *
 * --plain: Dovecot without CONDSTORE, QRESYNC and SPECIAL-USE, with the Chinese folder names DingTalk
 * Mail uses (已发送, 已删除, 草稿箱) — the plain IMAP4rev1 path.
 */
import { requireDovecot, startDovecot } from '../test/helpers/dovecot.js';
import { startSmtpServer } from '../test/helpers/smtp-server.js';

const plain = process.argv.includes('--plain');

try {
  requireDovecot();
} catch (error) {
  console.error((error as Error).message); // names the apt-get line when Dovecot is missing
  process.exit(1);
}

const dovecot = await startDovecot(
  plain
    ? { removeCapabilities: ['CONDSTORE', 'QRESYNC', 'SPECIAL-USE'], folders: { 已发送: null, 已删除: null, 草稿箱: null, Archive: null, 垃圾邮件: null } }
    : {},
);
const alice = await dovecot.createUser();
const bob = await dovecot.createUser();
const smtp = await startSmtpServer({
  users: new Map([
    [alice.user, alice.password],
    [bob.user, bob.password],
  ]),
  deliverTo: { host: dovecot.host, port: dovecot.port, accounts: new Map([[alice.user, alice], [bob.user, bob]]) },
});

console.log(`Dovecot IMAP  ${dovecot.host}:${dovecot.port}  (no TLS${plain ? '; no CONDSTORE/QRESYNC/SPECIAL-USE' : ''})`);
console.log(`SMTP          ${smtp.host}:${smtp.port}  (no TLS, AUTH PLAIN/LOGIN; delivers to the accounts below)`);
for (const account of [alice, bob]) console.log(`account       ${account.user}  password ${account.password}`);
console.log('Ctrl-C stops both.');

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await smtp.close();
  await dovecot.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
