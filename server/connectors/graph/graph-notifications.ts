import { createHash, timingSafeEqual } from 'node:crypto';
import type { GraphLifecycleNotification, GraphNotification } from './contract.js';

/**
 * Pure helpers for our Graph webhook endpoint (microsoft.md §5.2–§5.4): the validation handshake, parsing
 * a `changeNotificationCollection` (change and lifecycle items may share one POST when both URLs are the
 * same), and the per-item clientState check. No I/O, no framework: server/http/graph-webhook.ts wires
 * them to Fastify.
 */

/** Real tokens are ~150 characters ("Validation: Testing client application reachability …"). */
export const MAX_VALIDATION_TOKEN_LENGTH = 1024;
/** One POST may batch several notifications (§5.3); far more than Graph sends, far less than abuse. */
export const MAX_NOTIFICATIONS_PER_POST = 1000;
/** §5.1: clientState is at most 128 characters in v1.0 (beta: 255). */
export const MAX_CLIENT_STATE_LENGTH = 255;

const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);
const LIFECYCLE_EVENTS = new Set(['reauthorizationRequired', 'subscriptionRemoved', 'missed']);

export type ValidationAnswer =
  | { ok: true; status: 200; contentType: 'text/plain; charset=utf-8'; body: string }
  | { ok: false; status: 400; reason: string };

/**
 * The answer to `POST …?validationToken=…` (§5.2): 200 text/plain with the URL-decoded token, verbatim.
 * `token` is the query value as the framework decoded it (one decoding; an encoded or wrapped echo
 * fails Graph's check). Missing, empty, repeated, oversized or control-character tokens are refused.
 */
export function answerValidation(token: unknown, maxLength: number = MAX_VALIDATION_TOKEN_LENGTH): ValidationAnswer {
  if (Array.isArray(token)) return { ok: false, status: 400, reason: 'validationToken given more than once' };
  if (typeof token !== 'string' || token === '') return { ok: false, status: 400, reason: 'validationToken is missing or empty' };
  if (token.length > maxLength) return { ok: false, status: 400, reason: `validationToken is longer than ${maxLength} characters` };
  // why: the token is echoed; a CR/LF or NUL has no business in it and only helps response splitting tricks.
  if (/[\u0000-\u001f\u007f]/.test(token)) return { ok: false, status: 400, reason: 'validationToken contains control characters' };
  return { ok: true, status: 200, contentType: 'text/plain; charset=utf-8', body: token };
}

export interface ParsedNotifications {
  notifications: GraphNotification[];
  lifecycle: GraphLifecycleNotification[];
}

export class NotificationPayloadError extends Error {
  override readonly name = 'NotificationPayloadError';
}

/**
 * Parses and validates a notification POST body `{value:[…]}` (§5.3 change items, §5.4 lifecycle items).
 * Throws NotificationPayloadError naming the first offending item. clientState is NOT checked here
 * (see partitionByClientState).
 */
export function parseNotificationPayload(body: unknown): ParsedNotifications {
  if (!isObject(body)) throw new NotificationPayloadError('body must be a JSON object');
  const value = body.value;
  if (!Array.isArray(value)) throw new NotificationPayloadError('body.value must be an array');
  if (value.length === 0) throw new NotificationPayloadError('body.value is empty');
  if (value.length > MAX_NOTIFICATIONS_PER_POST) throw new NotificationPayloadError(`body.value has more than ${MAX_NOTIFICATIONS_PER_POST} items`);
  const out: ParsedNotifications = { notifications: [], lifecycle: [] };
  value.forEach((item, index) => {
    const where = `value[${index}]`;
    if (!isObject(item)) throw new NotificationPayloadError(`${where} must be an object`);
    const subscriptionId = requiredString(item, 'subscriptionId', where, 200);
    // A missing clientState parses as '' and then fails the clientState check like a wrong one.
    const clientState = optionalString(item, 'clientState', where, MAX_CLIENT_STATE_LENGTH) ?? '';
    if (item.lifecycleEvent !== undefined) {
      const event = item.lifecycleEvent;
      if (typeof event !== 'string' || !LIFECYCLE_EVENTS.has(event)) throw new NotificationPayloadError(`${where}.lifecycleEvent is not a known lifecycle event`);
      out.lifecycle.push({ subscriptionId, clientState, lifecycleEvent: event as GraphLifecycleNotification['lifecycleEvent'] });
      return;
    }
    const changeType = item.changeType;
    if (typeof changeType !== 'string' || !CHANGE_TYPES.has(changeType)) throw new NotificationPayloadError(`${where}.changeType must be created, updated or deleted`);
    const resource = requiredString(item, 'resource', where, 2048);
    const resourceData = item.resourceData;
    if (resourceData !== undefined && resourceData !== null && !isObject(resourceData)) throw new NotificationPayloadError(`${where}.resourceData must be an object`);
    const messageId = isObject(resourceData) ? optionalString(resourceData, 'id', `${where}.resourceData`, 1024) : null;
    const tenantId = optionalString(item, 'tenantId', where, 200);
    out.notifications.push({ subscriptionId, clientState, changeType: changeType as GraphNotification['changeType'], resource, messageId, tenantId });
  });
  return out;
}

/** Constant-time comparison of a received clientState with the one we set (§5.3: check every item). */
export function clientStateMatches(expected: string, received: string): boolean {
  // Hashing first gives equal-length inputs, so neither length nor content leaks through timing.
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(received, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Splits items into those whose clientState matches what we set for their subscription and the rest
 * (unknown subscription or wrong secret). Rejected items must be ignored, not acted on (§5.3).
 */
export async function partitionByClientState<T extends { subscriptionId: string; clientState: string }>(
  items: readonly T[],
  clientStateFor: (subscriptionId: string) => string | null | Promise<string | null>,
): Promise<{ accepted: T[]; rejected: T[] }> {
  const accepted: T[] = [];
  const rejected: T[] = [];
  for (const item of items) {
    const expected = await clientStateFor(item.subscriptionId);
    if (expected !== null && clientStateMatches(expected, item.clientState)) accepted.push(item);
    else rejected.push(item);
  }
  return { accepted, rejected };
}

function requiredString(item: Record<string, unknown>, key: string, where: string, maxLength: number): string {
  const value = item[key];
  if (typeof value !== 'string' || value === '') throw new NotificationPayloadError(`${where}.${key} must be a non-empty string`);
  if (value.length > maxLength) throw new NotificationPayloadError(`${where}.${key} is longer than ${maxLength} characters`);
  return value;
}

function optionalString(item: Record<string, unknown>, key: string, where: string, maxLength: number): string | null {
  const value = item[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new NotificationPayloadError(`${where}.${key} must be a string`);
  if (value.length > maxLength) throw new NotificationPayloadError(`${where}.${key} is longer than ${maxLength} characters`);
  return value === '' ? null : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
