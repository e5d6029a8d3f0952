import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import { CallbackCrypto, CallbackCryptoError } from '../connectors/dingtalk/callback-crypto.js';
import { normalizeContactEvent, type ContactEvent } from '../connectors/dingtalk/contact-event.js';
import { errorResponses } from './schemas.js';

export interface DingTalkCallbackOptions {
  crypto: CallbackCrypto;
  /** when set, events from another corpId are refused */
  corpId: string | null;
  onEvent: (event: ContactEvent) => Promise<unknown>;
}

/**
 * Event types DingTalk may push to the same URL that other parts of the product own (calendar, to-do)
 * or that we do not use. They are acknowledged so DingTalk does not retry them; anything else is an
 * unknown type and gets a 400.
 */
const ACKNOWLEDGED_ELSEWHERE = /^(calendar_event_change|todo_task_(create|update|delete)|bpms_.*|chat_.*|check_in|suite_ticket)$/;

// The callback body is one short base64 string; anything much bigger is not DingTalk.
const CALLBACK_BODY_LIMIT = 64 * 1024;

/**
 * The DingTalk HTTP push endpoint (dingtalk.md §4.2): verify the SHA-1 signature, decrypt, answer the
 * URL check, apply contact events, and reply with the encrypted "success" DingTalk requires. Bad
 * signatures, undecryptable or malformed payloads and unknown event types are refused with a 4xx and
 * a log line; nothing is applied. A failure while applying answers 503, so DingTalk retries (10 s, 30 s).
 */
export const dingtalkCallback: FastifyPluginAsyncTypebox<DingTalkCallbackOptions> = async (app, options) => {
  app.post(
    '/dingtalk',
    {
      bodyLimit: CALLBACK_BODY_LIMIT,
      schema: {
        tags: ['webhooks'],
        summary: 'DingTalk event subscription callback (HTTP push mode)',
        querystring: Type.Object({
          signature: Type.Optional(Type.String({ maxLength: 128 })),
          msg_signature: Type.Optional(Type.String({ maxLength: 128 })),
          timestamp: Type.Optional(Type.String({ maxLength: 32 })),
          timeStamp: Type.Optional(Type.String({ maxLength: 32 })),
          nonce: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        body: Type.Object({ encrypt: Type.String({ minLength: 1 }) }),
        response: {
          200: Type.Object({ msg_signature: Type.String(), timeStamp: Type.String(), nonce: Type.String(), encrypt: Type.String() }),
          ...errorResponses,
          403: errorResponses[400],
        },
      },
    },
    async (request) => {
      const { nonce } = request.query;
      const signature = request.query.signature ?? request.query.msg_signature;
      const timestamp = request.query.timestamp ?? request.query.timeStamp;
      if (signature === undefined || timestamp === undefined) {
        throw new AppError(ErrorCodes.APP_ERR_VALIDATION, 400, 'querystring must have signature (or msg_signature) and timestamp (or timeStamp)');
      }
      const { encrypt } = request.body;
      if (!options.crypto.verifySignature(signature, timestamp, nonce, encrypt)) {
        throw new AppError(ErrorCodes.APP_ERR_BAD_SIGNATURE, 403, 'signature does not match');
      }
      const payload = decryptJson(options.crypto, encrypt);
      const eventType = payload.EventType ?? payload.eventType;
      if (eventType === 'check_url') {
        request.log.info('DingTalk callback URL check answered');
        return options.crypto.seal('success');
      }
      const corpId = payload.CorpId ?? payload.corpId ?? payload.eventCorpId;
      if (options.corpId !== null && typeof corpId === 'string' && corpId !== options.corpId) {
        throw new AppError(ErrorCodes.APP_ERR_BAD_PAYLOAD, 400, `event is for another organisation (${corpId})`);
      }
      const event = normalizeContactEvent(payload, sha256);
      if (event === null) {
        if (typeof eventType === 'string' && ACKNOWLEDGED_ELSEWHERE.test(eventType)) {
          request.log.debug({ eventType }, 'DingTalk event acknowledged without directory action');
          return options.crypto.seal('success');
        }
        throw new AppError(ErrorCodes.APP_ERR_BAD_PAYLOAD, 400, `unknown or malformed event (EventType ${JSON.stringify(eventType ?? null)})`);
      }
      try {
        await options.onEvent(event);
      } catch (error) {
        request.log.error({ err: error, eventId: event.eventId, eventType: event.eventType }, 'applying DingTalk event failed; DingTalk will retry');
        throw new AppError(ErrorCodes.APP_ERR_UNAVAILABLE, 503, 'event could not be applied now', { cause: error });
      }
      request.log.info({ eventId: event.eventId, eventType: event.eventType, users: event.userIds.length, depts: event.deptIds.length }, 'DingTalk event applied');
      return options.crypto.seal('success');
    },
  );
};

function decryptJson(crypto: CallbackCrypto, encrypt: string): Record<string, unknown> {
  let text: string;
  try {
    text = crypto.decrypt(encrypt);
  } catch (error) {
    const code = error instanceof CallbackCryptoError ? error.code : 0;
    throw new AppError(ErrorCodes.APP_ERR_BAD_PAYLOAD, 400, `payload cannot be decrypted (${code})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError(ErrorCodes.APP_ERR_BAD_PAYLOAD, 400, 'decrypted payload is not JSON', { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError(ErrorCodes.APP_ERR_BAD_PAYLOAD, 400, 'decrypted payload is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
