import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkManifestStructure } from '../../server/addin-manifest/check.js';
import { collectUrls } from '../../server/addin-manifest/check-urls.js';
import { PLACEHOLDER_CLIENT_ID, TEMPLATE_BASE_URL } from '../../server/addin-manifest/constants.js';
import { ManifestRenderError, parseBaseUrl, renderManifest, toManifestVersion } from '../../server/addin-manifest/render.js';
import { allNamed, child } from '../../server/addin-manifest/tree.js';
import { parseXml } from '../../server/addin-manifest/xml.js';

const TEMPLATE = readFileSync(new URL('../../manifest.xml', import.meta.url), 'utf8');
const CLIENT_ID = '3c9e7f10-2b4d-4a6e-8f01-9d2c5b7a1e40';

function urlsOf(xml: string): string[] {
  return collectUrls(parseXml(xml)).map(({ url }) => url);
}

function renderError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof ManifestRenderError && pattern.test(error.message));
}

const host = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), fc.constantFrom('example.com', 'contoso.cn', 'corp.example.hk')).map(([name, domain]) => `${name}.${domain}`);
const baseUrl = fc.tuple(host, fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }), fc.constantFrom('', '/', '/bridge', '/apps/dingtalk/')).map(([h, port, path]) => `https://${h}${port !== undefined ? `:${port}` : ''}${path}`);
const options = fc.record(
  {
    version: fc.tuple(fc.nat(99), fc.nat(99), fc.nat(999)).map(([a, b, c]) => toManifestVersion(`${a}.${b}.${c}`)),
    apiClientId: fc.uuid(),
    appDomains: fc.array(host.map((h) => `https://sso.${h}`), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

describe('renderManifest', () => {
  it('moves every URL of the template to the deployment base', () => {
    const xml = renderManifest(TEMPLATE, 'https://bridge.example.com');
    const urls = urlsOf(xml);
    assert.ok(urls.length >= 14);
    assert.ok(!xml.includes(TEMPLATE_BASE_URL), 'the placeholder base is still somewhere in the text');
    for (const url of urls) assert.ok(url.startsWith('https://bridge.example.com') || url === 'https://login.microsoftonline.com', url);
  });

  it('keeps a path prefix, drops a trailing slash, and puts only the origin in AppDomains', () => {
    const xml = renderManifest(TEMPLATE, 'https://apps.example.com/bridge/', { apiClientId: CLIENT_ID });
    const root = parseXml(xml);
    assert.equal(child(root, 'IconUrl')?.attributes.get('DefaultValue'), 'https://apps.example.com/bridge/addin/assets/icon-64.png');
    assert.deepEqual(allNamed(root, 'AppDomain').map((d) => d.text), ['https://apps.example.com', 'https://login.microsoftonline.com']);
    assert.equal(allNamed(root, 'Resource')[0]?.text, `api://apps.example.com/${CLIENT_ID}`);
    assert.deepEqual(checkManifestStructure(xml, { baseUrl: 'https://apps.example.com/bridge' }), []);
  });

  it('rejects http except for localhost and 127.0.0.1, and other unusable base URLs', () => {
    renderError(() => renderManifest(TEMPLATE, 'http://bridge.example.com'), /uses http; Outlook loads add-ins only over https/);
    renderError(() => renderManifest(TEMPLATE, 'http://10.0.0.5:3000'), /uses http/);
    renderError(() => renderManifest(TEMPLATE, 'ftp://bridge.example.com'), /must be an https URL/);
    renderError(() => renderManifest(TEMPLATE, 'bridge.example.com'), /is not a URL/);
    renderError(() => renderManifest(TEMPLATE, 'https://bridge.example.com/?tenant=1'), /query or fragment/);
    renderError(() => renderManifest(TEMPLATE, 'https://user:pw@bridge.example.com'), /user name or password/);
    renderError(() => renderManifest(TEMPLATE, 'https://bridge.example.com/a"b'), /may contain only/);
    assert.ok(renderManifest(TEMPLATE, 'http://localhost:3000').includes('http://localhost:3000/addin/taskpane.html'));
    assert.equal(parseBaseUrl('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
  });

  it('sets Version and the API client id, or removes the placeholder WebApplicationInfo', () => {
    const withId = parseXml(renderManifest(TEMPLATE, 'https://bridge.example.com', { version: '2.3.4.0', apiClientId: CLIENT_ID.toUpperCase() }));
    assert.equal(child(withId, 'Version')?.text, '2.3.4.0');
    assert.equal(allNamed(withId, 'WebApplicationInfo').length, 1);
    assert.equal(allNamed(withId, 'WebApplicationInfo')[0]?.children[0]?.text, CLIENT_ID);
    const without = renderManifest(TEMPLATE, 'https://bridge.example.com');
    assert.equal(allNamed(parseXml(without), 'WebApplicationInfo').length, 0);
    assert.ok(!without.includes(PLACEHOLDER_CLIENT_ID));
    renderError(() => renderManifest(TEMPLATE, 'https://bridge.example.com', { apiClientId: 'my-app' }), /not an Entra application \(client\) id/);
    renderError(() => renderManifest(TEMPLATE, 'https://bridge.example.com', { apiClientId: PLACEHOLDER_CLIENT_ID }), /not an Entra application/);
    renderError(() => renderManifest(without, 'https://bridge.example.com', { apiClientId: CLIENT_ID }), /no <WebApplicationInfo>/);
    renderError(() => renderManifest(TEMPLATE, 'https://bridge.example.com', { version: '1.2.3' }), /not four numbers/);
  });

  it('keeps a real client id when re-rendered without one, moving its Resource to the new host', () => {
    const first = renderManifest(TEMPLATE, 'https://a.example.com', { apiClientId: CLIENT_ID });
    const again = parseXml(renderManifest(first, 'https://b.example.com'));
    assert.equal(allNamed(again, 'Resource')[0]?.text, `api://b.example.com/${CLIENT_ID}`);
  });

  it('adds extra app domains and rejects ones that are not https origins', () => {
    const xml = renderManifest(TEMPLATE, 'https://bridge.example.com', { appDomains: ['https://sso.contoso.com'] });
    assert.deepEqual(allNamed(parseXml(xml), 'AppDomain').map((d) => d.text), ['https://bridge.example.com', 'https://login.microsoftonline.com', 'https://sso.contoso.com']);
    renderError(() => renderManifest(TEMPLATE, 'https://bridge.example.com', { appDomains: ['http://sso.contoso.com'] }), /must be an https origin/);
    renderError(() => renderManifest(TEMPLATE, 'https://bridge.example.com', { appDomains: ['https://sso.contoso.com/login'] }), /must be an https origin/);
  });

  it('refuses a template with a URL outside its base, rather than leave it behind', () => {
    const stray = TEMPLATE.replace('<SupportUrl DefaultValue="https://localhost:3000/addin/taskpane.html"/>', '<SupportUrl DefaultValue="https://help.example.org/bridge"/>');
    assert.notEqual(stray, TEMPLATE);
    renderError(() => renderManifest(stray, 'https://bridge.example.com'), /https:\/\/help.example.org\/bridge/);
    renderError(() => renderManifest('<OfficeApp/>', 'https://bridge.example.com'), /cannot find the manifest's base URL/);
    renderError(() => renderManifest('<OfficeApp>', 'https://bridge.example.com'), /not well-formed/);
  });

  it('keeps comments and layout', () => {
    const xml = renderManifest(TEMPLATE, 'https://bridge.example.com', { apiClientId: CLIENT_ID });
    assert.equal(xml.split('<!--').length, TEMPLATE.split('<!--').length);
    assert.equal(xml.split('\n').length, TEMPLATE.split('\n').length);
  });

  it('is idempotent, and re-rendering for another base equals rendering the template for it', () => {
    fc.assert(
      fc.property(baseUrl, baseUrl, options, (first, second, opts) => {
        const once = renderManifest(TEMPLATE, first, opts);
        assert.equal(renderManifest(once, first, opts), once);
        assert.equal(renderManifest(once, second, opts), renderManifest(TEMPLATE, second, opts));
        assert.deepEqual(checkManifestStructure(once, { baseUrl: first, appDomains: opts.appDomains ?? [] }), []);
      }),
      { numRuns: 60 },
    );
  });
});

describe('toManifestVersion', () => {
  it('turns x.y.z into x.y.z.0 and refuses anything else', () => {
    assert.equal(toManifestVersion('0.1.0'), '0.1.0.0');
    assert.equal(toManifestVersion('12.0.345'), '12.0.345.0');
    for (const bad of ['1.2', '1.2.3-beta.1', 'v1.2.3', '1.2.3.4', '123456.0.0']) {
      renderError(() => toManifestVersion(bad), /not x.y.z/);
    }
  });
});
