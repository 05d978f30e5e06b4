/**
 * A Clock for tests (docs/timers.md, "The clock"): a simulated year, a night asleep or a clock change run
 * in milliseconds, deterministically. Timers follow the monotonic clock like Node's, so a machine
 * that sleeps delays them, and a wall-clock jump does not move them.
 */
import type { Clock, TimerHandle } from './clock.ts';

/** Node turns delays outside 1…2^31−1 ms (and NaN) into 1 ms; so do we, so tests see the same. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface PendingTimer {
  id: number;
  due: number;
  fn: () => void;
}

/** Readings to start from. Monotonic and boot default to values unrelated to the wall clock. */
export interface SimClockStart {
  monotonic?: number;
  /** null simulates a platform without a boot clock. */
  boot?: number | null;
}

/** A simulated clock; see the file comment. */
export class SimClock implements Clock {
  #wall: number;
  #mono: number;
  #boot: number | null;
  #timers: PendingTimer[] = [];
  #nextId = 1;

  /** Start at a wall time: epoch ms, a Date, or an ISO 8601 string with an offset. */
  constructor(wall: number | Date | string, start: SimClockStart = {}) {
    this.#wall = typeof wall === 'number' ? wall : new Date(wall).getTime();
    if (!Number.isFinite(this.#wall)) throw new RangeError(`SimClock: invalid start time ${String(wall)}`);
    this.#mono = start.monotonic ?? 1_000_000;
    this.#boot = start.boot === undefined ? 3_600_000 : start.boot;
  }

  now(): number {
    return this.#wall;
  }

  monotonic(): number {
    return this.#mono;
  }

  sinceBoot(): number | null {
    return this.#boot;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const delay = ms <= MAX_TIMEOUT_MS ? Math.max(1, ms) : 1; // NaN fails the comparison
    // Stryker disable next-line UpdateOperator: counting down gives every timer its own id too
    const id = this.#nextId++;
    this.#timers.push({ id, due: this.#mono + delay, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  /** How many timers are pending (so a test can assert that nothing leaks). */
  pendingTimers(): number {
    return this.#timers.length;
  }

  /** Monotonic ms until the next timer is due, or null if none is pending. */
  msUntilNextTimer(): number | null {
    const t = this.#earliest();
    return t === undefined ? null : t.due - this.#mono;
  }

  /**
   * Let `ms` pass with the machine awake: wall, monotonic and boot clocks move together, and every
   * timer that comes due runs in due order (ties in the order they were set), each seeing the
   * clocks at its due time. Timers set by those callbacks run too if they come due in time. A
   * callback that throws stops the advance at its due time and the error propagates.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`SimClock.advance: ms must be >= 0, got ${ms}`);
    const target = this.#mono + ms;
    for (;;) {
      const t = this.#earliest();
      if (t === undefined || t.due > target) break;
      this.#timers = this.#timers.filter((x) => x !== t);
      this.#move(t.due - this.#mono);
      t.fn();
    }
    this.#move(target - this.#mono);
  }

  /** Advance until the wall clock reads `wall` (which must not be in the past). */
  advanceTo(wall: number | Date | string): void {
    const target = typeof wall === 'number' ? wall : new Date(wall).getTime();
    this.advance(target - this.#wall);
  }

  /**
   * Run the next pending timer: advance exactly to its due time (running it and any other timer
   * due then). Returns false if none was pending.
   */
  runNext(): boolean {
    const t = this.#earliest();
    if (t === undefined) return false;
    this.advance(t.due - this.#mono);
    return true;
  }

  /**
   * Run timers until none is pending. A sensor re-arms forever, so this stops with a RangeError
   * after `maxTimers` runs rather than hang the test.
   */
  runUntilIdle(maxTimers = 10_000): number {
    let runs = 0;
    while (this.runNext()) {
      if (++runs > maxTimers)
        throw new RangeError(`SimClock.runUntilIdle: still busy after ${maxTimers} timers`);
    }
    return runs;
  }

  /**
   * The machine sleeps for `ms`: the wall and boot clocks move, the monotonic clock does not and
   * no callback runs. Timers are as far from due after waking as they were before, as in Node.
   */
  sleep(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`SimClock.sleep: ms must be >= 0, got ${ms}`);
    this.#wall += ms;
    if (this.#boot !== null) this.#boot += ms;
  }

  /** Someone sets the wall clock by `ms` (either way). Nothing else moves and no callback runs. */
  jumpWall(ms: number): void {
    this.#wall += ms;
  }

  #move(ms: number): void {
    this.#wall += ms;
    this.#mono += ms;
    if (this.#boot !== null) this.#boot += ms;
  }

  #earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers) if (best === undefined || t.due < best.due) best = t;
    return best;
  }
}
