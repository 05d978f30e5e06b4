/**
 * The Clock every time-dependent part of the engine takes (docs/timers.md, "The clock"), so tests can run
 * a simulated year, DST changes, sleep and clock changes in milliseconds (see sim-clock.ts).
 *
 * Three readings, because each tells a different story after a late wake (see gap.ts):
 * the wall clock (what schedules are written in, and what users and NTP change), a monotonic
 * clock (never jumps, stops while the machine sleeps) and, where the OS offers one, a boot clock
 * (never jumps, keeps counting through sleep).
 */
import { uptime } from 'node:os';

/**
 * The longest a timer sensor should ever wait before re-reading the clock (docs/timers.md, "The clock": "no single
 * wait exceeds 30 s"). Short enough that sleep, a clock change or a rule edit is noticed within
 * half a minute, and far below setTimeout's 2^31−1 ms limit (Node turns longer delays into 1 ms).
 */
export const MAX_TIMER_WAIT_MS = 30_000;

/** A pending timer; pass it back to `clearTimeout`. */
export interface TimerHandle {
  readonly id: number;
}

/** Time, injected. */
export interface Clock {
  /** Wall clock, epoch ms. Can jump either way (user, NTP, time-zone database updates do not). */
  now(): number;
  /** ms from an arbitrary origin; never jumps, does not advance while the machine sleeps. */
  monotonic(): number;
  /** ms since boot including sleep, or null if unknown. */
  sinceBoot(): number | null;
  /** Run `fn` once after `ms` of monotonic time, like Node's setTimeout (so sleep delays it). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The machine's clock. `monotonic` is `performance.now()` (CLOCK_MONOTONIC on Linux,
 * mach_absolute_time on macOS: both stop in sleep). `sinceBoot` is `os.uptime()` on Linux only,
 * where libuv reads CLOCK_BOOTTIME (counts sleep, 10 ms resolution); elsewhere uptime is either
 * derived from the wall clock or stops in sleep, so it would mislead and we return null.
 */
export const systemClock: Clock = (() => {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;
  const bootKnown = process.platform === 'linux';
  return {
    now: () => Date.now(),
    monotonic: () => performance.now(),
    sinceBoot: () => (bootKnown ? uptime() * 1000 : null),
    setTimeout(fn, ms) {
      // Stryker disable next-line UpdateOperator: counting down gives every timer its own id too
      const id = nextId++;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          fn();
        }, ms),
      );
      return { id };
    },
    clearTimeout(handle) {
      clearTimeout(timers.get(handle.id)); // Node ignores undefined: a timer already run or cleared
      timers.delete(handle.id);
    },
  } satisfies Clock;
})();
