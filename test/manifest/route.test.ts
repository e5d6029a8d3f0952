import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { checkManifestStructure } from '../../server/addin-manifest/check.js';
import { addinManifestRoute, readManifestTemplate, type AddinManifestRouteOptions } from '../../server/addin-manifest/route.js';

async function build(options: AddinManifestRouteOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(addinManifestRoute, options);
  return app;
}

describe('GET /manifest.xml (server/addin-manifest/route.ts)', () => {
  it('serves the manifest rendered for the public URL, as XML, from the repository template', async () => {
    const app = await build({ publicUrl: 'https://bridge.example.com', version: '0.1.0', apiClientId: '3c9e7f10-2b4d-4a6e-8f01-9d2c5b7a1e40' });
    try {
      const response = await app.inject({ method: 'GET', url: '/manifest.xml' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/xml/);
      assert.deepEqual(checkManifestStructure(response.body, { baseUrl: 'https://bridge.example.com', version: '0.1.0.0' }), []);
    } finally {
      await app.close();
    }
  });

  it('takes the Version from package.json when none is given', async () => {
    const app = await build({ publicUrl: 'https://bridge.example.com/' });
    try {
      const response = await app.inject({ method: 'GET', url: '/manifest.xml' });
      const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
      assert.match(response.body, new RegExp(`<Version>${version.replaceAll('.', '\\.')}\\.0</Version>`));
      assert.deepEqual(checkManifestStructure(response.body, { baseUrl: 'https://bridge.example.com', version: `${version}.0` }), []);
    } finally {
      await app.close();
    }
  });

  it('answers 503 with the reason when the public URL cannot carry an add-in', async () => {
    const app = await build({ publicUrl: 'http://bridge.example.com', version: '0.1.0', template: await readManifestTemplate() });
    try {
      const response = await app.inject({ method: 'GET', url: '/manifest.xml' });
      assert.equal(response.statusCode, 503);
      assert.match(response.body, /http:\/\/bridge.example.com uses http; Outlook loads add-ins only over https/);
    } finally {
      await app.close();
    }
  });
});
