/**
 * Waiting on the injected Clock. Deadlines are wall-clock instants re-checked at least every
 * 30 s, so sleep and clock changes cannot stretch a wait (docs/timers.md, "The clock": no single wait exceeds 30 s).
 */
import type { Clock } from '../schedule/clock.ts';

export const MAX_WAIT_MS = 30_000;

/** Resolves at `at` (epoch ms, wall clock) or when `signal` aborts (resolves false then). */
export function waitUntil(clock: Clock, at: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    let handle: ReturnType<Clock['setTimeout']> | null = null;
    const onAbort = () => {
      if (handle) clock.clearTimeout(handle);
      resolve(false);
    };
    const tick = () => {
      const left = at - clock.now();
      if (left <= 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
        return;
      }
      handle = clock.setTimeout(tick, Math.min(left, MAX_WAIT_MS));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    tick();
  });
}
