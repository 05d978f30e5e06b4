/**
 * The tick's unit of work: everything the engine and the sensors decide to write within one
 * event-loop tick — new events and their executions, status changes, webhook attempts — is
 * committed in ONE transaction at the end of the tick, then announced. Writers register once
 * and hand their pending work over when the tick is flushed; nobody schedules a write of their
 * own. The durability rules this keeps are in docs/engine.md, "Writes and durability".
 */
import { AttuneError, isUnavailable } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { WriteHandle } from './handles.ts';
import type { Store } from './store.ts';

/** What one writer had pending when the tick was flushed. */
export interface TickBatch {
  /** Writes it inside the tick's transaction; may run again alone if another batch sank the tick. */
  write(w: WriteHandle): void;
  /** The transaction committed: announce what was written, hand it on. Called in writer order. */
  committed(): void;
  /**
   * The transaction rolled back. `err` is AttuneError `UNAVAILABLE` for a storage fault (full
   * disk: the writer may keep its work, it is retried within TICK_RETRY_MS) or what threw. May
   * return a step to run after the tick's commits, in order (what it salvaged on its own).
   */
  rolledBack(err: unknown): (() => void) | undefined;
  /** The store closed before this was written: say what is lost. */
  abandoned(): void;
}

/** A participant of the tick: hands over (and forgets) what it has pending. */
export interface TickWriter {
  take(): TickBatch | null;
}

/** How long work kept after a storage fault waits before the next try. */
export const TICK_RETRY_MS = 1000;

export class UnitOfWork {
  private readonly writers: TickWriter[] = [];
  private scheduled = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** After-commit steps, run in commit order even when a step flushes again (re-entrant). */
  private readonly after: Array<() => void> = [];
  private announcing = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** Adds writers; their batches are written and announced in this order within every tick. */
  register(...writers: TickWriter[]): void {
    this.writers.push(...writers);
  }

  /** A writer has new work: flush at the end of this tick (once, however many call). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushInBackground();
    });
  }

  /**
   * Commits everything pending now, in one transaction, then announces it. Callers that need
   * their work on disk before going on (a process about to start) call it directly. Throws
   * AttuneError `UNAVAILABLE` when the store cannot be written (the work is kept and retried).
   */
  flush(): void {
    const batches: TickBatch[] = [];
    for (const writer of this.writers) {
      const b = writer.take();
      if (b) batches.push(b);
    }
    if (batches.length === 0) return;
    if (this.store.closed) {
      for (const b of batches) b.abandoned();
      return;
    }
    let done: TickBatch[] = batches;
    let failure: unknown = null;
    try {
      this.store.transaction((w) => {
        for (const b of batches) b.write(w);
      });
    } catch (err) {
      if (isUnavailable(err) || batches.length === 1) {
        for (const b of batches) this.rolledBack(b, err);
        this.announce();
        throw err;
      }
      // One writer's fault must not sink the others' work: each batch again on its own.
      done = [];
      for (const b of batches) {
        try {
          this.store.transaction((w) => b.write(w));
          done.push(b);
        } catch (e) {
          this.rolledBack(b, e);
          failure ??= e;
        }
      }
    }
    for (const b of done) this.after.push(() => b.committed());
    this.announce();
    if (failure !== null) throw failure;
  }

  /** `flush` for callers that can wait: false when the store cannot be written now (kept, retried). */
  tryFlush(): boolean {
    try {
      this.flush();
      return true;
    } catch (err) {
      if (isUnavailable(err)) return false;
      throw err;
    }
  }

  private rolledBack(b: TickBatch, err: unknown): void {
    const step = b.rolledBack(err);
    if (step) this.after.push(step);
    if (isUnavailable(err)) this.retryLater();
  }

  /** Flushes from a timer: nobody is there to hear an error, so it is logged. */
  private flushInBackground(): void {
    try {
      this.flush();
    } catch (err) {
      if (isUnavailable(err)) return;
      this.logger.error('the tick could not be written', {
        error: err instanceof AttuneError || err instanceof Error ? err.message : String(err),
      });
    }
  }

  private retryLater(): void {
    this.retry ??= setTimeout(() => {
      this.retry = null;
      this.flushInBackground();
    }, TICK_RETRY_MS).unref();
  }

  private announce(): void {
    if (this.announcing) return;
    this.announcing = true;
    try {
      for (let step = this.after.shift(); step; step = this.after.shift()) step();
    } finally {
      this.announcing = false;
    }
  }
}
