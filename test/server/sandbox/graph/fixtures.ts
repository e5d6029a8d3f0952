import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildGraphSandbox, type GraphSandbox, type GraphSandboxOptions } from '../../../../server/sandbox/graph/app.js';

export const UPN = 'wang.fang@contoso.example';
export const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };

export interface SandboxFixture {
  sandbox: GraphSandbox;
  token: string;
  /** inject with the bearer token; JSON bodies are serialised. `json` is `any`: tests read arbitrary Graph JSON. */
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; json: any; body: string; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A sandbox driven through inject(), with one mailbox and a valid app token. */
export async function sandboxFixture(options: GraphSandboxOptions = {}): Promise<SandboxFixture> {
  const sandbox = await buildGraphSandbox({ mailboxes: [UPN], ...options });
  const tokenResponse = await sandbox.app.inject({
    method: 'POST',
    url: `/${sandbox.tenantId}/oauth2/v2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
  });
  const token = tokenResponse.json().access_token as string;
  return {
    sandbox,
    token,
    async call(method, url, options = {}) {
      const body = options.body;
      const response = await sandbox.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      let json: unknown;
      try {
        json = response.json();
      } catch {
        json = undefined;
      }
      // why: tests read arbitrary Graph JSON; asserting on `any` keeps them short.
      return { status: response.statusCode, json: json as any, body: response.body, headers: response.headers };
    },
    close: () => sandbox.close(),
  };
}

export interface ScriptedReceiver {
  url: string;
  /** every POST body received (validation requests excluded) */
  posts: Array<{ value: Array<Record<string, unknown>> }>;
  validations: string[];
  /** how to answer the next requests */
  behaviour: { echo: 'exact' | 'wrong' | 'html'; failPosts: number; delayMs: number };
  items(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A bare HTTP receiver whose answers a test scripts (not our webhook plugin). */
export async function scriptedReceiver(): Promise<ScriptedReceiver> {
  const app: FastifyInstance = Fastify({ logger: false });
  const receiver = {
    posts: [] as Array<{ value: Array<Record<string, unknown>> }>,
    validations: [] as string[],
    behaviour: { echo: 'exact' as 'exact' | 'wrong' | 'html', failPosts: 0, delayMs: 0 },
  };
  app.post('/hook', async (request, reply) => {
    const token = (request.query as { validationToken?: string }).validationToken;
    if (receiver.behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, receiver.behaviour.delayMs));
    if (token !== undefined) {
      receiver.validations.push(token);
      if (receiver.behaviour.echo === 'html') return reply.type('text/html').send(`<p>${token}</p>`);
      return reply.type('text/plain').send(receiver.behaviour.echo === 'exact' ? token : encodeURIComponent(token));
    }
    if (receiver.behaviour.failPosts > 0) {
      receiver.behaviour.failPosts -= 1;
      return reply.code(503).send();
    }
    receiver.posts.push(request.body as { value: Array<Record<string, unknown>> });
    return reply.code(202).send();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    items: () => receiver.posts.flatMap((p) => p.value),
    close: () => app.close(),
  });
}

export async function eventually(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
