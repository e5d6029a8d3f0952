import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { request } from 'undici';
import { buildDingTalkSandbox } from './app.js';
import { generateDemoOrganisation } from './demo-org.js';
import { loadOrgFile } from './org-document.js';

/**
 * Standalone DingTalk sandbox (docs/org-format.md):
 *   tsx server/sandbox/dingtalk/cli.ts serve [--port N] [--org FILE.json | --people N] …
 *   tsx server/sandbox/dingtalk/cli.ts change --url http://127.0.0.1:PORT hire --name 王小明 --dept 2
 */
const USAGE = `Usage:
  cli.ts serve [--port 3900] [--host 127.0.0.1] [--org FILE.json | --people 2000] [--seed N]
               [--app-key K] [--app-secret S] [--corp-id C]
               [--callback-url URL --callback-token T --callback-aes-key K43]
  cli.ts change --url http://127.0.0.1:PORT ACTION [options]
    hire        --name NAME --dept ID [--dept ID…] [--title T] [--mobile M] [--email E] [--userid ID]
    leave       --userid ID [--reason leave|oapi|cancel|delete|unknown]
    modify      --userid ID --json '{"title":"经理"}'
    move        --userid ID --dept ID [--dept ID…]
    activate    --userid ID
    dept_create --name NAME --parent ID [--dept ID]
    dept_rename --dept ID --name NAME
    dept_update --dept ID --json '{"hide_dept":true}'
    dept_remove --dept ID`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  org: { type: 'string' },
  people: { type: 'string' },
  seed: { type: 'string' },
  'app-key': { type: 'string' },
  'app-secret': { type: 'string' },
  'corp-id': { type: 'string' },
  'callback-url': { type: 'string' },
  'callback-token': { type: 'string' },
  'callback-aes-key': { type: 'string' },
  url: { type: 'string' },
  name: { type: 'string' },
  dept: { type: 'string', multiple: true },
  parent: { type: 'string' },
  userid: { type: 'string' },
  title: { type: 'string' },
  mobile: { type: 'string' },
  email: { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, action] = positionals;
  if (values.help === true || command === undefined) {
    console.log(USAGE);
    return;
  }
  if (command === 'serve') return serve(values);
  if (command === 'change') return postChange(values, action);
  throw new UsageError(`unknown command "${command}"`);
}

async function serve(values: Values): Promise<void> {
  const appKey = values['app-key'] ?? 'dingsandboxappkey';
  const appSecret = values['app-secret'] ?? 'sandbox-app-secret';
  const org = values.org !== undefined
    ? await loadOrgFile(values.org)
    : generateDemoOrganisation({ people: integer(values.people, 'people', 2000), seed: integer(values.seed, 'seed', 2024) });
  const callbackUrl = values['callback-url'];
  const token = values['callback-token'];
  const aesKey = values['callback-aes-key'];
  if (callbackUrl !== undefined && (token === undefined || aesKey === undefined)) {
    throw new UsageError('--callback-url needs --callback-token and --callback-aes-key');
  }
  const sandbox = await buildDingTalkSandbox({
    appKey,
    appSecret,
    corpId: values['corp-id'] ?? org.corpId ?? 'dingsandboxcorp',
    org,
    logger: pino({ level: 'info' }),
    ...(callbackUrl !== undefined && token !== undefined && aesKey !== undefined ? { callback: { url: callbackUrl, token, aesKey } } : {}),
  });
  const address = await sandbox.app.listen({ port: integer(values.port, 'port', 3900), host: values.host ?? '127.0.0.1' });
  const summary = sandbox.state.summary();
  console.log(`DingTalk sandbox on ${address} — ${summary.users} people, ${summary.departments} departments`);
  console.log(`appKey=${appKey} appSecret=${appSecret} corpId=${summary.corpId}`);
  const stop = (): void => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function postChange(values: Values, action: string | undefined): Promise<void> {
  if (values.url === undefined) throw new UsageError('change needs --url http://HOST:PORT');
  if (action === undefined) throw new UsageError('change needs an action, e.g. hire');
  const response = await request(new URL('/_sandbox/changes', values.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(changeBody(values, action)),
  });
  const body = (await response.body.json()) as { message?: string };
  if (response.statusCode !== 200) {
    throw new Error(`sandbox refused the change (HTTP ${response.statusCode}): ${body.message ?? JSON.stringify(body)}`);
  }
  console.log(JSON.stringify(body, null, 2));
}

/** Maps flags to the `/_sandbox/changes` body; the server validates the rest and explains what is wrong. */
function changeBody(values: Values, action: string): Record<string, unknown> {
  const depts = (values.dept ?? []).map((d) => integer(d, 'dept'));
  const dept = depts[0];
  const defined = (entries: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  const json = (): unknown => {
    if (values.json === undefined) throw new UsageError(`${action} needs --json '{…}'`);
    try {
      return JSON.parse(values.json);
    } catch (error) {
      throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`);
    }
  };
  switch (action) {
    case 'hire':
      return {
        action,
        user: defined({
          name: values.name,
          dept_id_list: depts,
          title: values.title,
          mobile: values.mobile,
          email: values.email,
          userid: values.userid,
        }),
      };
    case 'leave':
      return defined({ action, userid: values.userid, reason: values.reason });
    case 'modify':
      return { action, userid: values.userid, patch: json() };
    case 'move':
      return { action, userid: values.userid, dept_id_list: depts };
    case 'activate':
      return { action, userid: values.userid };
    case 'dept_create':
      return {
        action,
        dept: defined({
          name: values.name,
          parent_id: values.parent === undefined ? undefined : integer(values.parent, 'parent'),
          dept_id: dept,
        }),
      };
    case 'dept_rename':
      return { action, dept_id: dept, name: values.name };
    case 'dept_update':
      return { action, dept_id: dept, patch: json() };
    case 'dept_remove':
      return { action, dept_id: dept };
    default:
      throw new UsageError(`unknown action "${action}"`);
  }
}

function integer(text: string | undefined, flag: string, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  const value = Number(text);
  if (text === undefined || !Number.isSafeInteger(value)) throw new UsageError(`--${flag} must be an integer`);
  return value;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`error: ${(error as Error).message}`);
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`\n${USAGE}`);
  process.exitCode = 1;
});
