/**
 * Fixed facts of the add-in's manifest (manifest.xml at the repository root), shared by the renderer,
 * the structural check, the CLI scripts and the tests. Constants only: no I/O.
 */

/**
 * The add-in's `<Id>`. Never change it: Outlook keys installs, admin deployments and the item custom
 * properties (`cecp-<Id>`, microsoft.md §2.2) on it, so a new Id is a different add-in.
 */
export const ADDIN_ID = '0735ccb3-f589-4682-aabd-fb0c3f8b23ea';

/** Base URL written in the template; renderManifest replaces it with the deployment's URL. */
export const TEMPLATE_BASE_URL = 'https://localhost:3000';

/**
 * Placeholder for the Entra API client id in the template's WebApplicationInfo. renderManifest either
 * replaces it (`apiClientId`) or removes WebApplicationInfo; checkManifestStructure reports it if left.
 */
export const PLACEHOLDER_CLIENT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Names of the launch-event handlers. The launch-event bundle registers them with
 * `Office.actions.associate(name, fn)`; the manifest's FunctionName must equal them exactly, or Outlook
 * finds no handler — and with SendMode SoftBlock a missing OnMessageSend handler blocks every send
 * (microsoft.md §2.3).
 */
export const LAUNCH_EVENT_HANDLERS = {
  OnMessageRecipientsChanged: 'onMessageRecipientsChangedHandler',
  OnMessageSend: 'onMessageSendHandler',
} as const;

/** SendMode of OnMessageSend: the user must fix the issue, but sends go out when the add-in is unavailable (§1.6). */
export const SEND_MODE = 'SoftBlock';

/**
 * Control ids of the two task-pane buttons. Smart Alerts can name one as `commandId` in
 * `event.completed(...)` to add a button that opens the pane (Mailbox 1.14, microsoft.md §2.3).
 */
export const TASKPANE_BUTTON_IDS = {
  read: 'msgReadOpenPaneButton',
  compose: 'msgComposeOpenPaneButton',
} as const;

/** Domains outside the deployment that the manifest may name (sign-in pages opened inside the pane). */
export const ALLOWED_EXTERNAL_ORIGINS: readonly string[] = ['https://login.microsoftonline.com'];

/** Pages and scripts the add-in build emits under dist/addin (served at `<base>/addin/…`). */
export const BUILD_PAGES: readonly string[] = ['/addin/taskpane.html', '/addin/commands.html', '/addin/launchevent.js', '/addin/devhost.html'];

/** Icon sizes the manifest uses (IconUrl 64, HighResolutionIconUrl 128, ribbon 16/32/80); files in addin/assets. */
export const ICON_SIZES: readonly number[] = [16, 32, 64, 80, 128];

/** Path of the icon of one size, as served (the build copies addin/assets/* to dist/addin/assets/). */
export function iconPath(size: number): string {
  return `/addin/assets/icon-${size}.png`;
}

/** Every path a manifest URL may point at, relative to the deployment base URL. */
export const EXPECTED_PATHS: readonly string[] = [...BUILD_PAGES, ...ICON_SIZES.map(iconPath)];

/** The path whose URL (FormSettings SourceLocation) tells a manifest's current base URL. */
export const ANCHOR_PATH = '/addin/taskpane.html';

/**
 * `<Permissions>`: set item properties (recipients, body) from the pane and the event handlers, and no
 * more (microsoft.md §1.3). Raising it makes every tenant's admin consent again, so it is pinned here.
 */
export const PERMISSIONS = 'ReadWriteItem';

/** Locales every user-visible string is translated into, besides DefaultLocale en-US. */
export const OVERRIDE_LOCALES: readonly string[] = ['zh-CN', 'zh-HK'];

/** WebApplicationInfo scopes: identity only (see manifest.xml for why access_as_user is not listed). */
export const WEB_APPLICATION_SCOPES: readonly string[] = ['openid', 'profile'];
