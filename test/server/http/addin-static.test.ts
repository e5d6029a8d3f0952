import Fastify, { type FastifyInstance } from 'fastify';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addinStatic } from '../../../server/http/addin-static.js';

describe('addinStatic', () => {
  let root: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'addin-static-'));
  });

  afterEach(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function start(sandboxMode: boolean, dir = root): Promise<FastifyInstance> {
    app = Fastify();
    await app.register(addinStatic, { root: dir, sandboxMode });
    await app.ready();
    return app;
  }

  it('answers a clear 503 while the add-in is not built, and serves it once it is', async () => {
    await start(true, path.join(root, 'dist', 'addin'));
    const before = await app.inject('/addin/taskpane.html');
    assert.equal(before.statusCode, 503);
    assert.match(String(before.headers['content-type']), /^text\/plain/);
    assert.equal(before.body, 'the add-in is not built: run npm run build:addin\n');

    // a build that finishes while the server runs is served without a restart
    await mkdir(path.join(root, 'dist', 'addin'), { recursive: true });
    await writeFile(path.join(root, 'dist', 'addin', 'taskpane.html'), '<!doctype html><title>pane</title>');
    const after = await app.inject('/addin/taskpane.html');
    assert.equal(after.statusCode, 200);
    assert.match(after.body, /<title>pane<\/title>/);
  });

  it('serves the pages revalidated and the hashed bundles immutable', async () => {
    await writeFile(path.join(root, 'taskpane.html'), '<!doctype html><title>pane</title>');
    await writeFile(path.join(root, 'taskpane.0123abcd.js'), 'console.log(1)');
    await writeFile(path.join(root, 'launchevent.js'), 'console.log(2)');
    await start(false);

    const page = await app.inject('/addin/taskpane.html');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers['cache-control'], 'no-cache');

    const bundle = await app.inject('/addin/taskpane.0123abcd.js');
    assert.equal(bundle.statusCode, 200);
    assert.equal(bundle.headers['cache-control'], 'public, max-age=31536000, immutable');

    const stable = await app.inject('/addin/launchevent.js');
    assert.equal(stable.headers['cache-control'], 'no-cache', 'the manifest points at launchevent.js by name');

    assert.equal((await app.inject('/addin/missing.js')).statusCode, 404);
    assert.equal((await app.inject('/addin/../package.json')).statusCode, 404);
  });

  it('sends / to the dev host in sandbox mode only', async () => {
    await writeFile(path.join(root, 'taskpane.html'), 'x');
    await start(true);
    const home = await app.inject('/');
    assert.equal(home.statusCode, 302);
    assert.equal(home.headers.location, '/addin/devhost.html');
    await app.close();

    await start(false);
    assert.equal((await app.inject('/')).statusCode, 404);
  });
});
