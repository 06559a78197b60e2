import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Field names whose value is a credential or personal contact data (technicians' `email`, `phone`), wherever they
 * appear in a logged object (case as written in the code base).
 */
export const REDACTED_KEYS = [
  'password',
  'passphrase',
  'secret',
  'clientSecret',
  'secretAccessKey',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'email',
  'phone',
] as const;

/** How deep a credential may sit in a logged object: `{ config: { user: { password } } }` is depth 2 below the root. */
const REDACT_DEPTH = 4;

/** pino `redact` paths: each key at the root and under one to REDACT_DEPTH wildcard levels (`*.*.password`). */
export const REDACT_PATHS: readonly string[] = REDACTED_KEYS.flatMap((key) => {
  const leaf = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  return Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => {
    const prefix = '*.'.repeat(depth);
    return leaf.startsWith('[') ? (depth ? `${prefix.slice(0, -1)}${leaf}` : leaf) : `${prefix}${leaf}`;
  });
});

export const REDACTED = '[REDACTED]';

/**
 * JSON logs (seed §8.2), one logger per service; `base.service` lets a shared stream be split by service.
 * Credentials are replaced by [REDACTED] at any depth up to REDACT_DEPTH (secrets are never logged; issue 9).
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that drops everything, for tests that assert on behaviour rather than output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
