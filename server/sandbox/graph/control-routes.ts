import type { FastifyInstance } from 'fastify';
import { KnobsError } from './knobs.js';
import type { SandboxMailbox } from './mailbox-api.js';
import type { GraphSandboxState } from './sandbox-state.js';
import type { LifecycleEvent } from './subscriptions.js';
import { GraphSandboxError } from './errors.js';

/**
 * The sandbox's own control surface under `/_sandbox/*` (not Graph's), mirroring the in-process API for
 * the demo, scripts and benchmarks. Not subject to auth, throttling, latency or injected failures.
 * Errors: `{error: 'invalid_input' | 'not_found', message}` with 400 / 404.
 */
export function controlRoutes(state: GraphSandboxState, mailboxOf: (upn: string) => SandboxMailbox) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      if (error instanceof GraphSandboxError && error.status === 404) return reply.code(404).send({ error: 'not_found', message: error.message });
      const status = error instanceof KnobsError || error instanceof GraphSandboxError || (error.statusCode ?? 500) < 500 ? 400 : 500;
      const notFound = /^no (message|folder)/.test(error.message);
      return reply.code(notFound ? 404 : status).send({ error: notFound ? 'not_found' : status === 400 ? 'invalid_input' : 'internal', message: error.message });
    });

    const body = (raw: unknown): Record<string, unknown> => (typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {});

    app.get('/_sandbox/stats', async () => ({ ...state.stats(), knobs: state.knobs }));
    app.post('/_sandbox/stats/reset', async () => {
      state.resetStats();
      return { ok: true };
    });
    app.post('/_sandbox/knobs', async (request) => ({ knobs: state.setKnobs(request.body ?? {}) }));
    app.post('/_sandbox/fail-next', async (request) => {
      const { count = 1, status = 503 } = body(request.body) as { count?: number; status?: number };
      return { knobs: state.setKnobs({ failNext: count, failStatus: status }) };
    });
    app.post('/_sandbox/tokens/expire', async () => ({ expired: state.tokens.expireAll() }));
    app.post('/_sandbox/delta/expire', async () => ({ expired: state.delta.expireAll() }));

    app.post('/_sandbox/mailboxes', async (request) => {
      const { upn, displayName } = body(request.body) as { upn?: string; displayName?: string };
      if (typeof upn !== 'string' || !upn.includes('@')) throw new KnobsError('upn must be an address');
      const mailbox = state.mailbox(upn, displayName);
      return { upn: mailbox.upn, userId: mailbox.userId };
    });
    app.post('/_sandbox/mailboxes/:upn/folders', async (request) => {
      const { displayName, parent } = body(request.body) as { displayName?: string; parent?: string };
      if (typeof displayName !== 'string' || displayName === '') throw new KnobsError('displayName is required');
      return { id: mailboxOf((request.params as { upn: string }).upn).createFolder(displayName, parent) };
    });
    app.post('/_sandbox/mailboxes/:upn/messages', async (request) => {
      const input = body(request.body);
      const mime = typeof input.mimeBase64 === 'string' ? Buffer.from(input.mimeBase64, 'base64') : undefined;
      const { mimeBase64: _ignored, ...rest } = input;
      // why: the deliver input is plain JSON fields; unknown fields are ignored by deliver().
      return mailboxOf((request.params as { upn: string }).upn).deliver({ ...(rest as object), ...(mime !== undefined ? { mime } : {}) });
    });
    app.post('/_sandbox/mailboxes/:upn/messages/:id/read', async (request) => {
      const { isRead = true } = body(request.body) as { isRead?: boolean };
      const { upn, id } = request.params as { upn: string; id: string };
      return mailboxOf(upn).markRead(id, isRead);
    });
    app.post('/_sandbox/mailboxes/:upn/messages/:id/flag', async (request) => {
      const { flagged = true } = body(request.body) as { flagged?: boolean };
      const { upn, id } = request.params as { upn: string; id: string };
      return mailboxOf(upn).flag(id, flagged);
    });
    app.post('/_sandbox/mailboxes/:upn/messages/:id/move', async (request) => {
      const { folder } = body(request.body) as { folder?: string };
      const { upn, id } = request.params as { upn: string; id: string };
      return mailboxOf(upn).move(id, folder ?? 'inbox');
    });
    app.delete('/_sandbox/mailboxes/:upn/messages/:id', async (request) => {
      const { upn, id } = request.params as { upn: string; id: string };
      mailboxOf(upn).remove(id);
      return { ok: true };
    });
    app.post('/_sandbox/mailboxes/:upn/folders/:folder/empty', async (request) => {
      const { upn, folder } = request.params as { upn: string; folder: string };
      return { removed: mailboxOf(upn).emptyFolder(folder) };
    });
    app.get('/_sandbox/mailboxes/:upn/messages', async (request) => {
      const { folder } = request.query as { folder?: string };
      return { messages: mailboxOf((request.params as { upn: string }).upn).messages(folder) };
    });
    app.post('/_sandbox/subscriptions/:id/lifecycle', async (request) => {
      const { event = 'missed' } = body(request.body) as { event?: LifecycleEvent };
      if (!['missed', 'reauthorizationRequired', 'subscriptionRemoved'].includes(event)) throw new KnobsError(`unknown lifecycle event ${event}`);
      state.subscriptions.lifecycle((request.params as { id: string }).id, event);
      return { ok: true };
    });
  };
}
