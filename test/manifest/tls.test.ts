import assert from 'node:assert/strict';
import { DEV_CERT_PATHS, loadDevCertificates, manualTrustSteps, type DevCertsLibrary } from '../../server/runtime/tls.js';

describe('loadDevCertificates (server/runtime/tls.ts)', () => {
  it('returns the PEM key and certificate the library provides', async () => {
    const library: DevCertsLibrary = {
      getHttpsServerOptions: async () => ({ key: Buffer.from('-----BEGIN PRIVATE KEY-----\nk'), cert: Buffer.from('-----BEGIN CERTIFICATE-----\nc') }),
    };
    assert.deepEqual(await loadDevCertificates(library), { key: '-----BEGIN PRIVATE KEY-----\nk', cert: '-----BEGIN CERTIFICATE-----\nc' });
  });

  it('turns a failed sudo install into `unavailable` with the reason and the manual steps', async () => {
    const library: DevCertsLibrary = {
      getHttpsServerOptions: async () => {
        throw new Error('Unable to install the CA certificate. /bin/sh: 1: sudo: not found\n');
      },
    };
    const result = await loadDevCertificates(library);
    assert.ok('unavailable' in result);
    assert.match(result.unavailable, /sudo: not found/);
    assert.ok(result.unavailable.includes(DEV_CERT_PATHS.directory));
    for (const step of manualTrustSteps(process.platform)) assert.ok(result.unavailable.includes(step), step);
    assert.match(result.unavailable, /npm run certs/);
  });

  it('does not throw when the library throws something that is not an Error', async () => {
    // why: a library may reject with a bare string; the message must still carry it
    const result = await loadDevCertificates({ getHttpsServerOptions: () => Promise.reject('mkcert failed' as unknown as Error) });
    assert.ok('unavailable' in result && /mkcert failed/.test(result.unavailable));
  });
});

describe('manualTrustSteps', () => {
  it('mirrors the library install script per platform, without sudo when already root', () => {
    const linux = manualTrustSteps('linux', false).join('\n');
    assert.match(linux, /sudo cp '.*ca\.crt' \/usr\/local\/share\/ca-certificates\/office-addin-dev-certs\/ && sudo update-ca-certificates/);
    assert.match(linux, /certutil -d sql:\$HOME\/.pki\/nssdb/);
    assert.doesNotMatch(manualTrustSteps('linux', true).join('\n'), /sudo /);
    assert.match(manualTrustSteps('darwin', false).join('\n'), /security add-trusted-cert -d -r trustRoot/);
    assert.match(manualTrustSteps('win32', false).join('\n'), /certutil -user -addstore Root/);
  });
});
