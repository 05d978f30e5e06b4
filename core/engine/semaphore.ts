/** A FIFO counting semaphore: the global pool that bounds concurrent executions. */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly size: number) {
    this.available = size;
  }

  /** Takes a slot if one is free right now (no promise, no tick). */
  tryAcquire(): boolean {
    if (this.available > 0 && this.waiters.length === 0) {
      this.available--;
      return true;
    }
    return false;
  }

  /** Resolves true with a slot, or false if `signal` aborts first (no slot taken). */
  acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.available > 0) {
      this.available--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(grant);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(grant);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available++;
  }

  get inUse(): number {
    return this.size - this.available;
  }
}
