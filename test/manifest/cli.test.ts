import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkManifestStructure } from '../../server/addin-manifest/check.js';
import { runManifestCli, type CliIo } from '../../scripts/manifest.js';
import { runValidateCli, type Validation } from '../../scripts/manifest-validate.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Real reads from the repository, writes and output captured in memory. */
function memoryIo(): CliIo & { files: Map<string, string>; stdout: string[]; stderr: string[] } {
  const files = new Map<string, string>();
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    files,
    stdout,
    stderr,
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFile: (path, text) => void files.set(path, text),
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
  };
}

describe('npm run manifest (scripts/manifest.ts)', () => {
  it('writes a checked manifest for the URL to dist/manifest.xml by default', () => {
    const io = memoryIo();
    assert.equal(runManifestCli(['--url', 'https://bridge.example.com/', '--client-id', '3c9e7f10-2b4d-4a6e-8f01-9d2c5b7a1e40'], io, ROOT), 0, io.stderr.join(''));
    const written = io.files.get(join(ROOT, 'dist/manifest.xml'));
    assert.ok(written !== undefined);
    assert.deepEqual(checkManifestStructure(written, { baseUrl: 'https://bridge.example.com' }), []);
    assert.match(io.stdout.join(''), /wrote .*dist\/manifest.xml for https:\/\/bridge.example.com \(Version \d+\.\d+\.\d+\.0, API client id/);
  });

  it('honours --out and --app-domain', () => {
    const io = memoryIo();
    assert.equal(runManifestCli(['--url', 'https://bridge.example.com', '--out', 'build/m.xml', '--app-domain', 'https://sso.contoso.com'], io, ROOT), 0, io.stderr.join(''));
    assert.match(io.files.get(join(ROOT, 'build/m.xml')) ?? '', /<AppDomain>https:\/\/sso.contoso.com<\/AppDomain>/);
  });

  it('explains a missing URL, an http URL, a bad client id and unknown flags with exit status 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /--url is required/],
      [['--url', 'http://bridge.example.com'], /uses http; Outlook loads add-ins only over https/],
      [['--url', 'https://bridge.example.com', '--client-id', 'abc'], /not an Entra application \(client\) id/],
      [['--url', 'https://bridge.example.com', '--bogus'], /Unknown option '--bogus'/],
      [['--url', 'https://bridge.example.com', '--template', 'missing.xml'], /cannot read .*missing.xml/],
    ];
    for (const [argv, pattern] of cases) {
      const io = memoryIo();
      assert.equal(runManifestCli(argv, io, ROOT), 2, argv.join(' '));
      assert.match(io.stderr.join(''), pattern);
      assert.equal(io.files.size, 0);
    }
  });

  it('accepts http://localhost for local tools but says Outlook needs https', () => {
    const io = memoryIo();
    assert.equal(runManifestCli(['--url', 'http://localhost:3000'], io, ROOT), 0, io.stderr.join(''));
    assert.match(io.stdout.join(''), /Outlook loads add-ins only over https/);
  });

  it('reports problems of what it wrote with exit status 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-cli-'));
    try {
      const template = readFileSync(join(ROOT, 'manifest.xml'), 'utf8').replace('FunctionName="onMessageSendHandler"', 'FunctionName="onSend"');
      writeFileSync(join(dir, 'manifest.xml'), template);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '0.1.0' }));
      const io = memoryIo();
      assert.equal(runManifestCli(['--url', 'https://bridge.example.com'], io, dir), 1);
      assert.match(io.stderr.join(''), /must call FunctionName="onMessageSendHandler"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run manifest:validate (scripts/manifest-validate.ts)', () => {
  const manifest = join(ROOT, 'manifest.xml');

  it('says clearly that the check needs internet when the service cannot be reached', async () => {
    const out: string[] = [];
    const offline = async (): Promise<Validation> => {
      throw new Error('Unable to contact the manifest validation service.\nFetchError: getaddrinfo ENOTFOUND validationgateway.omex.office.net');
    };
    assert.equal(await runValidateCli([manifest], offline, (t) => void out.push(t), ROOT), 3);
    assert.match(out.join(''), /needs internet access/);
    assert.match(out.join(''), /ENOTFOUND/);
  });

  it('prints the report and exits 0 when valid, 1 when not', async () => {
    const out: string[] = [];
    const calls: Array<[string, boolean]> = [];
    const valid = async (path: string, production: boolean): Promise<Validation> => {
      calls.push([path, production]);
      return { isValid: true, status: 200, report: { status: 'Accepted', notes: [{ title: 'Note', content: 'fine' }], addInDetails: { supportedProducts: [{ title: 'Outlook', version: '2016+' }] } } };
    };
    assert.equal(await runValidateCli([manifest, '--production'], valid, (t) => void out.push(t), ROOT), 0);
    assert.deepEqual(calls, [[manifest, true]]);
    assert.match(out.join(''), /supported: Outlook 2016\+[\s\S]*The manifest is valid/);

    const invalid = async (): Promise<Validation> => ({ isValid: false, status: 200, report: { errors: [{ line: 7, column: 3, title: 'Bad element', content: 'x' }] } });
    const out2: string[] = [];
    assert.equal(await runValidateCli([manifest], invalid, (t) => void out2.push(t), ROOT), 1);
    assert.match(out2.join(''), /error \(line 7, column 3\): Bad element x[\s\S]*not valid/);
  });

  it('asks for npm run manifest first when the file does not exist', async () => {
    const out: string[] = [];
    assert.equal(await runValidateCli(['nowhere/manifest.xml'], async () => assert.fail('must not call the service'), (t) => void out.push(t), ROOT), 2);
    assert.match(out.join(''), /npm run manifest -- --url/);
  });
});
