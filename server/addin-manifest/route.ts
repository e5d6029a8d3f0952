import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { ManifestRenderError, renderManifest, toManifestVersion, type RenderOptions } from './render.js';

export interface AddinManifestRouteOptions {
  /** URL users reach the backend at (config.publicUrl, else the listening URL); the add-in is under it */
  publicUrl: string;
  /** package.json version (x.y.z) or a four-part manifest Version; unset = the repository's package.json */
  version?: string;
  /** Entra client id of the bridge API, for WebApplicationInfo; unset = left out */
  apiClientId?: string;
  appDomains?: string[];
  /** the template's text; unset = manifest.xml at the repository root (see readManifestTemplate) */
  template?: string;
}

/**
 * Reads a file of the repository root, found by walking up from this module, so it works from the
 * sources (server/addin-manifest/) and from the build (dist/server/addin-manifest/).
 */
async function readRootFile(name: string): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level += 1) {
    dir = dirname(dir);
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch {
      // not at this level
    }
  }
  throw new Error(`${name} not found above server/addin-manifest`);
}

/** The manifest template, manifest.xml at the repository root. */
export async function readManifestTemplate(): Promise<string> {
  return readRootFile('manifest.xml');
}

/**
 * GET /manifest.xml: the add-in manifest rendered for this backend's public URL, for admins to upload
 * (Integrated apps accepts a file or a URL, microsoft.md §1.9) or to sideload. Rendered once at start.
 * When the public URL cannot serve an add-in (http on a non-local host) the route answers 503 with the
 * reason instead of failing the whole backend.
 */
export const addinManifestRoute: FastifyPluginAsync<AddinManifestRouteOptions> = async (app, options) => {
  const template = options.template ?? (await readManifestTemplate());
  const given = options.version ?? (JSON.parse(await readRootFile('package.json')) as { version: string }).version;
  const version = /^\d+\.\d+\.\d+$/.test(given) ? toManifestVersion(given) : given;
  const renderOptions: RenderOptions = {
    version,
    ...(options.apiClientId !== undefined ? { apiClientId: options.apiClientId } : {}),
    ...(options.appDomains !== undefined ? { appDomains: options.appDomains } : {}),
  };
  let manifest: string | null = null;
  let reason = '';
  try {
    manifest = renderManifest(template, options.publicUrl, renderOptions);
  } catch (error) {
    if (!(error instanceof ManifestRenderError)) throw error;
    reason = error.message;
    app.log.warn({ publicUrl: options.publicUrl, reason }, 'no add-in manifest is served: set BRIDGE_PUBLIC_URL to the https URL users reach the backend at');
  }

  app.get('/manifest.xml', { schema: { tags: ['add-in'], summary: 'Add-in manifest (XML) for this deployment' } }, async (_request, reply) => {
    if (manifest === null) {
      return reply.code(503).type('text/plain; charset=utf-8').send(`No add-in manifest for ${options.publicUrl}: ${reason}\n`);
    }
    // why: a manifest change must reach the admin center's upload-by-URL at once; icons, not this, need caching (§1.2)
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'no-cache').send(manifest);
  });
};
