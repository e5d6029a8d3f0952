/**
 * `npm run manifest -- --url https://bridge.example.com [--out dist/manifest.xml] [--client-id GUID]
 *  [--app-domain https://sso.example.com]…`
 * Renders the repository's manifest.xml for one deployment (server/addin-manifest/render.ts), with
 * package.json's version, writes it, and checks the result offline (checkManifestStructure).
 * Exit status: 0 written and clean, 1 written with problems or not writable, 2 bad arguments.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkManifestStructure } from '../server/addin-manifest/check.js';
import { ManifestRenderError, parseBaseUrl, renderManifest, toManifestVersion } from '../server/addin-manifest/render.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const USAGE = `Usage: npm run manifest -- --url <https base URL> [options]

Writes the add-in manifest for one deployment: every URL in manifest.xml moves to the base URL.

  --url URL          base URL the backend serves the add-in under, e.g. https://bridge.example.com
                     (https; http only for localhost / 127.0.0.1)
  --out FILE         where to write it (default dist/manifest.xml)
  --client-id GUID   Entra application (client) id of the bridge API, for WebApplicationInfo;
                     without it WebApplicationInfo is left out (nested app authentication does not need it)
  --app-domain URL   an extra https origin the pane may open (repeatable)
  --template FILE    manifest template (default manifest.xml)
`;

export interface CliIo {
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  out(text: string): void;
  err(text: string): void;
}

const realIo: CliIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  },
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs the CLI on `argv` (without node and the script); returns the exit status. */
export function runManifestCli(argv: readonly string[], io: CliIo = realIo, root = ROOT): number {
  let values: { url?: string; out?: string; 'client-id'?: string; 'app-domain'?: string[]; template?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        out: { type: 'string' },
        'client-id': { type: 'string' },
        'app-domain': { type: 'string', multiple: true },
        template: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (values.url === undefined) {
    io.err(`--url is required: the https URL the add-in is served under.\n\n${USAGE}`);
    return 2;
  }
  const templatePath = resolve(root, values.template ?? 'manifest.xml');
  const outPath = resolve(root, values.out ?? 'dist/manifest.xml');
  let template: string;
  let version: string;
  try {
    template = io.readFile(templatePath);
    version = toManifestVersion((JSON.parse(io.readFile(resolve(root, 'package.json'))) as { version: string }).version);
  } catch (error) {
    io.err(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'package.json'}: ${(error as Error).message}\n`);
    return 2;
  }
  const appDomains = values['app-domain'] ?? [];
  let xml: string;
  let base: string;
  try {
    base = parseBaseUrl(values.url);
    const options = { version, appDomains, ...(values['client-id'] !== undefined ? { apiClientId: values['client-id'] } : {}) };
    xml = renderManifest(template, base, options);
  } catch (error) {
    if (!(error instanceof ManifestRenderError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  try {
    io.writeFile(outPath, xml);
  } catch (error) {
    io.err(`cannot write ${outPath}: ${(error as Error).message}\n`);
    return 1;
  }
  io.out(`wrote ${outPath} for ${base} (Version ${version}${values['client-id'] !== undefined ? `, API client id ${values['client-id']}` : ', no WebApplicationInfo'})\n`);
  const devHttp = base.startsWith('http:');
  const problems = checkManifestStructure(xml, { baseUrl: base, version, appDomains }).filter((p) => !(devHttp && p.includes('is not https')));
  if (devHttp) io.out('note: http manifests are for local tools only; Outlook loads add-ins only over https\n');
  if (problems.length > 0) {
    io.err(`the written manifest has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  io.out('structure check: ok (run `npm run manifest:validate` to ask Microsoft\'s validator; needs internet)\n');
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runManifestCli(process.argv.slice(2));
}
