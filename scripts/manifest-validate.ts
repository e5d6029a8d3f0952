/**
 * `npm run manifest:validate -- [FILE] [--production]` (FILE defaults to dist/manifest.xml, written by
 * `npm run manifest`). Asks Microsoft's validator about a rendered manifest. For XML manifests
 * office-addin-manifest's validateManifest POSTs the file to
 * https://validationgateway.omex.office.net/package/api/check (microsoft.md §1.8), so this needs
 * internet and is not part of `npm test`; the offline structure check is test/manifest/manifest.test.ts.
 * `--production` runs the Marketplace-level checks (localhost URLs are then errors).
 * Exit status: 0 valid, 1 not valid, 2 bad arguments or no file, 3 the service could not be reached.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICE = 'https://validationgateway.omex.office.net/package/api/check';

interface Issue {
  code?: string;
  line?: number;
  column?: number;
  title?: string;
  content?: string;
  helpUrl?: string;
}

/** The part of office-addin-manifest's ManifestValidation this script reads. */
export interface Validation {
  isValid: boolean;
  status?: number;
  statusText?: string;
  report?: { status?: string; errors?: Issue[]; warnings?: Issue[]; notes?: Issue[]; addInDetails?: { supportedProducts?: Array<{ title?: string; version?: string }> } };
}

export type Validate = (path: string, production: boolean) => Promise<Validation>;

async function microsoftValidate(path: string, production: boolean): Promise<Validation> {
  const { validateManifest } = await import('office-addin-manifest');
  return validateManifest(path, production);
}

/** Runs the validator on argv's file; returns the exit status. */
export async function runValidateCli(argv: readonly string[], validate: Validate = microsoftValidate, out: (text: string) => void = (t) => void process.stdout.write(t), root = ROOT): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { production: { type: 'boolean' } }, allowPositionals: true });
  } catch (error) {
    out(`${(error as Error).message}\nUsage: npm run manifest:validate -- [FILE] [--production]\n`);
    return 2;
  }
  const file = resolve(root, parsed.positionals[0] ?? 'dist/manifest.xml');
  if (!existsSync(file)) {
    out(`${file} does not exist. Write it first: npm run manifest -- --url https://<your bridge host>\n`);
    return 2;
  }
  out(`Sending ${file} to Microsoft's manifest validator (${SERVICE})…\n`);
  let validation: Validation;
  try {
    validation = await validate(file, parsed.values.production === true);
  } catch (error) {
    const message = (error as Error).message;
    if (/Unable to contact the manifest validation service/i.test(message)) {
      out(
        `Could not reach Microsoft's validation service: this check needs internet access (${SERVICE}).\n` +
          'Offline, the structure check still runs: npm run manifest (it checks what it writes) or npx mocha test/manifest/manifest.test.ts.\n' +
          `Detail: ${message.replace(/\s+/g, ' ')}\n`,
      );
      return 3;
    }
    out(`The validator failed: ${message}\n`);
    return 1;
  }
  if (validation.status !== undefined && validation.status !== 200) {
    out(`The validation service answered HTTP ${validation.status} ${validation.statusText ?? ''}: the manifest was not validated.\n`);
    return 3;
  }
  const report = validation.report ?? {};
  for (const [label, issues] of [['error', report.errors], ['warning', report.warnings], ['note', report.notes]] as const) {
    for (const issue of issues ?? []) {
      const where = issue.line !== undefined ? ` (line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ''})` : '';
      out(`${label}${where}: ${issue.title ?? issue.code ?? ''} ${issue.content ?? ''}${issue.helpUrl !== undefined ? ` — ${issue.helpUrl}` : ''}\n`);
    }
  }
  for (const product of report.addInDetails?.supportedProducts ?? []) out(`supported: ${product.title ?? '?'} ${product.version ?? ''}\n`);
  out(validation.isValid ? 'The manifest is valid.\n' : 'The manifest is not valid.\n');
  return validation.isValid ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runValidateCli(process.argv.slice(2));
}
