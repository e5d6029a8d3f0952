import { LAUNCH_EVENT_HANDLERS, PLACEHOLDER_CLIENT_ID, SEND_MODE, TASKPANE_BUTTON_IDS, WEB_APPLICATION_SCOPES } from './constants.js';
import type { ManifestBase } from './check-urls.js';
import { BASE_MIN_SET, LAUNCH_EVENT_MIN_SET, PINNING_MIN_SET, VERSION_OVERRIDES_V1_1_MIN_SET, compareSets, maxSet } from './requirement-sets.js';
import { GUID, allNamed, at, child, childrenNamed, path, textOf, xsiType } from './tree.js';
import type { XmlElement } from './xml.js';

/** The URL a `resid` resolves to in one VersionOverrides' bt:Urls, or undefined. */
export function urlResolver(versionOverrides: XmlElement): (resid: string | undefined) => string | undefined {
  const urls = new Map<string, string>();
  for (const url of path(versionOverrides, 'Resources', 'Urls')?.children ?? []) {
    const id = url.attributes.get('id');
    const value = url.attributes.get('DefaultValue');
    if (id !== undefined && value !== undefined) urls.set(id, value);
  }
  return (resid) => (resid === undefined ? undefined : urls.get(resid));
}

/** Mailbox MinVersion declared by a Requirements element (Set MinVersion, else Sets DefaultMinVersion). */
function mailboxSet(requirements: XmlElement | undefined): string | undefined {
  const sets = requirements === undefined ? undefined : child(requirements, 'Sets');
  const mailbox = sets === undefined ? undefined : childrenNamed(sets, 'Set').find((s) => s.attributes.get('Name') === 'Mailbox');
  if (mailbox === undefined || sets === undefined) return undefined;
  return mailbox.attributes.get('MinVersion') ?? sets.attributes.get('DefaultMinVersion');
}

/**
 * Requirement sets are the minimum for the features used (see requirement-sets.ts): the base at
 * Mailbox 1.1, V1_1 at exactly the highest set its own features need — lower breaks them on older
 * clients, higher hides the buttons and events from clients that could run them.
 */
export function checkRequirementSets(root: XmlElement, v11: XmlElement): string[] {
  const problems: string[] = [];
  const base = mailboxSet(child(root, 'Requirements'));
  if (base === undefined) problems.push('<Requirements> declares no Mailbox set');
  else if (base !== BASE_MIN_SET) problems.push(`base <Requirements> declares Mailbox ${base}; this add-in's base manifest needs exactly ${BASE_MIN_SET}`);

  const needs: Array<[string, string]> = [[VERSION_OVERRIDES_V1_1_MIN_SET, 'VersionOverrides V1_1']];
  if (allNamed(v11, 'SupportsPinning').some((el) => textOf(el) === 'true')) needs.push([PINNING_MIN_SET, 'SupportsPinning']);
  for (const event of allNamed(v11, 'LaunchEvent')) {
    const type = event.attributes.get('Type') ?? '';
    const set = LAUNCH_EVENT_MIN_SET[type];
    if (set === undefined) problems.push(`${at(event)}: unknown LaunchEvent Type "${type}"`);
    else needs.push([set, type]);
  }
  const required = maxSet(needs.map(([set]) => set));
  const because = needs.filter(([set]) => set === required).map(([, why]) => why).join(', ');
  const declared = mailboxSet(child(v11, 'Requirements'));
  if (declared === undefined) problems.push(`VersionOverrides V1_1 declares no Mailbox requirement; it needs ${required} (${because})`);
  else if (compareSets(declared, required) < 0) problems.push(`VersionOverrides V1_1 declares Mailbox ${declared}, below the ${required} that ${because} needs`);
  else if (compareSets(declared, required) > 0) problems.push(`VersionOverrides V1_1 declares Mailbox ${declared}, above the ${required} its features need; that hides them from clients that support them`);
  return problems;
}

/** Both command surfaces carry the task-pane button: ShowTaskpane → taskpane.html, pinnable, 16/32/80 icons. */
export function checkTaskpaneButtons(v11: XmlElement, where: ManifestBase): string[] {
  const problems: string[] = [];
  const urlOf = urlResolver(v11);
  const desktop = path(v11, 'Hosts', 'Host', 'DesktopFormFactor');
  if (desktop === undefined) return ['VersionOverrides V1_1 has no Hosts/Host/DesktopFormFactor'];
  const surfaces = [['MessageReadCommandSurface', TASKPANE_BUTTON_IDS.read], ['MessageComposeCommandSurface', TASKPANE_BUTTON_IDS.compose]] as const;
  for (const [surface, id] of surfaces) {
    const point = child(desktop, 'ExtensionPoint', surface);
    if (point === undefined) {
      problems.push(`${at(desktop)}: DesktopFormFactor has no ${surface} extension point`);
      continue;
    }
    const control = allNamed(point, 'Control').find((c) => c.attributes.get('id') === id);
    if (control === undefined || xsiType(control) !== 'Button') {
      problems.push(`${at(point)}: ${surface} has no Button with id "${id}"`);
      continue;
    }
    const action = child(control, 'Action');
    if (action === undefined || xsiType(action) !== 'ShowTaskpane') problems.push(`${at(control)}: button "${id}" must have Action xsi:type="ShowTaskpane"`);
    const url = urlOf(child(action ?? control, 'SourceLocation')?.attributes.get('resid'));
    if (url !== `${where.base}/addin/taskpane.html`) problems.push(`${at(control)}: button "${id}" must open ${where.base}/addin/taskpane.html (got ${url ?? 'nothing'})`);
    if (textOf(action === undefined ? undefined : child(action, 'SupportsPinning')) !== 'true') problems.push(`${at(control)}: button "${id}" must set <SupportsPinning>true</SupportsPinning>`);
    const sizes = childrenNamed(child(control, 'Icon') ?? control, 'Image').map((img) => img.attributes.get('size'));
    for (const size of ['16', '32', '80']) if (!sizes.includes(size)) problems.push(`${at(control)}: button "${id}" has no ${size}px icon`);
  }
  const ids = allNamed(desktop, 'Control').map((c) => c.attributes.get('id'));
  for (const [index, id] of ids.entries()) if (ids.indexOf(id) !== index) problems.push(`control id "${id ?? ''}" is used more than once`);
  return problems;
}

/**
 * Event-based activation (microsoft.md §1.6): one runtime page (commands.html) with a JavaScript
 * override (launchevent.js) for classic Outlook on Windows; the LaunchEvent extension point's
 * SourceLocation names the same resid as the Runtime; exactly our two events, with the handler names
 * the launch-event bundle registers, and SoftBlock on send.
 */
export function checkLaunchEvents(v11: XmlElement, where: ManifestBase): string[] {
  const problems: string[] = [];
  const urlOf = urlResolver(v11);
  const host = path(v11, 'Hosts', 'Host');
  const runtimes = host === undefined ? [] : childrenNamed(child(host, 'Runtimes') ?? host, 'Runtime');
  const runtime = runtimes[0];
  if (runtime === undefined || runtimes.length !== 1) return [`${at(host ?? v11)}: MailHost must declare exactly one <Runtime> in <Runtimes>`];
  const runtimeResid = runtime.attributes.get('resid');
  if (urlOf(runtimeResid) !== `${where.base}/addin/commands.html`) problems.push(`${at(runtime)}: the Runtime must load ${where.base}/addin/commands.html`);
  const override = childrenNamed(runtime, 'Override').find((o) => o.attributes.get('type') === 'javascript');
  if (urlOf(override?.attributes.get('resid')) !== `${where.base}/addin/launchevent.js`) {
    problems.push(`${at(runtime)}: the Runtime needs <Override type="javascript"> pointing at ${where.base}/addin/launchevent.js (classic Outlook on Windows runs that file)`);
  }
  const desktop = host === undefined ? undefined : child(host, 'DesktopFormFactor');
  const functionFile = desktop === undefined ? undefined : child(desktop, 'FunctionFile');
  if (urlOf(functionFile?.attributes.get('resid')) !== `${where.base}/addin/commands.html`) problems.push(`${at(desktop ?? v11)}: DesktopFormFactor needs <FunctionFile> pointing at ${where.base}/addin/commands.html`);
  const point = desktop === undefined ? undefined : child(desktop, 'ExtensionPoint', 'LaunchEvent');
  if (point === undefined) return [...problems, `${at(desktop ?? v11)}: DesktopFormFactor has no LaunchEvent extension point`];
  const source = child(point, 'SourceLocation')?.attributes.get('resid');
  if (source !== runtimeResid) problems.push(`${at(point)}: the LaunchEvent SourceLocation resid "${source ?? ''}" must equal the Runtime resid "${runtimeResid ?? ''}"`);

  const seen = new Set<string>();
  for (const event of allNamed(point, 'LaunchEvent')) {
    const type = event.attributes.get('Type') ?? '';
    const expected = (LAUNCH_EVENT_HANDLERS as Record<string, string>)[type];
    if (seen.has(type)) problems.push(`${at(event)}: LaunchEvent ${type} is declared twice`);
    seen.add(type);
    if (expected === undefined) problems.push(`${at(event)}: LaunchEvent ${type} has no handler in the launch-event bundle (handled: ${Object.keys(LAUNCH_EVENT_HANDLERS).join(', ')})`);
    else if (event.attributes.get('FunctionName') !== expected) problems.push(`${at(event)}: LaunchEvent ${type} must call FunctionName="${expected}" (got "${event.attributes.get('FunctionName') ?? ''}")`);
    const sendMode = event.attributes.get('SendMode');
    if (type === 'OnMessageSend' && sendMode !== SEND_MODE) problems.push(`${at(event)}: OnMessageSend must set SendMode="${SEND_MODE}" (got ${sendMode ?? 'none'})`);
    if (type !== 'OnMessageSend' && sendMode !== undefined) problems.push(`${at(event)}: SendMode only applies to send events, not ${type}`);
  }
  for (const type of Object.keys(LAUNCH_EVENT_HANDLERS)) if (!seen.has(type)) problems.push(`${at(point)}: LaunchEvent ${type} is missing`);
  return problems;
}

/**
 * WebApplicationInfo is optional (NAA does not need it, microsoft.md §1.7); when present its Id is the
 * API's client id and Resource is `api://<host of the add-in's URLs>/<that id>` (webapplicationinfo
 * reference: the Resource domain must match the add-in's host).
 */
export function checkWebApplicationInfo(v11: XmlElement, where: ManifestBase): string[] {
  const info = child(v11, 'WebApplicationInfo');
  if (info === undefined) return [];
  const problems: string[] = [];
  const id = textOf(child(info, 'Id'));
  if (!GUID.test(id)) problems.push(`${at(info)}: WebApplicationInfo Id "${id}" is not a GUID`);
  else if (id === PLACEHOLDER_CLIENT_ID) problems.push(`${at(info)}: WebApplicationInfo Id is the template placeholder; render with the API's client id or without WebApplicationInfo`);
  const resource = textOf(child(info, 'Resource'));
  if (resource !== `api://${where.host}/${id}`) problems.push(`${at(info)}: WebApplicationInfo Resource must be api://${where.host}/${id} (got ${resource})`);
  const scopes = allNamed(info, 'Scope').map((s) => textOf(s));
  for (const scope of WEB_APPLICATION_SCOPES) if (!scopes.includes(scope)) problems.push(`${at(info)}: WebApplicationInfo Scopes lacks ${scope}`);
  return problems;
}
