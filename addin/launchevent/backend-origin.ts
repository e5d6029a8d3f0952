/**
 * Replaced at build time by webpack's DefinePlugin with the backend's public origin (a JSON string
 * literal). Undefined when the code runs unbundled (tests), hence the typeof guard below.
 */
declare const __BACKEND_ORIGIN__: string | undefined;

/**
 * The origin our backend answers on. The event runtime page (commands.html) is served by the backend
 * itself, so its own origin is the answer where there is a page; classic Outlook on Windows runs the
 * handlers in a JavaScript-only runtime without `location` (microsoft.md §1.6), which needs the
 * build-time constant. Fetch there also requires absolute URLs (docs: outlook/autolaunch).
 */
export function backendOrigin(): string | null {
  return resolveBackendOrigin({
    pageOrigin: typeof location === 'undefined' ? undefined : location.origin,
    builtIn: typeof __BACKEND_ORIGIN__ === 'string' ? __BACKEND_ORIGIN__ : undefined,
  });
}

/** The first usable http(s) origin of the two, without a trailing slash; null if neither is. */
export function resolveBackendOrigin(sources: { pageOrigin?: string | undefined; builtIn?: string | undefined }): string | null {
  for (const candidate of [sources.pageOrigin, sources.builtIn]) {
    // an opaque origin is the string "null" (sandboxed frames, file:)
    if (candidate !== undefined && /^https?:\/\/[^/]+/.test(candidate)) return candidate.replace(/\/+$/, '');
  }
  return null;
}
