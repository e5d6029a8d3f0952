import type { FastifyInstance } from 'fastify';
import { applyChange, parseChange } from './change-schema.js';
import { SandboxChangeError } from './errors.js';
import type { HttpPusher } from './http-pusher.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * The sandbox's own control surface under `/_sandbox/*` (not DingTalk's): scripted org changes, knobs, token
 * expiry and counters, for the demo, the CLI and tests. Not subject to knobs (no latency, 503s or QPS).
 * `POST /_sandbox/changes` answers `{ok, action, userid | dept_id, result, events}`.
 * Errors: `{error: 'invalid_input' | 'not_found' | 'conflict', message, issues?}` with 400 / 404 / 409.
 */
export function controlRoutes(state: SandboxState, pusherOf: () => HttpPusher | null): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      if (error instanceof SandboxChangeError) {
        return reply.code(error.status).send({ error: error.code, message: error.message, issues: error.issues });
      }
      if (error.statusCode !== undefined && error.statusCode < 500) {
        return reply.code(400).send({ error: 'invalid_input', message: error.message });
      }
      request.log.error({ err: error }, 'sandbox control request failed');
      return reply.code(500).send({ error: 'internal', message: 'internal error' });
    });

    app.post('/_sandbox/changes', async (request) => {
      const change = parseChange(request.body);
      const before = state.eventsEmitted;
      const result = applyChange(state, change) as { userid?: string; userId?: string; dept_id?: number };
      // The subject's id at the top level, so scripts need not know each action's result shape.
      const subject = change.action.startsWith('dept_') ? { dept_id: result.dept_id } : { userid: result.userid ?? result.userId };
      return { ok: true, action: change.action, ...subject, result, events: state.events(before) };
    });

    app.get('/_sandbox/org', async () => ({ ...state.summary(), knobs: state.knobs }));

    app.post('/_sandbox/knobs', async (request) => ({ knobs: state.setKnobs((request.body ?? {}) as object) }));

    app.post('/_sandbox/tokens/expire', async () => ({ expired: state.expireTokens() }));

    app.get('/_sandbox/requests', async () => ({ counts: state.requestCounts() }));

    app.post('/_sandbox/callback/check', async (_request, reply) => {
      const pusher = pusherOf();
      if (pusher === null) return reply.code(409).send({ error: 'conflict', message: 'no callback URL is configured' });
      return { ok: await pusher.sendCheckUrl() };
    });
  };
}
