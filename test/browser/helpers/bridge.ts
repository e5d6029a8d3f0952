import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { loadConfig } from '../../../server/config.js';
import { startRuntime, type Runtime } from '../../../server/runtime/runtime.js';
import { memoryLogger } from '../../helpers/silent-logger.js';

/** webpack's output, which the runtime serves under /addin/ (server/runtime/runtime.ts ADDIN_ROOT). */
export const ADDIN_DIR = fileURLToPath(new URL('../../../dist/addin/', import.meta.url));

/** Fails with the command to run when the add-in has not been built: the browser tests drive the built pages. */
export function assertAddinBuilt(): void {
  for (const page of ['devhost.html', 'taskpane.html', 'commands.html']) {
    if (!existsSync(`${ADDIN_DIR}${page}`)) {
      throw new Error(`dist/addin/${page} is missing: run npm run build:addin before the browser tests`);
    }
  }
}

export interface Bridge {
  runtime: Runtime;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** an access token of the sandbox identity provider, minted in-process */
  tokenFor(email: string): Promise<string>;
  /** hires a person in the DingTalk sandbox (as an admin would in DingTalk) and returns their userid */
  hire(user: { name: string; title: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole product in sandbox mode, in-process (as test/server/runtime/runtime.test.ts starts it):
 * the DingTalk sandbox with the demo organisation, the backend, and the built add-in under /addin/.
 */
export async function startBridge(people = 300): Promise<Bridge> {
  assertAddinBuilt();
  const config = loadConfig(
    { DATABASE_URL: 'sqlite::memory:', BRIDGE_PORT: '0', SANDBOX_PORT: '0', SANDBOX_PEOPLE: String(people), DIRECTORY_RECONCILE_SECONDS: '0' },
    [],
  );
  const runtime = await startRuntime(config, memoryLogger('warn').logger);
  try {
    await runtime.initialSync;
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const { sandbox, identity } = runtime;
  const idp = identity.sandboxIdp;
  if (sandbox === null || idp === null) {
    await runtime.close();
    throw new Error('the browser tests need the runtime in sandbox mode (no DINGTALK_APP_KEY)');
  }
  return {
    runtime,
    url: runtime.url,
    tokenFor: async (email) => (await idp.mint({ email })).token,
    async hire(user) {
      const res = await request(`${sandbox.url}/_sandbox/changes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'hire', user: { name: user.name, dept_id_list: [1], title: user.title } }),
      });
      const body = (await res.body.json()) as { userid?: unknown };
      if (res.statusCode >= 300 || typeof body.userid !== 'string') throw new Error(`hire failed (${res.statusCode}): ${JSON.stringify(body)}`);
      return body.userid;
    },
    close: () => runtime.close(),
  };
}
