import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Local HTTPS for development (BRIDGE_HTTPS=dev): Outlook loads add-in pages only over https
 * (microsoft.md §1.2), so a developer running Outlook against this machine needs a certificate for
 * localhost that the browser / Outlook trusts. office-addin-dev-certs 3.0.0 does that
 * (libraries-and-style.md B.12):
 * - it creates a CA and a localhost/127.0.0.1 certificate (30 days) with the pure-JS mkcert package
 *   in ~/.office-addin-dev-certs (ca.crt, localhost.crt, localhost.key; lib/defaults.js);
 * - it then trusts the CA: on Linux `sudo sh scripts/install_linux.sh ca.crt`, which copies it to
 *   /usr/local/share/ca-certificates/office-addin-dev-certs/ and runs update-ca-certificates (or the
 *   update-ca-trust equivalent); on macOS `security add-trusted-cert` into the login keychain; on
 *   Windows a PowerShell Import-Certificate into CurrentUser\Root (lib/install.js);
 * - whenever the files are invalid or the CA is not found in that store, it deletes them and starts
 *   over with a new CA (lib/install.js ensureCertificatesAreInstalled).
 * The sudo step fails without sudo or a terminal (CI, containers) or may prompt for a password; that
 * failure is returned as `unavailable` with the manual steps, never thrown.
 */

export type DevCertificatesResult = { key: string; cert: string } | { unavailable: string };

/** The part of office-addin-dev-certs this module uses (injectable for tests). */
export interface DevCertsLibrary {
  getHttpsServerOptions(): Promise<{ key: Buffer | string; cert: Buffer | string }>;
}

/** Where office-addin-dev-certs keeps its files (its lib/defaults.js). */
export const DEV_CERT_PATHS = (() => {
  const directory = join(homedir(), '.office-addin-dev-certs');
  return { directory, ca: join(directory, 'ca.crt'), cert: join(directory, 'localhost.crt'), key: join(directory, 'localhost.key') };
})();

/**
 * Creates (or reuses) the development certificates for https://localhost and trusts their CA, using
 * office-addin-dev-certs' getHttpsServerOptions. Resolves to the PEM key and certificate, or to
 * `{ unavailable }` saying why there are none and how to trust the CA by hand.
 * The library is a development dependency, loaded only when called.
 */
export async function loadDevCertificates(library?: DevCertsLibrary): Promise<DevCertificatesResult> {
  let devCerts: DevCertsLibrary;
  try {
    devCerts = library ?? (await import('office-addin-dev-certs'));
  } catch (error) {
    return {
      unavailable:
        `office-addin-dev-certs cannot be loaded (${(error as Error).message}). It is a development dependency: ` +
        'BRIDGE_HTTPS=dev is for local development only; in production, serve https from a reverse proxy or load balancer with a real certificate.',
    };
  }
  try {
    const options = await devCerts.getHttpsServerOptions();
    return { key: options.key.toString(), cert: options.cert.toString() };
  } catch (error) {
    return { unavailable: unavailableMessage(error) };
  }
}

function unavailableMessage(error: unknown): string {
  const reason = (error instanceof Error ? error.message : String(error)).trim().replace(/\s*\n\s*/g, ' ');
  return [
    `No trusted development certificate for https://localhost: ${reason}`,
    `office-addin-dev-certs creates a CA and a localhost certificate in ${DEV_CERT_PATHS.directory} and then trusts the CA with sudo; ` +
      'that last step failed (no sudo, no terminal for the password, or it was refused).',
    'Trust the CA by hand, then start again (the library keeps the files once it finds the CA in the system store):',
    ...manualTrustSteps(process.platform).map((step) => `  ${step}`),
    'Or run `npm run certs` in a terminal where sudo can ask for your password.',
  ].join('\n');
}

/**
 * Commands that do what the library's install script would, for this platform (`asRoot`: the process
 * already runs as root, so the commands need no sudo — containers often have no sudo at all).
 */
export function manualTrustSteps(platform: NodeJS.Platform, asRoot = process.getuid?.() === 0): string[] {
  const { ca } = DEV_CERT_PATHS;
  const sudo = asRoot ? '' : 'sudo ';
  switch (platform) {
    case 'linux':
      return [
        // The library's verify_linux.sh looks for the CA at exactly this path; until it is there, every
        // start replaces the CA with a new one (and a CA trusted only in a browser stops matching).
        `${sudo}mkdir -p /usr/local/share/ca-certificates/office-addin-dev-certs && ${sudo}cp '${ca}' /usr/local/share/ca-certificates/office-addin-dev-certs/ && ${sudo}update-ca-certificates`,
        `(Fedora/Arch: ${sudo}cp '${ca}' /etc/ca-certificates/trust-source/anchors/office-addin-dev-certs-ca.crt && ${sudo}update-ca-trust)`,
        `Chrome/Edge on Linux read their own NSS store: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Developer CA for Microsoft Office Add-ins" -i '${ca}' (package libnss3-tools)`,
        'Firefox: Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import.',
      ];
    case 'darwin':
      return [`security add-trusted-cert -d -r trustRoot -k ~/Library/Keychains/login.keychain-db '${ca}'`];
    case 'win32':
      return [`certutil -user -addstore Root "${ca}"   (Outlook on Windows and Edge use the Windows store)`];
    default:
      return [`add ${ca} to the trusted root certificates of your browser and operating system`];
  }
}
