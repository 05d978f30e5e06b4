/**
 * How the headless host ends on SIGTERM/SIGINT: it closes (requests drained, executions given
 * their grace, store closed, lock released) and exits 0 — within a bounded time, whatever else
 * fails. Logging cannot stop it (a reader of stdout/stderr that went away is ignored), a close
 * that hangs is cut at the deadline (exit 1), and a second signal exits at once (exit 1).
 */
import type { Logger } from '../model/logger.ts';

/** How long past the executions' grace a close may take before the process exits anyway. */
export const CLOSE_MARGIN_MS = 5000;

/** Writes to a closed stdout or stderr (`serve | head`) must not crash or block the host. */
export function ignoreBrokenStdio(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

export function exitOnSignals(
  close: () => Promise<void>,
  logger: Logger,
  graceMs: number,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let stopping = false;
  const say = (level: 'info' | 'error', msg: string, data: Record<string, unknown>) => {
    try {
      logger[level](msg, data);
    } catch {
      // Nowhere to write to: ending matters more than saying so.
    }
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      say('error', 'second signal: exiting without waiting', { signal });
      exit(1);
      return;
    }
    stopping = true;
    say('info', 'shutting down', { signal });
    setTimeout(() => {
      say('error', 'shutdown took too long: exiting', { signal, ms: graceMs + CLOSE_MARGIN_MS });
      exit(1);
    }, graceMs + CLOSE_MARGIN_MS).unref();
    close().then(
      () => exit(0),
      (err) => {
        say('error', 'shutdown failed', { error: String(err) });
        exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
