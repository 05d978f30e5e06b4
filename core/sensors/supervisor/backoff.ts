/**
 * When a crashed sensor is started again (docs/sensors.md, "Supervision"): after a capped,
 * doubling delay; and not at all once it has exited soon after starting several times in a
 * row (a crash loop), when it becomes `failed` until the user restarts or changes it.
 */

export interface BackoffPolicy {
  /** Delay before the first restart. */
  baseMs: number;
  /** Each further restart waits this many times longer … */
  factor: number;
  /** … up to this. */
  maxMs: number;
  /** An exit within this long of the start is a quick exit. */
  quickExitMs: number;
  /** This many quick exits in a row is a crash loop. */
  crashLoopExits: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 1000,
  factor: 2,
  maxMs: 60_000,
  quickExitMs: 10_000,
  crashLoopExits: 5,
};

/** The wait before restart number `attempt` (1-based): base × factor^(attempt−1), capped. */
export function backoffDelay(attempt: number, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(attempt));
  // Past the cap the exponent no longer matters; stopping early keeps the number finite.
  let delay = p.baseMs;
  for (let i = 1; i < n && delay < p.maxMs; i++) delay *= p.factor;
  return Math.min(delay, p.maxMs);
}

/** What to do after an unplanned exit. */
export type ExitDecision =
  | { action: 'restart'; delayMs: number; attempt: number }
  | { action: 'fail'; quickExits: number };

/**
 * Follows one sensor's exits. A run that lasted at least `quickExitMs` shows the sensor works:
 * the count of quick exits and the backoff start over.
 */
export class RestartTracker {
  private attempt = 0;
  private quick = 0;

  constructor(private readonly p: BackoffPolicy = DEFAULT_BACKOFF) {}

  /** Records an exit after `ranMs` and says whether and when to start again. */
  exited(ranMs: number): ExitDecision {
    if (ranMs >= this.p.quickExitMs) {
      this.attempt = 0;
      this.quick = 0;
    }
    if (ranMs < this.p.quickExitMs) this.quick += 1;
    if (this.quick >= this.p.crashLoopExits) return { action: 'fail', quickExits: this.quick };
    this.attempt += 1;
    return { action: 'restart', delayMs: backoffDelay(this.attempt, this.p), attempt: this.attempt };
  }

  /** Forgets the history (a user restart, a new configuration). */
  reset(): void {
    this.attempt = 0;
    this.quick = 0;
  }
}
