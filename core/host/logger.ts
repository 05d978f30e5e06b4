/** The hosts' logger: pino, JSON lines, with secret-looking fields redacted. */
import pino from 'pino';
import type { Logger } from '../model/logger.ts';

const REDACT = [
  '*.password',
  '*.token',
  '*.secret',
  '*.hmac_secret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.cookie',
];

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const p = pino(
    { level: opts.level ?? process.env.ATTUNE_LOG_LEVEL ?? 'info', redact: { paths: REDACT, censor: '***' } },
    opts.destination ?? pino.destination(2),
  );
  return {
    debug: (msg, data) => p.debug(data ?? {}, msg),
    info: (msg, data) => p.info(data ?? {}, msg),
    warn: (msg, data) => p.warn(data ?? {}, msg),
    error: (msg, data) => p.error(data ?? {}, msg),
  };
}
