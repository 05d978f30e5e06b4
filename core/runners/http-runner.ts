/**
 * The `http` runner: `core.http_request` in-process (docs/runners.md, "Core pack actions"). `result.data` is
 * `{status_code, headers, body, json, elapsed_ms}`; 2xx/3xx complete, ≥ 400 fail with the data
 * kept. stdout holds one summary line ("GET http://… → 200 OK (12 ms)") for the live view, so
 * the body is stored once, in `data.body`, capped at the output cap (`stdout_truncated` then).
 */

import { readHttpParams } from './http-params.ts';
import { readBody, sendHttpRequest } from './http-send.ts';
import { createStreamCapture, guardListener } from './output-capture.ts';
import { CANCELLED_ERROR, elapsedSince, emptyResult, failedOutcome, timeoutError } from './result.ts';
import type { Runner, RunnerHost } from './types.ts';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * fetch reports every network problem as "fetch failed" and puts the reason in `cause`
 * (sometimes an AggregateError with an empty message): find the most specific text.
 */
export function describeNetworkError(err: unknown): string {
  let best = message(err);
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message !== '') best = current.message;
    else if ('code' in current && typeof current.code === 'string') best = current.code;
    current = current.cause;
  }
  return best;
}

function parseJsonOrNull(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The smallest positive limit of the two, in seconds, or null when neither bounds the request. */
function effectiveTimeout(requestTimeout: number | null, actionTimeout: number): number | null {
  const limits = [requestTimeout, actionTimeout].filter(
    (t): t is number => typeof t === 'number' && Number.isFinite(t) && t > 0,
  );
  return limits.length > 0 ? Math.min(...limits) : null;
}

/** Creates the http runner. */
export function createHttpRunner(opts: { host: RunnerHost }): Runner {
  return {
    async run(req) {
      const startedAt = performance.now();
      if (req.signal.aborted) return { status: 'cancelled', result: emptyResult({ error: CANCELLED_ERROR }) };
      let spec: ReturnType<typeof readHttpParams>;
      try {
        spec = readHttpParams(req.params);
      } catch (err) {
        return failedOutcome(message(err), startedAt);
      }

      const emit = guardListener(req.onOutput, (err) =>
        opts.host.log('warn', 'live output listener threw', {
          executionId: req.executionId,
          error: message(err),
        }),
      );
      const stdout = createStreamCapture({
        stream: 'stdout',
        capBytes: req.outputCapBytes,
        secrets: req.secretValues ?? [],
        emit,
      });

      // One controller for both ways a request can be stopped; `stopped` says which came first.
      const controller = new AbortController();
      let stopped: 'timeout' | 'cancelled' | null = null;
      const onAbort = (): void => {
        stopped ??= 'cancelled';
        controller.abort();
      };
      req.signal.addEventListener('abort', onAbort);
      const limit = effectiveTimeout(spec.timeoutSeconds, req.timeoutSeconds);
      const timer =
        limit === null
          ? null
          : setTimeout(
              () => {
                stopped ??= 'timeout';
                controller.abort();
              },
              Math.min(limit * 1000, 2_147_483_647),
            );

      try {
        const t0 = performance.now();
        const res = await sendHttpRequest(spec, controller.signal);
        const body = await readBody(res.body, req.outputCapBytes);
        const elapsed_ms = elapsedSince(t0);
        const data = {
          status_code: res.status,
          headers: Object.fromEntries(res.headers),
          body: body.text,
          json: body.truncated ? null : parseJsonOrNull(body.text),
          elapsed_ms,
        };
        stdout.write(
          `${spec.method} ${spec.url.href} → ${res.status} ${res.statusText} (${elapsed_ms} ms)\n`,
        );
        stdout.end();
        const failed = res.status >= 400;
        return {
          status: failed ? 'failed' : 'completed',
          result: emptyResult({
            stdout: stdout.result().text,
            duration_ms: elapsedSince(startedAt),
            data,
            error: failed ? `HTTP ${res.status} ${res.statusText}`.trim() : null,
            stdout_truncated: body.truncated,
          }),
        };
      } catch (err) {
        const duration_ms = elapsedSince(startedAt);
        if (stopped === 'timeout') {
          return { status: 'timeout', result: emptyResult({ duration_ms, error: timeoutError(limit ?? 0) }) };
        }
        if (stopped === 'cancelled') {
          return { status: 'cancelled', result: emptyResult({ duration_ms, error: CANCELLED_ERROR }) };
        }
        return failedOutcome(`request failed: ${describeNetworkError(err)}`, startedAt);
      } finally {
        if (timer !== null) clearTimeout(timer);
        req.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
