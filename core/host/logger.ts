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

/**
 * Synchronous writes to fd 2. pino's default asynchronous stream flushes at exit and, once the
 * reader of stderr is gone (EPIPE), retries that flush forever: the process never exits. Sync
 * writes meet EPIPE at once, after which pino drops further lines; other write errors are
 * dropped here — a log line is never worth the host.
 */
function stderr(): pino.DestinationStream {
  const dest = pino.destination({ dest: 2, sync: true });
  dest.on('error', () => {});
  return dest;
}

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const p = pino(
    { level: opts.level ?? process.env.ATTUNE_LOG_LEVEL ?? 'info', redact: { paths: REDACT, censor: '***' } },
    opts.destination ?? stderr(),
  );
  return {
    debug: (msg, data) => p.debug(data ?? {}, msg),
    info: (msg, data) => p.info(data ?? {}, msg),
    warn: (msg, data) => p.warn(data ?? {}, msg),
    error: (msg, data) => p.error(data ?? {}, msg),
  };
}
