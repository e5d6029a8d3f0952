/**
 * The Content-Security-Policy of every response: the task pane, the dev host, the sign-in dialog,
 * Swagger UI at /docs and the JSON API share one policy, so the pages the browser tests load are
 * the pages production serves.
 *
 * Microsoft does not document the sources an Outlook add-in's policy needs (open doc request:
 * OfficeDev/office-js#1005); the lists below are what our pages load plus community findings, marked.
 */

/** office.js is only ever loaded from Microsoft's CDN (microsoft.md §2.1, webpack.config.js OFFICE_JS). */
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com';
/**
 * office.js fetches MicrosoftAjax.js from this CDN when the host page has not loaded it; without it
 * Office.onReady never resolves [community: OfficeDev/office-js#1005, microsoft/MHA#125; verify].
 */
const MS_AJAX_CDN = 'https://ajax.aspnetcdn.com';
/**
 * Microsoft Entra sign-in (microsoft.md §2.5). Under nested app authentication Outlook brokers the
 * token and MSAL makes no request of its own; where NAA is unsupported MSAL falls back to the standard
 * flow, which fetches metadata and tokens from the authority (connect-src) and renews silently in a
 * hidden iframe (frame-src). The authority is always this host (server/identity/identity.ts authConfigFor).
 */
const ENTRA_LOGIN = 'https://login.microsoftonline.com';

/**
 * Who may frame the pane: Outlook on the web and the new Outlook for Windows (which runs Outlook on
 * the web in WebView2) put the pane in an iframe; classic Windows, Mac and mobile open it as the top
 * document, where frame-ancestors does not apply. microsoft.md names no list: these hosts are assumed
 * (outlook.cloud.microsoft is Outlook on the web's newer domain, *.officeapps.live.com and
 * *.cdn.office.net are Office's web-host domains) [verify], hence BRIDGE_FRAME_ANCESTORS.
 */
export const DEFAULT_FRAME_ANCESTORS: readonly string[] = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.cloud.microsoft',
  'https://outlook.live.com',
  'https://*.officeapps.live.com',
  'https://*.cdn.office.net',
];

export interface ContentSecurityPolicyOptions {
  /** CSP source expressions allowed to frame our pages, besides our own origin */
  frameAncestors: readonly string[];
  /** the pages are reached over https: ask the browser to upgrade any stray http subresource */
  https: boolean;
}

/** helmet's directive map: null removes one of helmet's defaults. */
export type CspDirectives = Record<string, string[] | null>;

/** The directives (merged over helmet's defaults: object-src 'none', script-src-attr 'none', …). */
export function contentSecurityPolicy(options: ContentSecurityPolicyOptions): CspDirectives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'", OFFICE_JS_CDN, MS_AJAX_CDN],
    // why 'unsafe-inline': Fluent UI v9 styles with Griffel, which inserts <style> rules at run time (and
    // office.js sets inline styles, OfficeDev/office-js#1687); a nonce cannot reach them because the pages
    // are static files. Inline *scripts* stay forbidden, which is what stops injected code.
    'style-src': ["'self'", "'unsafe-inline'"],
    // why https: DingTalk avatars are https URLs on DingTalk's CDNs (any host), data: for Fluent and Swagger UI icons
    'img-src': ["'self'", 'data:', 'https:'],
    'font-src': ["'self'", 'data:'],
    // the pane calls only its own origin (the API, /auth/*); it never calls Microsoft Graph itself
    'connect-src': ["'self'", ENTRA_LOGIN],
    'frame-src': ["'self'", ENTRA_LOGIN],
    'frame-ancestors': ["'self'", ...options.frameAncestors],
    'form-action': ["'self'"],
    'object-src': ["'none'"],
    // helmet adds it by default; over plain http (local development) it would upgrade our own requests to an https port nothing serves
    'upgrade-insecure-requests': options.https ? [] : null,
  };
}
