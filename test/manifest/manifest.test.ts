import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { ON_MESSAGE_RECIPIENTS_CHANGED, ON_MESSAGE_SEND } from '../../addin/launchevent/handler-names.js';
import { checkManifestStructure } from '../../server/addin-manifest/check.js';
import { collectUrls } from '../../server/addin-manifest/check-urls.js';
import { ADDIN_ID, EXPECTED_PATHS, LAUNCH_EVENT_HANDLERS, TEMPLATE_BASE_URL } from '../../server/addin-manifest/constants.js';
import { renderManifest, toManifestVersion } from '../../server/addin-manifest/render.js';
import { allNamed, child, xsiType } from '../../server/addin-manifest/tree.js';
import { descendants, parseXml, type XmlElement } from '../../server/addin-manifest/xml.js';

const TEMPLATE = readFileSync(new URL('../../manifest.xml', import.meta.url), 'utf8');
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const BASE = 'https://bridge.example.com';
const CLIENT_ID = '3c9e7f10-2b4d-4a6e-8f01-9d2c5b7a1e40';
const RENDERED = renderManifest(TEMPLATE, BASE, { version: toManifestVersion(PACKAGE_VERSION), apiClientId: CLIENT_ID });

/**
 * Child order of <OfficeApp xsi:type="MailApp">, copied from microsoft.md §1.2 (the XSD sequence):
 * Id → AlternateId → Version → ProviderName → DefaultLocale → DisplayName → Description → IconUrl →
 * HighResolutionIconUrl → SupportUrl → AppDomains → Hosts → Requirements → FormSettings → Permissions →
 * Rule → DisableEntityHighlighting → VersionOverrides. Kept here independently of schema-order.ts.
 */
const OFFICE_APP_ORDER = ['Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'FormSettings', 'Permissions', 'Rule', 'DisableEntityHighlighting', 'VersionOverrides'];
/** VersionOverrides V1_0 / V1_1 child order (MailAppVersionOverrides XSDs; microsoft.md §1.4). */
const V10_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides'];
const V11_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins', 'ConnectedServiceControls', 'ExtendedPermissions'];

function assertInOrder(element: XmlElement, order: readonly string[]): void {
  const names = element.children.map((c) => c.local);
  const indexes = names.map((name) => order.indexOf(name));
  assert.ok(!indexes.includes(-1), `unexpected children of <${element.local}>: ${names.filter((_, i) => indexes[i] === -1).join(', ')}`);
  assert.deepEqual(indexes, [...indexes].sort((a, b) => a - b), `<${element.local}> children out of schema order: ${names.join(', ')}`);
}

function overrides(root: XmlElement): { v10: XmlElement; v11: XmlElement } {
  const v10 = child(root, 'VersionOverrides');
  const v11 = v10?.children.at(-1);
  assert.ok(v10 !== undefined && v11 !== undefined);
  return { v10, v11 };
}

/** Replaces `from` (which must occur) with `to`, so a tampering test fails if the manifest moves on. */
function tamper(xml: string, from: string | RegExp, to: string): string {
  assert.ok(typeof from === 'string' ? xml.includes(from) : from.test(xml), `the manifest no longer contains ${String(from)}`);
  return xml.replace(from, to);
}

function problemsOf(xml: string): string[] {
  return checkManifestStructure(xml, { baseUrl: BASE, version: toManifestVersion(PACKAGE_VERSION) });
}

function assertProblem(xml: string, pattern: RegExp): void {
  const problems = problemsOf(xml);
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${String(pattern)}, got:\n${problems.join('\n') || '(none)'}`);
}

describe('manifest.xml (template)', () => {
  it('is well-formed XML with an OfficeApp MailApp root', () => {
    const root = parseXml(TEMPLATE);
    assert.equal(root.local, 'OfficeApp');
    assert.equal(xsiType(root), 'MailApp');
  });

  it('keeps OfficeApp and both VersionOverrides children in schema order, V1_1 last inside V1_0', () => {
    const root = parseXml(TEMPLATE);
    assertInOrder(root, OFFICE_APP_ORDER);
    const { v10, v11 } = overrides(root);
    assertInOrder(v10, V10_ORDER);
    assertInOrder(v11, V11_ORDER);
    assert.equal(xsiType(v10), 'VersionOverridesV1_0');
    assert.equal(xsiType(v11), 'VersionOverridesV1_1');
  });

  it('carries the fixed add-in Id and package.json version as n.n.n.0', () => {
    const root = parseXml(TEMPLATE);
    assert.equal(child(root, 'Id')?.text, ADDIN_ID);
    assert.equal(child(root, 'Version')?.text, `${PACKAGE_VERSION}.0`);
  });

  it('uses the placeholder base for every URL, and its only problem is the placeholder client id', () => {
    for (const { url } of collectUrls(parseXml(TEMPLATE))) {
      assert.ok(url.startsWith(TEMPLATE_BASE_URL) || url.startsWith('api://localhost:3000/') || url === 'https://login.microsoftonline.com', url);
    }
    const problems = checkManifestStructure(TEMPLATE, { baseUrl: TEMPLATE_BASE_URL });
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /placeholder/);
  });

  it('names exactly the launch-event handlers the launch-event bundle registers', () => {
    const events = allNamed(parseXml(TEMPLATE), 'LaunchEvent').map((e) => [e.attributes.get('Type'), e.attributes.get('FunctionName')]);
    assert.deepEqual(Object.fromEntries(events), LAUNCH_EVENT_HANDLERS);
    assert.deepEqual(Object.values(LAUNCH_EVENT_HANDLERS), ['onMessageRecipientsChangedHandler', 'onMessageSendHandler']);
  });

  it('uses the same handler names as the launch-event bundle (addin/launchevent/handler-names.ts)', () => {
    assert.equal(LAUNCH_EVENT_HANDLERS.OnMessageRecipientsChanged, ON_MESSAGE_RECIPIENTS_CHANGED);
    assert.equal(LAUNCH_EVENT_HANDLERS.OnMessageSend, ON_MESSAGE_SEND);
  });

  it('defines every resource id once and defines every resid it refers to', () => {
    const { v11 } = overrides(parseXml(TEMPLATE));
    const resources = child(v11, 'Resources');
    assert.ok(resources !== undefined);
    const ids = [...descendants(resources)].map((el) => el.attributes.get('id')).filter((id) => id !== undefined);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
    const referenced = [...descendants(v11)].map((el) => el.attributes.get('resid')).filter((id) => id !== undefined);
    assert.ok(referenced.length > 10);
    for (const resid of referenced) assert.ok(ids.includes(resid), `resid ${resid} is not defined`);
  });
});

describe('rendered manifest', () => {
  it('has no structural problems, with and without an API client id', () => {
    assert.deepEqual(problemsOf(RENDERED), []);
    assert.deepEqual(problemsOf(renderManifest(TEMPLATE, BASE, { version: toManifestVersion(PACKAGE_VERSION) })), []);
  });

  it('points every URL, over https, at the deployment host (or Microsoft sign-in) and at a file the build produces', () => {
    const urls = collectUrls(parseXml(RENDERED)).map(({ url }) => url);
    assert.ok(urls.length >= 15);
    const icons = new Set<string>();
    for (const url of urls) {
      if (url.startsWith('api://')) {
        assert.equal(url, `api://bridge.example.com/${CLIENT_ID}`);
        continue;
      }
      const parsed = new URL(url);
      assert.equal(parsed.protocol, 'https:', url);
      if (parsed.origin === 'https://login.microsoftonline.com') continue;
      assert.equal(parsed.origin, BASE, url);
      if (url === BASE) continue; // the AppDomain entry
      assert.ok(EXPECTED_PATHS.includes(parsed.pathname), `${url} is not a build output`);
      if (parsed.pathname.startsWith('/addin/assets/')) icons.add(parsed.pathname);
    }
    assert.ok(icons.size >= 5);
    for (const icon of icons) assert.ok(existsSync(new URL(`../..${icon}`, import.meta.url)), `${icon} has no file in addin/assets`);
  });
});

describe('checkManifestStructure on tampered manifests', () => {
  it('reports XML that is not well-formed', () => {
    assertProblem(tamper(RENDERED, '</DisplayName>', '</Displayname>'), /not well-formed XML: line \d+/);
  });

  it('reports children out of schema order', () => {
    const swapped = tamper(RENDERED, /(<Id>[^<]*<\/Id>)(\s*)(<Version>[^<]*<\/Version>)/, '$3$2$1');
    assertProblem(swapped, /<Id> must come before <Version> in <OfficeApp\[MailApp\]>/);
    assertProblem(tamper(RENDERED, /(<Permissions>[^<]*<\/Permissions>)(\s*)(<Rule [\s\S]*?<\/Rule>\n)/, '$3$2$1'), /must come before/);
  });

  it('reports Resources placed before Hosts inside VersionOverrides V1_1', () => {
    const resources = /\n\s*<Resources>[\s\S]*?<\/Resources>/.exec(RENDERED)?.[0] ?? '';
    const moved = tamper(tamper(RENDERED, resources, ''), /(\n\s*<Hosts>\s*<Host xsi:type="MailHost">)/, `${resources}$1`);
    assertProblem(moved, /<Hosts> must come before <Resources> in <VersionOverrides\[VersionOverridesV1_1\]>/);
  });

  it('reports a resid that no resource defines, and a resource nobody uses', () => {
    assertProblem(tamper(RENDERED, /\s*<bt:Url id="JSRuntime.Url"[^>]*\/>/, ''), /resid "JSRuntime.Url", which no resource defines/);
    assertProblem(tamper(RENDERED, '<bt:Images>', '<bt:Images>\n<bt:Image id="Spare" DefaultValue="https://bridge.example.com/addin/assets/icon-16.png"/>'), /"Spare" is defined but never used/);
  });

  it('reports a resource id defined twice and a resid of the wrong kind', () => {
    assertProblem(tamper(RENDERED, '<bt:Url id="Commands.Url"', '<bt:Url id="Taskpane.Url"'), /"Taskpane.Url" is defined more than once/);
    assertProblem(tamper(RENDERED, '<Label resid="Group.Label"/>', '<Label resid="TaskpaneButton.Tooltip"/>'), /needs a ShortString resource but "TaskpaneButton.Tooltip" is a LongString/);
  });

  it('reports http URLs, URLs off the deployment host and URLs to pages the build does not make', () => {
    assertProblem(tamper(RENDERED, `${BASE}/addin/commands.html"`, 'http://bridge.example.com/addin/commands.html"'), /is not https/);
    assertProblem(tamper(RENDERED, `${BASE}/addin/assets/icon-16.png`, 'https://cdn.example.net/icon-16.png'), /not on the deployment host/);
    assertProblem(tamper(RENDERED, `${BASE}/addin/assets/icon-32.png`, `${BASE}/addin/assets/icon-33.png`), /which the add-in build does not produce/);
  });

  it('reports an Id that is not the add-in Id and a Version that is not package.json\'s', () => {
    assertProblem(tamper(RENDERED, `<Id>${ADDIN_ID}</Id>`, '<Id>not-a-guid</Id>'), /<Id> "not-a-guid" is not a GUID/);
    assertProblem(tamper(RENDERED, `<Id>${ADDIN_ID}</Id>`, '<Id>11111111-2222-3333-4444-555555555555</Id>'), /differs from the add-in's fixed Id/);
    assertProblem(tamper(RENDERED, /<Version>[^<]*<\/Version>/, '<Version>9.9.9.9</Version>'), /<Version> 9.9.9.9 differs/);
    assertProblem(tamper(RENDERED, /<Version>[^<]*<\/Version>/, '<Version>1.0</Version>'), /not four numbers/);
  });

  it('reports wrong launch-event handler names, a missing event, a missing SendMode and a runtime mismatch', () => {
    assertProblem(tamper(RENDERED, 'FunctionName="onMessageSendHandler"', 'FunctionName="onSend"'), /must call FunctionName="onMessageSendHandler"/);
    assertProblem(tamper(RENDERED, /\s*<LaunchEvent Type="OnMessageRecipientsChanged"[^>]*\/>/, ''), /LaunchEvent OnMessageRecipientsChanged is missing/);
    assertProblem(tamper(RENDERED, ' SendMode="SoftBlock"', ''), /OnMessageSend must set SendMode="SoftBlock"/);
    assertProblem(tamper(RENDERED, '<SourceLocation resid="WebViewRuntime.Url"/>', '<SourceLocation resid="Commands.Url"/>'), /must equal the Runtime resid/);
    assertProblem(tamper(RENDERED, /\s*<Override type="javascript"[^>]*\/>/, ''), /Override type="javascript"/);
  });

  it('reports requirement sets below or above what the features need', () => {
    assertProblem(tamper(RENDERED, 'DefaultMinVersion="1.12"', 'DefaultMinVersion="1.11"'), /declares Mailbox 1.11, below the 1.12 that OnMessageSend needs/);
    assertProblem(tamper(RENDERED, 'DefaultMinVersion="1.12"', 'DefaultMinVersion="1.13"'), /above the 1.12/);
    assertProblem(tamper(RENDERED, '<Set Name="Mailbox" MinVersion="1.1"/>', '<Set Name="Mailbox" MinVersion="1.5"/>'), /base <Requirements> declares Mailbox 1.5/);
  });

  it('reports a task-pane button that is not pinnable or opens another page', () => {
    assertProblem(tamper(RENDERED, '<SupportsPinning>true</SupportsPinning>', '<SupportsPinning>false</SupportsPinning>'), /must set <SupportsPinning>true<\/SupportsPinning>/);
    assertProblem(tamper(RENDERED, 'id="msgComposeOpenPaneButton"', 'id="composeButton"'), /MessageComposeCommandSurface has no Button with id "msgComposeOpenPaneButton"/);
  });

  it('reports missing translations, WebApplicationInfo on another host, and raised permissions', () => {
    assertProblem(tamper(RENDERED, /\s*<bt:Override Locale="zh-HK" Value="釘釘"\/>/, ''), /resource "TaskpaneButton.Label" has no zh-HK Override/);
    assertProblem(tamper(RENDERED, `api://bridge.example.com/${CLIENT_ID}`, `api://other.example.com/${CLIENT_ID}`), /Resource must be api:\/\/bridge.example.com\//);
    assertProblem(tamper(RENDERED, '<Permissions>ReadWriteItem</Permissions>', '<Permissions>ReadWriteMailbox</Permissions>'), /<Permissions> is ReadWriteMailbox/);
  });

  it('reports a manifest rendered for another deployment', () => {
    const problems = checkManifestStructure(RENDERED, { baseUrl: 'https://elsewhere.example.com' });
    assert.ok(problems.some((p) => /rendered for https:\/\/bridge.example.com, not https:\/\/elsewhere.example.com/.test(p)), problems.join('\n'));
  });
});
