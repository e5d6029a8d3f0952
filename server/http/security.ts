import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { contentSecurityPolicy, DEFAULT_FRAME_ANCESTORS } from './content-security-policy.js';
import { rateLimits, type RateLimitBudgets } from './rate-limits.js';

export interface SecurityOptions {
  /** origin users reach the backend at (scheme://host[:port]); null = unknown (tests) */
  publicOrigin: string | null;
  /** origins whose pages may call the API (CORS); empty = the public origin only */
  allowedOrigins: readonly string[];
  rateLimit: RateLimitBudgets;
  sandboxMode: boolean;
  /** CSP frame-ancestors besides our own origin; default: the Outlook on the web hosts */
  frameAncestors?: readonly string[];
}

/** Static add-in files: Outlook's own pages load the manifest's icons from here (manifest.xml IconUrl). */
const ADDIN_FILES = '/addin/';
const HSTS_MAX_AGE_SECONDS = 180 * 24 * 3600;
const CORS_PREFLIGHT_CACHE_SECONDS = 600;

/**
 * HTTP hardening (issue 4 item 7), registered once at the root before every route: security headers
 * with a CSP that still lets Outlook frame the pane, CORS for the configured origins only, and
 * per-user and per-IP request budgets (rate-limits.ts). Body size limits stay where they are: the
 * app-wide bodyLimit in app.ts and each webhook route's own; the error handler turns both into 413.
 *
 * Order matters: helmet and CORS run first in onRequest, so even a 429 carries the security headers
 * and the CORS headers a cross-origin caller needs to read it.
 */
export const securityPlugin = fp<SecurityOptions>(
  async (app, options) => {
    const https = options.publicOrigin?.startsWith('https:') ?? false;
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: contentSecurityPolicy({ frameAncestors: options.frameAncestors ?? DEFAULT_FRAME_ANCESTORS, https }),
      },
      // why off: X-Frame-Options has no way to name Outlook's origins, and SAMEORIGIN (helmet's default)
      // stops Outlook on the web from framing the pane at all; CSP frame-ancestors above does the job
      xFrameOptions: false,
      // why off: require-corp would refuse office.js from Microsoft's CDN, which sends no CORP header
      crossOriginEmbedderPolicy: false,
      // why off: the Office sign-in dialog (auth-dialog.html) is opened by Outlook's page and answers it
      // through window.opener (messageParent), and MSAL's popup needs the opener too; any COOP but
      // unsafe-none severs that link across origins
      crossOriginOpenerPolicy: false,
      strictTransportSecurity: hstsWanted(options) ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
    });
    app.addHook('onRequest', async (request, reply) => {
      // helmet's default CORP same-origin would hide the add-in's icons from Outlook's pages
      if (isAddinFile(request)) reply.raw.setHeader('cross-origin-resource-policy', 'cross-origin');
    });

    const allowed = new Set((options.allowedOrigins.length > 0 ? options.allowedOrigins : options.publicOrigin !== null ? [options.publicOrigin] : []).map(originOf));
    await app.register(cors, {
      // why a function and not the list: @fastify/cors then sends no CORS header at all to other origins
      // (and their preflight falls through to the 404 handler) instead of an Allow-Methods answer
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'accept', 'accept-language', 'last-event-id'],
      exposedHeaders: ['retry-after'],
      maxAge: CORS_PREFLIGHT_CACHE_SECONDS,
    });

    await app.register(rateLimits, options.rateLimit);
  },
  { name: 'security' },
);

/**
 * HSTS only for a real https deployment: browsers ignore it over http, and sent from https://localhost
 * (BRIDGE_HTTPS=dev) it would pin every local development server on that host to https for months.
 */
function hstsWanted(options: SecurityOptions): boolean {
  if (options.sandboxMode || options.publicOrigin === null) return false;
  const url = new URL(options.publicOrigin);
  return url.protocol === 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function isAddinFile(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? request.url).startsWith(ADDIN_FILES);
}

/** Browsers send the serialised origin (lower-case host, no default port, no trailing slash). */
function originOf(text: string): string {
  return new URL(text).origin;
}
