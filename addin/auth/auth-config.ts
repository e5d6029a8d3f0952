/**
 * Body of `GET /auth/config` (unauthenticated). `sandboxTokenUrl` is present in sandbox mode only.
 * Kept here rather than in shared/ because the backend side is owned elsewhere; the shape is the
 * agreed contract.
 */
export interface AuthConfig {
  mode: 'sandbox' | 'entra';
  spaClientId: string;
  /** the bridge API's delegated scope, e.g. api://bridge.example.com/<client-id>/access_as_user */
  apiScope: string;
  authority: string;
  sandboxTokenUrl?: string;
}

/**
 * Reads the sign-in configuration. Returns null when the server has no `/auth/config` route (a
 * backend from before sign-in existed): the pane then sends requests without a token.
 */
export async function fetchAuthConfig(baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<AuthConfig | null> {
  const response = await fetchImpl(`${baseUrl}/auth/config`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET /auth/config answered ${response.status}`);
  const body = (await response.json()) as Partial<AuthConfig>;
  if ((body.mode !== 'sandbox' && body.mode !== 'entra') || typeof body.apiScope !== 'string' || typeof body.spaClientId !== 'string' || typeof body.authority !== 'string') {
    throw new Error('GET /auth/config returned an unexpected body');
  }
  return {
    mode: body.mode,
    spaClientId: body.spaClientId,
    apiScope: body.apiScope,
    authority: body.authority,
    ...(typeof body.sandboxTokenUrl === 'string' ? { sandboxTokenUrl: body.sandboxTokenUrl } : {}),
  };
}
