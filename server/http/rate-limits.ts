import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';

export interface RateLimitBudgets {
  /** requests per minute for one signed-in person (`request.viewer`), on all their devices together */
  perUserPerMinute: number;
  /** requests per minute from one client IP address (IPv6: one /64), signed in or not */
  perIpPerMinute: number;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

const MINUTE_MS = 60_000;
/** Load balancers and orchestrators poll it; a 429 there would take the instance out of rotation. */
const UNLIMITED = new Set(['/healthz']);
/**
 * The change stream is one long-lived response per open pane, reopened after a drop (addin/api/sse.ts).
 * It has budgets of its own (per person, and per IP like everything else), so a burst of searches
 * cannot refuse the reconnect (the pane would silently stop receiving changes) and a reconnect loop
 * cannot eat the search budget.
 */
const EVENT_STREAM = '/api/directory/events';
const EVENT_STREAM_CONNECTS_PER_MINUTE = 30;
/** Pushes come from DingTalk's servers, not from users: a per-IP budget of their own. */
const WEBHOOKS = '/webhooks/';
/** Unmatched URLs are somebody guessing paths (libraries-and-style.md: "the 404 handler is rate-limited"). */
const NOT_FOUND_SHARE_OF_IP_BUDGET = 10;

/**
 * Per-IP and per-user request budgets (issue 4 item 7), in fixed one-minute windows held in memory:
 * one process (several instances each count their own), and each budget tracks the 5,000 most
 * recently seen keys (@fastify/rate-limit's LocalStore default; a dropped key starts again at 0).
 *
 * Both budgets apply to a signed-in request. The IP budget is checked first, in onRequest, so
 * anonymous floods stop before any token is verified; the user budget after sign-in, in preParsing
 * (the first hook after every onRequest hook, so `request.viewer` is set) and before the body is read.
 * A refused request gets 429, Retry-After and our error body. CORS runs before these hooks
 * (security.ts), so preflights are never counted and a 429 still carries the CORS headers a
 * cross-origin caller needs to read it.
 *
 * `request.ip` is the TCP peer unless Fastify's trustProxy is set: behind a reverse proxy every
 * client shares the proxy's budget.
 */
export const rateLimits = fp<RateLimitBudgets>(
  async (app, budgets) => {
    // why global: false: the plugin's own per-route hook stops at the first budget a request meets
    // (one "already ran" flag per registration); we run every budget that applies from our own hooks.
    await app.register(rateLimit, { global: false });
    const perIp = (max: number): Limiter => app.createRateLimit({ max, timeWindow: MINUTE_MS });
    const perUser = (max: number): Limiter =>
      // why the fallback: only called for signed-in requests; the key is their e-mail address
      app.createRateLimit({ max, timeWindow: MINUTE_MS, keyGenerator: (request) => request.viewer ?? request.ip });
    const ip = perIp(budgets.perIpPerMinute);
    const webhooks = perIp(budgets.perIpPerMinute);
    const eventStreamIp = perIp(budgets.perIpPerMinute);
    const notFound = perIp(Math.max(1, Math.floor(budgets.perIpPerMinute / NOT_FOUND_SHARE_OF_IP_BUDGET)));
    const user = perUser(budgets.perUserPerMinute);
    const eventStream = perUser(EVENT_STREAM_CONNECTS_PER_MINUTE);

    app.addHook('onRequest', async (request, reply) => {
      const path = pathOf(request);
      if (UNLIMITED.has(path)) return;
      if (path === EVENT_STREAM) await enforce(eventStreamIp, request, reply, 'opening the change stream from this address');
      else if (path.startsWith(WEBHOOKS)) await enforce(webhooks, request, reply, 'from this address');
      else await enforce(ip, request, reply, 'from this address');
      if (request.is404) await enforce(notFound, request, reply, 'for unknown URLs from this address');
    });
    app.addHook('preParsing', async (request, reply, payload) => {
      // why not `=== null`: an app built without the viewer plugin leaves the property undefined
      if (!request.viewer) return payload;
      const path = pathOf(request);
      if (path === EVENT_STREAM) await enforce(eventStream, request, reply, 'opening the change stream');
      else if (!UNLIMITED.has(path)) await enforce(user, request, reply, 'for this user');
      return payload;
    });
  },
  { name: 'rate-limits' },
);

async function enforce(limiter: Limiter, request: FastifyRequest, reply: FastifyReply, scope: string): Promise<void> {
  const result = await limiter(request);
  if (result.isAllowed || !result.isExceeded) return;
  const seconds = Math.max(1, result.ttlInSeconds);
  // RFC 9110 §10.2.3; the error handler keeps headers set before the throw
  void reply.header('retry-after', String(seconds));
  throw new AppError(ErrorCodes.APP_ERR_RATE_LIMITED, 429, `too many requests ${scope}; retry in ${seconds} s`);
}

/** The matched route's pattern (so encoded paths cannot dodge a rule), else the decoded path of a 404. */
function pathOf(request: FastifyRequest): string {
  const pattern = request.routeOptions.url;
  if (pattern !== undefined) return pattern;
  const path = request.url.split('?')[0] ?? request.url;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
