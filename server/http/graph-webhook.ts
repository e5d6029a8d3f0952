import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { GraphLifecycleNotification, GraphNotification } from '../connectors/graph/contract.js';
import {
  answerValidation,
  NotificationPayloadError,
  parseNotificationPayload,
  partitionByClientState,
} from '../connectors/graph/graph-notifications.js';

export interface GraphWebhookOptions {
  /**
   * Verified change notifications. Must be quick (enqueue, don't sync): Graph wants a 2xx within 3 s
   * (microsoft.md §5.3). A throw answers 503, and Graph retries for up to 4 h.
   */
  onNotifications(list: GraphNotification[]): Promise<void> | void;
  /** Verified lifecycle notifications (§5.4); same rules. */
  onLifecycle(list: GraphLifecycleNotification[]): Promise<void> | void;
  /** The clientState we set when creating `subscriptionId`; null when the subscription is not ours. */
  clientStateFor(subscriptionId: string): string | null | Promise<string | null>;
  /** Default `/graph/notifications` (use it as notificationUrl). */
  notificationPath?: string;
  /** Default `/graph/lifecycle` (use it as lifecycleNotificationUrl). */
  lifecyclePath?: string;
  /** Default 256 KiB; bigger bodies get 413. */
  bodyLimit?: number;
}

const DEFAULT_BODY_LIMIT = 256 * 1024;

/**
 * The Graph change-notification endpoint (§5.2–§5.4) as a Fastify plugin: answers the validation
 * handshake, parses notification batches, checks every item's clientState in constant time and forwards
 * only the verified ones. Items with a wrong clientState or an unknown subscription are dropped with a log
 * line but still acknowledged (202): §5.3 says to ignore them, and an error status would only make Graph
 * retry them for hours. Malformed bodies get 400, oversized ones 413, unsupported media types 415.
 * Both paths accept both kinds of item, because Graph may use one URL for both.
 */
export function graphWebhook(options: GraphWebhookOptions): FastifyPluginAsync {
  return async (app) => {
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      if (Object.hasOwn(query, 'validationToken')) {
        const answer = answerValidation(query.validationToken);
        if (!answer.ok) throw new AppError(ErrorCodes.APP_ERR_VALIDATION, answer.status, answer.reason);
        request.log.info('Graph notification URL validation answered');
        return reply.code(200).header('content-type', answer.contentType).header('x-content-type-options', 'nosniff').send(answer.body);
      }
      let parsed: ReturnType<typeof parseNotificationPayload>;
      try {
        parsed = parseNotificationPayload(request.body);
      } catch (error) {
        if (error instanceof NotificationPayloadError) throw new AppError(ErrorCodes.APP_ERR_BAD_PAYLOAD, 400, error.message);
        throw error;
      }
      const changes = await partitionByClientState(parsed.notifications, options.clientStateFor);
      const lifecycle = await partitionByClientState(parsed.lifecycle, options.clientStateFor);
      const rejected = [...changes.rejected, ...lifecycle.rejected];
      if (rejected.length > 0) {
        // Never log the received clientState: it may be someone probing for ours.
        request.log.warn({ rejected: rejected.length, subscriptionIds: [...new Set(rejected.map((r) => r.subscriptionId))].slice(0, 10) }, 'Graph notifications with a wrong clientState or unknown subscription ignored');
      }
      try {
        if (changes.accepted.length > 0) await options.onNotifications(changes.accepted);
        if (lifecycle.accepted.length > 0) await options.onLifecycle(lifecycle.accepted);
      } catch (error) {
        request.log.error({ err: error }, 'handling Graph notifications failed; Graph will retry');
        throw new AppError(ErrorCodes.APP_ERR_UNAVAILABLE, 503, 'notifications could not be accepted now', { cause: error });
      }
      request.log.debug({ changes: changes.accepted.length, lifecycle: lifecycle.accepted.length }, 'Graph notifications accepted');
      return reply.code(202).send();
    };
    const routeOptions = {
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      schema: { tags: ['webhooks'], summary: 'Microsoft Graph change and lifecycle notifications (validation handshake included)' },
    };
    app.post(options.notificationPath ?? '/graph/notifications', routeOptions, handler);
    app.post(options.lifecyclePath ?? '/graph/lifecycle', routeOptions, handler);
  };
}
