/**
 * The `builtin` runner: small actions that run inside the engine, chosen by `entry_point`
 * (docs/runners.md, "Core pack actions"): `noop`, `echo` (message), `notify` (title, body → the host's desktop notification
 * or log) and `sleep` (seconds). They obey timeout and cancel like processes do.
 */
import { createStreamCapture, guardListener, type StreamCapture } from './output-capture.ts';
import { redactSecrets } from './redact.ts';
import { CANCELLED_ERROR, elapsedSince, emptyResult, failedOutcome, timeoutError } from './result.ts';
import type { OutputStream, Runner, RunnerHost, RunOutcome, RunStatus } from './types.ts';

/** What a builtin gets to work with. */
export interface BuiltinContext {
  params: Record<string, unknown>;
  host: RunnerHost;
  /** Aborted on timeout or cancel. */
  signal: AbortSignal;
  write(stream: OutputStream, text: string): void;
  /** Redacts the run's secrets from text that leaves the run by another way than output. */
  redact(text: string): string;
  /** The execution this run belongs to. */
  executionId?: number;
}

/** A builtin action; its return value becomes `result.data`. */
export type BuiltinFn = (ctx: BuiltinContext) => unknown | Promise<unknown>;

function text(v: unknown, fallback = ''): string {
  if (v === undefined || v === null) return fallback;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Builtins that return synchronously (no waiting): run without timeout and cancel machinery. */
const SYNCHRONOUS: ReadonlySet<string> = new Set(['noop', 'echo', 'notify']);

/** The builtins by entry point name. */
export const BUILTINS: Readonly<Record<string, BuiltinFn>> = {
  noop: () => null,
  echo: ({ params, write }) => {
    write('stdout', `${text(params.message)}\n`);
    return null;
  },
  notify: ({ params, host, redact, executionId }) => {
    // Notifications leave the app: secrets are redacted there too (docs/runners.md, "Secrets in output").
    host.notify(redact(text(params.title, 'Attune')), redact(text(params.body)), executionId ?? null);
    return null;
  },
  sleep: async ({ params, signal }) => {
    const seconds = typeof params.seconds === 'number' && params.seconds > 0 ? params.seconds : 0;
    await sleep(Math.min(seconds * 1000, 2_147_483_647), signal);
    return null;
  },
};

/** Creates the builtin runner over `builtins` (default BUILTINS). */
export function createBuiltinRunner(opts: {
  host: RunnerHost;
  builtins?: Readonly<Record<string, BuiltinFn>>;
}): Runner {
  const builtins = opts.builtins ?? BUILTINS;
  return {
    async run(req) {
      const startedAt = performance.now();
      if (req.signal.aborted) return { status: 'cancelled', result: emptyResult({ error: CANCELLED_ERROR }) };
      const name = req.action.entry_point.trim();
      const fn = Object.hasOwn(builtins, name) ? builtins[name] : undefined;
      if (fn === undefined) {
        return failedOutcome(
          `unknown builtin "${name}"; available: ${Object.keys(builtins).join(', ')}`,
          startedAt,
        );
      }

      const secrets = req.secretValues ?? [];
      const emit = guardListener(req.onOutput, (err) =>
        opts.host.log('warn', 'live output listener threw', {
          executionId: req.executionId,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
      const cap = req.outputCapBytes;
      // Captures are made on first write: most builtins (noop, notify) never write.
      const captures: Partial<Record<OutputStream, StreamCapture>> = {};
      const capture = (stream: OutputStream): StreamCapture => {
        captures[stream] ??= createStreamCapture({ stream, capBytes: cap, secrets, emit });
        return captures[stream];
      };
      const outcome = (status: RunStatus, data: unknown, error: string | null): RunOutcome => {
        captures.stdout?.end();
        captures.stderr?.end();
        const o = captures.stdout?.result() ?? { text: '', truncated: false };
        const e = captures.stderr?.result() ?? { text: '', truncated: false };
        return {
          status,
          result: emptyResult({
            exit_code: null,
            stdout: o.text,
            stderr: e.text,
            duration_ms: elapsedSince(startedAt),
            data: status === 'completed' ? (data ?? null) : null,
            error,
            stdout_truncated: o.truncated,
            stderr_truncated: e.truncated,
          }),
        };
      };
      const write = (stream: OutputStream, chunk: string) => capture(stream).write(chunk);
      const redact = (t: string) => redactSecrets(t, secrets);

      if (builtins === BUILTINS && SYNCHRONOUS.has(name)) {
        // These finish before any timer could fire, so they need no timeout or cancel race.
        try {
          return outcome(
            'completed',
            fn({
              params: req.params,
              host: opts.host,
              signal: req.signal,
              write,
              redact,
              executionId: req.executionId,
            }),
            null,
          );
        } catch (e) {
          return outcome('failed', null, e instanceof Error ? e.message : String(e));
        }
      }

      const controller = new AbortController();
      let stopped: 'timeout' | 'cancelled' | null = null;
      const stop = (why: 'timeout' | 'cancelled'): void => {
        stopped ??= why;
        controller.abort(new Error(why));
      };
      const onAbort = (): void => stop('cancelled');
      req.signal.addEventListener('abort', onAbort);
      const limitMs = req.timeoutSeconds * 1000;
      const timer =
        Number.isFinite(limitMs) && limitMs > 0
          ? setTimeout(() => stop('timeout'), Math.min(limitMs, 2_147_483_647))
          : null;
      // Racing the abort means a builtin that ignores its signal still ends on time.
      const aborted = new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
      );
      aborted.catch(() => undefined);

      let data: unknown = null;
      let failure: string | null = null;
      try {
        data = await Promise.race([
          Promise.resolve().then(() =>
            fn({
              params: req.params,
              host: opts.host,
              signal: controller.signal,
              write,
              redact,
              executionId: req.executionId,
            }),
          ),
          aborted,
        ]);
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
      } finally {
        if (timer !== null) clearTimeout(timer);
        req.signal.removeEventListener('abort', onAbort);
      }
      const status = stopped ?? (failure === null ? 'completed' : 'failed');
      const error =
        stopped === 'timeout'
          ? timeoutError(req.timeoutSeconds)
          : stopped === 'cancelled'
            ? CANCELLED_ERROR
            : failure;
      return outcome(status, data, error);
    },
  };
}
