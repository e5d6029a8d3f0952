/**
 * `npm run certs`: creates the development certificates for https://localhost and trusts their CA
 * (office-addin-dev-certs; on Linux and macOS that step runs sudo and may ask for your password), then
 * prints where they are. The backend uses them when started with BRIDGE_HTTPS=dev
 * (server/runtime/tls.ts). Exit status 1 when no trusted certificate could be made; the message says
 * why and how to trust the CA by hand.
 */
import { X509Certificate } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DEV_CERT_PATHS, loadDevCertificates } from '../server/runtime/tls.js';

async function main(): Promise<number> {
  const result = await loadDevCertificates();
  if ('unavailable' in result) {
    process.stderr.write(`${result.unavailable}\n`);
    return 1;
  }
  const certificate = new X509Certificate(result.cert);
  process.stdout.write(
    [
      'Trusted development certificate ready:',
      `  CA certificate     ${DEV_CERT_PATHS.ca}`,
      `  certificate        ${DEV_CERT_PATHS.cert}`,
      `  private key        ${DEV_CERT_PATHS.key}`,
      `  for                ${certificate.subjectAltName ?? certificate.subject}`,
      `  valid until        ${certificate.validTo} (office-addin-dev-certs makes them for 30 days; run this again after)`,
      'Start the backend on https with: BRIDGE_HTTPS=dev npm start',
      '',
    ].join('\n'),
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
