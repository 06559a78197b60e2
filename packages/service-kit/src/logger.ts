import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs (seed §8.2), one logger per service; `base.service` lets a shared stream be split by service. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', '*.password', 'authorization', '*.authorization', 'headers.authorization'], remove: true },
  });
}

/** A logger that drops everything, for tests that assert on behaviour rather than output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
