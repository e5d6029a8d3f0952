import { setMaxListeners } from 'node:events';
import { request } from 'undici';
import { CallbackCrypto, randomNonce } from '../../connectors/dingtalk/callback-crypto.js';
import type { SandboxContactEvent } from './event-feed.js';

export interface HttpPusherOptions {
  url: string;
  token: string;
  /** The 43-character EncodingAESKey. */
  aesKey: string;
  /** ownerKey of the crypto: the AppKey for console event subscriptions (§4.2). */
  appKey: string;
  /** Waits before the 1st and 2nd retry; DingTalk uses 10 s then 30 s (§4.4). */
  retryDelaysMs: readonly [number, number];
  /** Per-attempt timeout (headers and body). DingTalk wants the reply fast; default 5 s [inferred]. */
  timeoutMs?: number;
  clock?: () => number;
  /** Called once per event after the last retry failed; the sandbox parks it for the failed-results APIs. */
  onGaveUp: (event: SandboxContactEvent, plaintext: string) => void;
  /** One line per failed attempt, for logs. */
  onAttemptFailed?: (event: SandboxContactEvent | null, attempt: number, reason: string) => void;
}

/**
 * DingTalk's HTTP push (§4.2, §4.4). Each event is POSTed to `url?signature=&timestamp=&nonce=` with body
 * `{"encrypt": …}`; the plaintext is the new flat format `{EventType, EventTime, CorpId, eventId,
 * userId|deptId, TimeStamp}`. A delivery succeeds only on HTTP 200 JSON `{msg_signature, timeStamp, nonce,
 * encrypt}` whose signature verifies and which decrypts to `success`. Otherwise it is retried after
 * retryDelaysMs[0], then [1], then handed to onGaveUp.
 *
 * `push` never blocks or throws: deliveries run in the background. `close` cancels pending retries and aborts
 * requests in flight (those events are neither delivered nor parked).
 */
export interface HttpPusher {
  push(event: SandboxContactEvent): void;
  /** Pushes `{"EventType":"check_url"}` once (no retries) and says whether the reply was a valid `success`. */
  sendCheckUrl(): Promise<boolean>;
  /** Resolves when no delivery is in flight or waiting for a retry. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The flat new-format plaintext DingTalk pushes for a contact event (§4.5). */
export function pushPlaintext(event: SandboxContactEvent): string {
  const ids = event.data.userId !== undefined ? { userId: event.data.userId } : { deptId: event.data.deptId ?? [] };
  return JSON.stringify({
    EventType: event.eventType,
    EventTime: String(event.bornTime),
    CorpId: event.corpId,
    eventId: event.eventId,
    ...ids,
    TimeStamp: event.data.timeStamp,
  });
}

export function createHttpPusher(options: HttpPusherOptions): HttpPusher {
  const crypto = new CallbackCrypto({ token: options.token, aesKey: options.aesKey, ownerKey: options.appKey });
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5000;
  const controller = new AbortController();
  // why: every request in flight listens on this one signal; Node would warn past 10 listeners.
  setMaxListeners(0, controller.signal);
  const waits = new Map<NodeJS.Timeout, () => void>();
  const running = new Set<Promise<void>>();
  let closed = false;

  /** One POST; resolves to null on success or the reason it counts as failed. */
  const attempt = async (plaintext: string): Promise<string | null> => {
    const timestamp = String(clock());
    const nonce = randomNonce();
    const encrypt = crypto.encrypt(plaintext);
    const url = new URL(options.url);
    url.searchParams.set('signature', crypto.signature(timestamp, nonce, encrypt));
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt }),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: controller.signal,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) return `HTTP ${response.statusCode}`;
      return verifyReply(crypto, text);
    } catch (error) {
      return `request failed: ${(error as Error).message}`;
    }
  };

  const track = (work: Promise<void>): void => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };

  const deliver = async (event: SandboxContactEvent, plaintext: string, attemptNo: number): Promise<void> => {
    const failure = await attempt(plaintext);
    if (failure === null || closed) return;
    options.onAttemptFailed?.(event, attemptNo, failure);
    const delay = options.retryDelaysMs[attemptNo - 1];
    if (delay === undefined) {
      options.onGaveUp(event, plaintext);
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve();
      }, delay);
      waits.set(timer, resolve);
    });
    if (!closed) await deliver(event, plaintext, attemptNo + 1);
  };

  return {
    push(event) {
      if (closed) return;
      // why: a throwing onGaveUp must not become an unhandled rejection that takes the process down.
      const work = deliver(event, pushPlaintext(event), 1).catch((error: unknown) =>
        options.onAttemptFailed?.(event, 0, `internal error: ${(error as Error).message}`),
      );
      track(work);
    },
    async sendCheckUrl() {
      if (closed) return false;
      const failure = await attempt(JSON.stringify({ EventType: 'check_url' }));
      if (failure !== null) options.onAttemptFailed?.(null, 1, failure);
      return failure === null;
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async close() {
      closed = true;
      for (const [timer, resolve] of waits) {
        clearTimeout(timer);
        resolve();
      }
      waits.clear();
      controller.abort();
      await Promise.allSettled([...running]);
    },
  };
}

/** Checks a callback reply (§4.2): JSON with the four fields, a valid signature, and the plaintext `success`. */
function verifyReply(crypto: CallbackCrypto, text: string): string | null {
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    return 'reply is not JSON';
  }
  if (typeof reply !== 'object' || reply === null) return 'reply is not a JSON object';
  const { msg_signature: signature, timeStamp, nonce, encrypt } = reply as Record<string, unknown>;
  if (typeof signature !== 'string' || typeof timeStamp !== 'string' || typeof nonce !== 'string' || typeof encrypt !== 'string') {
    return 'reply lacks msg_signature/timeStamp/nonce/encrypt strings';
  }
  if (!crypto.verifySignature(signature, timeStamp, nonce, encrypt)) return 'reply signature does not verify';
  try {
    const plain = crypto.decrypt(encrypt);
    return plain === 'success' ? null : `reply decrypts to ${JSON.stringify(plain.slice(0, 40))}, not "success"`;
  } catch (error) {
    return `reply does not decrypt: ${(error as Error).message}`;
  }
}
