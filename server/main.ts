import closeWithGrace from 'close-with-grace';
import { ConfigError, helpText, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startRuntime } from './runtime/runtime.js';

/**
 * The only process-level file: reads config, says how it runs, starts the runtime, shuts down cleanly.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  let config;
  try {
    config = loadConfig(process.env, argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n(run with --help for every option)\n`);
      process.exit(2);
    }
    throw error;
  }
  process.stdout.write(
    config.sandboxMode
      ? 'DingTalk ⇄ Outlook bridge: SANDBOX MODE — no DingTalk credentials configured (DINGTALK_APP_KEY/DINGTALK_APP_SECRET),\n' +
          `so the bundled DingTalk sandbox stands in for DingTalk (port ${config.sandbox.port}, ${config.sandbox.orgFile ?? `generated demo org of ${config.sandbox.people} people`}).\n`
      : `DingTalk ⇄ Outlook bridge: connected to DingTalk at ${config.dingtalk.oapiUrl} (events: ${config.dingtalk.events}).\n`,
  );
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn(warning);
  let runtime;
  try {
    runtime = await startRuntime(config, logger);
  } catch (error) {
    const { code, port } = error as { code?: string; port?: number };
    if (code === 'EADDRINUSE') {
      process.stderr.write(`port ${port} is already in use: stop what uses it, or choose another with BRIDGE_PORT / SANDBOX_PORT (or --port / --sandbox-port)\n`);
      process.exit(1);
    }
    throw error;
  }
  process.stdout.write(
    [
      `  backend        ${runtime.url}`,
      ...(config.sandboxMode ? [`  dev host       ${runtime.url}/addin/devhost.html   ← try the add-in in a browser`] : []),
      `  task pane      ${runtime.url}/addin/taskpane.html`,
      `  manifest       ${runtime.url}/manifest.xml   (sideload into Outlook: docs/deploy-addin.md; Outlook needs https, see BRIDGE_HTTPS)`,
      `  API docs       ${runtime.url}/docs`,
      `  sync status    ${runtime.url}/api/status/directory`,
      `  change stream  ${runtime.url}/api/directory/events`,
      ...(runtime.sandbox !== null ? [`  sandbox        ${runtime.sandbox.url}  (POST /_sandbox/changes to hire, move, leave …)`] : []),
      `  database       ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
      '',
    ].join('\n'),
  );
  const progress = setInterval(() => {
    void runtime.directory.status().then((status) => {
      if (status.running === null) return;
      const { done, total, rate, etaSeconds } = status.running.progress;
      process.stdout.write(`  directory sync: ${done}/${total ?? '?'} departments, ${rate}/s, eta ${etaSeconds ?? '?'} s\n`);
    });
  }, 2000);
  progress.unref();
  void runtime.initialSync.then(async () => {
    clearInterval(progress);
    const status = await runtime.directory.status();
    process.stdout.write(`  directory ready: ${status.people} people in ${status.departments} departments\n`);
    const mail = runtime.mail();
    if (mail !== null && mail.mailboxes.length > 0) {
      const first = mail.mailboxes[0] ?? '';
      process.stdout.write(
        `  mail sync:     ${mail.mailboxes.length} mailbox pair(s) (${mail.mailboxes.slice(0, 3).join(', ')}${mail.mailboxes.length > 3 ? ', …' : ''})\n` +
          `                 status: npm run sync:status -- --url ${runtime.url}${config.sandboxMode ? ` --as ${first}` : ' --token …'} --watch\n`,
      );
    }
  });
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err !== undefined) logger.error({ err }, 'shutting down after an error');
    clearInterval(progress);
    await runtime.close();
  });
}

await main();
