import type { IncomingMessage } from 'node:http';
import pino from 'pino';

/** The logger type used everywhere. */
export type Logger = pino.Logger;

/** Paths whose values never reach a log. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.passwordHash',
];

/**
 * Query parameters that carry a secret somewhere in the platform or in what it proxies: one-time tokens of
 * invites, password resets and email verification (`token`), the gateway's tickets (`t`), OAuth/OIDC
 * codes and states, signatures. Their values never reach a log.
 */
const SECRET_PARAMS =
  /^(t|token|ticket|code|state|key|secret|password|sig|signature|csrf|_csrf|access_token|id_token)$/i;

/** A URL as it may be logged: the values of secret-bearing query parameters replaced. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const safe = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed name: judged as written
      }
      return eq >= 0 && SECRET_PARAMS.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${safe}`;
}

/** What a request looks like in the log (Fastify's fields, the URL redacted). */
function requestSerializer(req: IncomingMessage & { ip?: string; hostname?: string }) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.hostname ?? req.headers?.host,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * JSON logs in production, pretty ones in development. `destination` (tests) receives the JSON lines.
 */
export function createLogger(opts: {
  level: string;
  pretty: boolean;
  destination?: pino.DestinationStream;
}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: requestSerializer, url: (u: string) => redactUrl(u) },
    ...(opts.pretty && !opts.destination
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
