/**
 * Fixed one-minute counting windows per key, for the webhook rate limit (per trigger) and the
 * throttle on failed signatures (per trigger and address). Memory is bounded: past `maxKeys`
 * keys, expired windows go first, then the oldest.
 */

export const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

export class MinuteWindows {
  /** Insertion order is window-start order: a window that restarts is moved to the end. */
  private readonly windows = new Map<string, Window>();

  constructor(private readonly maxKeys = 10_000) {}

  /**
   * Counts one hit for `key` at `now` and returns true, or returns false (counting nothing) when
   * the key's current window already holds `limit` hits.
   */
  take(key: string, limit: number, now: number): boolean {
    const w = this.windows.get(key);
    if (w && now - w.start < WINDOW_MS && now >= w.start) {
      if (w.count >= limit) return false;
      w.count++;
      return true;
    }
    this.windows.delete(key);
    this.makeRoom(now);
    this.windows.set(key, { start: now, count: 1 });
    return limit >= 1;
  }

  /** Keys currently tracked (for tests of the bound). */
  get size(): number {
    return this.windows.size;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    // Expired windows sit at the front; past them, the oldest live window makes room.
    for (const [key, w] of this.windows) {
      if (this.windows.size >= this.maxKeys || now - w.start >= WINDOW_MS) this.windows.delete(key);
      else return;
    }
  }
}
