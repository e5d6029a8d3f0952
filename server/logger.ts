import { pino, type Logger, type DestinationStream } from 'pino';

/** Paths that may hold secrets; pino replaces their values before a line is written. */
export const REDACT_PATHS = [
  // top level (log.info({ appSecret })) and one level down (log.info({ config: { appSecret } }))
  'accessToken',
  'access_token',
  'refreshToken',
  'appSecret',
  'appsecret',
  'clientSecret',
  'ticket',
  'password',
  'req.headers.authorization',
  'req.headers["x-acs-dingtalk-access-token"]',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.appSecret',
  '*.appsecret',
  '*.clientSecret',
  '*.ticket',
  '*.password',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Request URLs can carry DingTalk's access_token in the query string; strip query strings.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
      },
    },
    destination,
  );
}
