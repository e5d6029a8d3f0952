import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How CI and a developer machine get Dovecot (test-servers.md). */
export const DOVECOT_INSTALL = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-imapd';

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((path) => existsSync(path)) ?? '/usr/sbin/dovecot';
const DOVEADM = ['/usr/bin/doveadm', '/usr/local/bin/doveadm'].find((path) => existsSync(path)) ?? '/usr/bin/doveadm';
const IMAP_BINARIES = ['/usr/lib/dovecot/imap', '/usr/libexec/dovecot/imap', '/usr/local/libexec/dovecot/imap'];

/** Throws (never skips) when Dovecot's IMAP server is missing, naming the install command. */
export function requireDovecot(): void {
  if (!existsSync(DOVECOT) || !existsSync(DOVEADM) || !IMAP_BINARIES.some((path) => existsSync(path))) {
    throw new Error(`Dovecot (IMAP) is not installed; these tests need a real IMAP server. Install it with:\n  ${DOVECOT_INSTALL}`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error('the private Dovecot instance runs its mail processes as the "dovecot" user, which needs root (CI runs as root)');
  }
}

export interface DovecotOptions {
  /** capability names Dovecot must not advertise (e.g. CONDSTORE, QRESYNC) — the plain IMAP4rev1 path */
  removeCapabilities?: readonly string[];
  /** folders every user gets: name → RFC 6154 special use, or null to create it without one */
  folders?: Readonly<Record<string, string | null>>;
}

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotServer {
  host: string;
  port: number;
  createUser(): Promise<DovecotUser>;
  /** ends every IMAP session of `user`, like a server restart or a network drop */
  kick(user: string): Promise<void>;
  /** gives the folder a new UIDVALIDITY (doveadm mailbox update), voiding every UID clients hold */
  setUidValidity(user: string, mailbox: string, uidValidity: number): Promise<void>;
  stop(): Promise<void>;
}

const USER_BATCH = 100;

const DEFAULT_FOLDERS = { Sent: '\\Sent', Trash: '\\Trash', Archive: '\\Archive', Drafts: '\\Drafts', Junk: '\\Junk' };

/**
 * A private Dovecot 2.3 on 127.0.0.1 (config as in test-servers.md): own base/state dirs and log in a
 * temp folder, passwd-file users, maildir, no TLS. Start it once per test file; give each test a fresh
 * user (a fresh mailbox).
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  requireDovecot();
  const dir = await mkdtemp(join(tmpdir(), 'dovecot-'));
  await chmod(dir, 0o755); // why: dovenull/dovecot processes must reach files under it
  await mkdir(join(dir, 'mail'));
  await chown(join(dir, 'mail'), ...(await dovecotIds()));
  // why: Dovecot re-reads the passwd-file at most once a second, so a user appended just before logging
  // in is not known yet. Users are made in batches ahead of need instead.
  const pool: DovecotUser[] = [];
  let made = 0;
  const addUsers = async (count: number): Promise<void> => {
    const batch = Array.from({ length: count }, () => {
      made += 1;
      return { user: `u${made}-${randomBytes(3).toString('hex')}@example.com`, password: randomBytes(12).toString('base64url') };
    });
    await appendFile(join(dir, 'users'), batch.map((u) => `${u.user}:{PLAIN}${u.password}\n`).join(''));
    pool.push(...batch);
  };
  await addUsers(USER_BATCH);
  const config = join(dir, 'dovecot.conf');
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 3 && child === undefined; attempt += 1) {
    port = await freePort();
    await writeFile(config, dovecotConfig(dir, port, options.folders ?? DEFAULT_FOLDERS));
    child = await launch(config, port, join(dir, 'dovecot.log')).catch(() => undefined);
  }
  if (child === undefined) throw new Error(`Dovecot did not start: ${await tail(join(dir, 'dovecot.log'))}`);
  const running = child;
  const killOnExit = (): void => void running.kill('SIGKILL');
  process.once('exit', killOnExit);

  const server: DovecotServer = {
    host: '127.0.0.1',
    port,
    async createUser() {
      if (pool.length === 0) {
        await addUsers(USER_BATCH);
        await sleep(1100);
      }
      return pool.shift() as DovecotUser;
    },
    async kick(user) {
      // doveadm exits 68 when nobody was logged in: nothing to kick is fine
      await run(DOVEADM, ['-c', config, 'kick', user]).catch((error: { code?: unknown }) => {
        if (error.code !== 68) throw error;
      });
    },
    async setUidValidity(user, mailbox, uidValidity) {
      await run(DOVEADM, ['-c', config, 'mailbox', 'update', '-u', user, '--uid-validity', String(uidValidity), mailbox]);
    },
    async stop() {
      process.off('exit', killOnExit);
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      running.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
  if (options.removeCapabilities !== undefined && options.removeCapabilities.length > 0) {
    await removeCapabilities(server, config, options.removeCapabilities);
  }
  return server;
}

function dovecotConfig(dir: string, port: number, folders: Readonly<Record<string, string | null>>): string {
  const mailboxes = Object.entries(folders).map(([name, use]) =>
    [`  mailbox "${name}" {`, use === null ? '' : `    special_use = ${use}`, '    auto = subscribe', '  }'].filter(Boolean).join('\n'),
  );
  return `protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# tests log in with wrong passwords on purpose; the default 2 s penalty would only slow them down
auth_failure_delay = 0 secs
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 100
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
# IDLE notices changes by inotify; this is only the fallback check interval (default 30 s)
mailbox_idle_check_interval = 1 secs
# no per-IP penalty after failed logins (it delays the next good login by seconds): Dovecot's documented switch
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
${mailboxes.join('\n')}
}
`;
}

async function launch(config: string, port: number, logPath: string): Promise<ChildProcess> {
  const child = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`dovecot exited (${code ?? 'signal'}): ${stderr}`))),
  );
  exited.catch(() => undefined);
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (await accepts(port)) return child;
    await Promise.race([sleep(50), exited]);
  }
  child.kill('SIGKILL');
  throw new Error(`dovecot did not listen on ${port}: ${stderr} ${await tail(logPath)}`);
}

/** Rewrites imap_capability to what Dovecot offers after login minus `names`, then reloads. */
async function removeCapabilities(server: DovecotServer, config: string, names: readonly string[]): Promise<void> {
  const probe = await server.createUser();
  const offered = await postLoginCapabilities(server.port, probe);
  const removed = new Set(names.map((name) => name.toUpperCase()));
  const kept = offered.filter((name) => !removed.has(name.toUpperCase()));
  await appendFile(config, `imap_capability = ${kept.join(' ')}\n`);
  await run(DOVEADM, ['-c', config, 'reload']);
  for (let waited = 0; waited < 10_000; waited += 50) {
    const now = await postLoginCapabilities(server.port, probe).catch(() => offered);
    if (!now.some((name) => removed.has(name.toUpperCase()))) return;
    await sleep(50);
  }
  throw new Error(`Dovecot still advertises ${names.join(' ')} after reload`);
}

/** Logs in over a raw socket and reads the CAPABILITY Dovecot sends with the LOGIN reply. */
async function postLoginCapabilities(port: number, login: DovecotUser): Promise<string[]> {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let sent = false;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (!sent && received.includes('\r\n')) {
          sent = true;
          socket.write(`a1 LOGIN "${login.user}" "${login.password}"\r\n`);
        }
        if (/^a1 (OK|NO|BAD)/m.test(received)) resolve();
      });
    });
  } finally {
    socket.destroy();
  }
  const line = received.split('\r\n').find((l) => l.startsWith('* CAPABILITY ')) ?? /^a1 OK \[CAPABILITY ([^\]]+)\]/m.exec(received)?.[0];
  if (line === undefined) throw new Error(`no CAPABILITY after LOGIN: ${received}`);
  return line.replace(/^\* CAPABILITY |^a1 OK \[CAPABILITY /, '').replace(/\].*$/, '').trim().split(/\s+/);
}

async function dovecotIds(): Promise<[number, number]> {
  const { stdout: uid } = await run('id', ['-u', 'dovecot']);
  const { stdout: gid } = await run('id', ['-g', 'dovecot']);
  return [Number(uid.trim()), Number(gid.trim())];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function tail(path: string): Promise<string> {
  return (await readFile(path, 'utf8').catch(() => '')).split('\n').slice(-10).join('\n');
}
