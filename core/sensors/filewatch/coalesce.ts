/**
 * Per-path coalescing of raw watcher events (docs/sensors.md, "Coalescing"). The rule:
 *
 * - A path's first raw event opens its window. Every further raw event for that path within the
 *   window pushes the window's end to `debounceMs` after it (trailing debounce), but never past
 *   `maxWaitMs` after the first event, so a file written without pause is still reported.
 * - When the window ends, the path yields at most one change, from the state before the window
 *   (the first raw event was `add`: it did not exist; else it did) and the state after (the last
 *   raw event was `unlink`: it is gone; else it exists): absent → present `add`, present →
 *   present `change`, present → absent `unlink`, absent → absent nothing (a temporary file).
 * - At most `maxPending` paths wait at once; a new path beyond that closes the oldest window
 *   early. Memory is bounded by `maxPending`, events by paths × windows.
 *
 * The final state is never lost: every raw event lands in a window, and a window always closes.
 */
import type { Clock, TimerHandle } from '../../schedule/clock.ts';
import type { FileEventKind } from './params.ts';

/** One coalesced change of one path. */
export interface CoalescedChange {
  path: string;
  event: FileEventKind;
}

interface Window {
  existedBefore: boolean;
  existsNow: boolean;
  openedAt: number;
  handle: TimerHandle;
}

/** Options of one coalescer. */
export interface CoalescerOptions {
  clock: Clock;
  debounceMs: number;
  /** Default ten debounce periods. */
  maxWaitMs?: number;
  /** Default 10,000 paths. */
  maxPending?: number;
  flush(change: CoalescedChange): void;
}

/** Net change of a closed window, or null when the path is as it was (see the file comment). */
export function netChange(existedBefore: boolean, existsNow: boolean): FileEventKind | null {
  if (existedBefore) return existsNow ? 'change' : 'unlink';
  return existsNow ? 'add' : null;
}

/** Coalesces raw events per path; see the file comment. */
export class Coalescer {
  readonly #windows = new Map<string, Window>();
  readonly #maxWait: number;
  readonly #maxPending: number;

  constructor(private readonly o: CoalescerOptions) {
    this.#maxWait = o.maxWaitMs ?? o.debounceMs * 10;
    this.#maxPending = o.maxPending ?? 10_000;
  }

  /** How many paths have an open window. */
  get pending(): number {
    return this.#windows.size;
  }

  /** One raw event from the watcher. */
  push(path: string, kind: FileEventKind): void {
    const { clock } = this.o;
    const now = clock.monotonic();
    let w = this.#windows.get(path);
    if (w) {
      clock.clearTimeout(w.handle);
    } else {
      if (this.#windows.size >= this.#maxPending) this.#closeOldest();
      w = { existedBefore: kind !== 'add', existsNow: true, openedAt: now, handle: { id: -1 } };
      this.#windows.set(path, w);
    }
    w.existsNow = kind !== 'unlink';
    const end = Math.min(now + this.o.debounceMs, w.openedAt + this.#maxWait);
    w.handle = clock.setTimeout(() => this.#close(path), Math.max(0, end - now));
  }

  /** Closes every window now, reporting what it holds (used on stop, so nothing is dropped silently). */
  flushAll(): void {
    for (const path of [...this.#windows.keys()]) {
      const w = this.#windows.get(path);
      if (w) this.o.clock.clearTimeout(w.handle);
      this.#close(path);
    }
  }

  /** Forgets every open window without reporting. */
  dispose(): void {
    for (const w of this.#windows.values()) this.o.clock.clearTimeout(w.handle);
    this.#windows.clear();
  }

  #closeOldest(): void {
    const oldest = this.#windows.keys().next();
    if (oldest.done) return;
    const w = this.#windows.get(oldest.value);
    if (w) this.o.clock.clearTimeout(w.handle);
    this.#close(oldest.value);
  }

  #close(path: string): void {
    const w = this.#windows.get(path);
    if (!w) return;
    this.#windows.delete(path);
    const event = netChange(w.existedBefore, w.existsNow);
    if (event !== null) this.o.flush({ path, event });
  }
}
