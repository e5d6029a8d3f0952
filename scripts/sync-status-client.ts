/**
 * The two HTTP calls of `npm run sync:status`: a sandbox sign-in and the mail sync detail, over undici
 * (house style: undici, not the global fetch). Tokens are never printed or put in error messages.
 */
import { request } from 'undici';
import type { MailSyncDetail, MailSyncDetailResponse } from '../shared/addin-api.js';
import type { SyncStatusAuth } from './sync-status-options.js';

/** A status check that hangs longer than this is reported as a failure rather than waited for. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The server answered with an error status; `code` is our `error.code` when the body had one. */
export class StatusHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'StatusHttpError';
  }
}

async function call(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown): Promise<unknown> {
  const what = `${method} ${new URL(url).pathname}`;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method,
      headers: { accept: 'application/json', ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${what}: the server cannot be reached (${(error as Error).message})`, { cause: error });
  }
  const text = await response.body.text();
  if (response.statusCode >= 400) {
    let code: string | null = null;
    let message = '';
    try {
      const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (typeof parsed.error?.code === 'string') code = parsed.error.code;
      if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    } catch {
      // not our JSON error body (a proxy page): the status line says enough
    }
    throw new StatusHttpError(response.statusCode, code, `${what} answered ${response.statusCode}${code === null ? '' : ` ${code}`}${message === '' ? '' : `: ${message}`}`);
  }
  return JSON.parse(text) as unknown;
}

/** Signs in through the sandbox identity provider (`POST /auth/sandbox/token`; sandbox mode only). */
export async function sandboxToken(baseUrl: string, email: string): Promise<string> {
  const answer = (await call('POST', `${baseUrl}/auth/sandbox/token`, {}, { email })) as { access_token?: unknown };
  if (typeof answer.access_token !== 'string') throw new Error('POST /auth/sandbox/token: the answer has no access_token');
  return answer.access_token;
}

/** `GET /api/status/sync/mail`: the signed-in viewer's mail sync, or null when their mailbox is not synced. */
export async function fetchMailSyncDetail(baseUrl: string, token: string): Promise<MailSyncDetail | null> {
  const answer = (await call('GET', `${baseUrl}/api/status/sync/mail`, { authorization: `Bearer ${token}` })) as MailSyncDetailResponse;
  return answer.mail;
}

/**
 * Reads the status with the configured sign-in. A sandbox token is minted once and minted again after
 * a 401 (it expired during a long --watch); a given token is used as it is.
 */
export class MailStatusReader {
  #token: string | null;

  constructor(
    private readonly baseUrl: string,
    private readonly auth: SyncStatusAuth,
  ) {
    this.#token = auth.kind === 'token' ? auth.token : null;
  }

  async read(): Promise<MailSyncDetail | null> {
    const token = this.#token ?? (await this.#mint());
    try {
      return await fetchMailSyncDetail(this.baseUrl, token);
    } catch (error) {
      if (!(error instanceof StatusHttpError) || error.status !== 401 || this.auth.kind !== 'sandbox') throw error;
      return fetchMailSyncDetail(this.baseUrl, await this.#mint());
    }
  }

  async #mint(): Promise<string> {
    if (this.auth.kind !== 'sandbox') throw new Error('no sandbox sign-in configured');
    this.#token = await sandboxToken(this.baseUrl, this.auth.email);
    return this.#token;
  }
}
