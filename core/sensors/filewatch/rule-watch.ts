/**
 * One rule's watch (docs/sensors.md, "Built-in sensors: filewatch and system"): an
 * @parcel/watcher subscription on the rule's folder (one inotify watch per folder on Linux, the
 * file tree kept natively), the glob and event filter, a coalescer, and the recovery loop for a
 * path that disappears — it becomes a sensor error, re-checked with capped backoff, and the watch
 * starts again (reporting the files it finds as added) when the path is back.
 */
import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type parcel from '@parcel/watcher';
import picomatch from 'picomatch';
import type { JsonObject } from '../../model/entities.ts';
import type { Clock, TimerHandle } from '../../schedule/clock.ts';
import { type CoalescedChange, Coalescer } from './coalesce.ts';
import { type FileEventKind, type FilewatchParams, resolveWatchPath, unwatchableReason } from './params.ts';
import { subscribe, unsubscribe } from './parcel-calls.ts';

/** Where one watch is. */
export type WatchStatus = 'starting' | 'running' | 'backoff';

/** A watch as `state().detail` shows it. */
export interface WatchInfo {
  rule: string;
  path: string;
  status: WatchStatus;
  error: string | null;
  pending: number;
}

/** What a watch needs from its sensor. */
export interface RuleWatchDeps {
  clock: Clock;
  emit(ruleRef: string, payload: JsonObject): void;
  /** Told on every status change (the sensor keeps its own error and restart counts). */
  changed(w: RuleWatch, error: string | null, recovered: boolean): void;
  /** First re-check delay; default 1 s, doubled up to 30 s. */
  retryMs?: number;
}

const MAX_RETRY_MS = 30_000;
const KINDS: Record<parcel.EventType, FileEventKind> = { create: 'add', update: 'change', delete: 'unlink' };

/** A glob without a slash matches the file name in any folder; with one, the path below the root. */
export function globMatcher(glob: string): (relative: string) => boolean {
  const isMatch = picomatch(glob, { windows: false });
  const byName = !glob.includes('/');
  return (relative) => isMatch(byName ? path.posix.basename(relative) : relative);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One rule's watcher; see the file comment. */
export class RuleWatch {
  readonly root: string;
  #status: WatchStatus = 'starting';
  #error: string | null = null;
  /** The live subscription, or the promise of one; null when not watching. */
  #sub: Promise<parcel.AsyncSubscription> | null = null;
  #retry: TimerHandle | null = null;
  #retryMs: number;
  #closed = false;
  readonly #coalescer: Coalescer;
  readonly #matches: (relative: string) => boolean;
  readonly #events: ReadonlySet<FileEventKind>;

  constructor(
    readonly ruleRef: string,
    readonly params: FilewatchParams,
    private readonly d: RuleWatchDeps,
  ) {
    this.root = resolveWatchPath(params.path);
    this.#retryMs = d.retryMs ?? 1000;
    this.#matches = globMatcher(params.glob);
    this.#events = new Set(params.events);
    this.#coalescer = new Coalescer({
      clock: d.clock,
      debounceMs: params.debounce_ms,
      flush: (c) => void this.#report(c),
    });
  }

  get status(): WatchStatus {
    return this.#status;
  }

  info(): WatchInfo {
    return {
      rule: this.ruleRef,
      path: this.root,
      status: this.#status,
      error: this.#error,
      pending: this.#coalescer.pending,
    };
  }

  /** Starts watching; a path that is not there now is an error re-checked later, not a throw. */
  start(): void {
    this.#open(false);
  }

  /** Stops for good: the subscription ends, pending windows are dropped, no re-check. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) this.d.clock.clearTimeout(this.#retry);
    this.#retry = null;
    this.#coalescer.dispose();
    await this.#unsubscribe();
  }

  async #unsubscribe(): Promise<void> {
    const sub = this.#sub;
    this.#sub = null;
    await sub?.then(
      (s) => unsubscribe(s),
      () => undefined,
    );
  }

  #open(reportExisting: boolean): void {
    if (this.#closed) return;
    const reason = unwatchableReason(this.root);
    if (reason !== null) {
      this.#fail(`${this.root} ${reason}`);
      return;
    }
    const recovered = this.#status === 'backoff';
    this.#set('starting', null, false);
    const isDir = this.#isDirectory();
    // A single file is watched through its folder; a folder without sub-folders ignores them.
    const dir = isDir ? this.root : path.dirname(this.root);
    const ignore = isDir && !this.params.recursive ? ['*/**'] : [];
    const sub = subscribe(dir, (err, events) => this.#onEvents(sub, isDir, err, events), { ignore });
    this.#sub = sub;
    sub.then(
      async () => {
        if (this.#sub !== sub) return;
        if (reportExisting) await this.#reportExisting(isDir);
        this.#retryMs = this.d.retryMs ?? 1000;
        this.#set('running', null, recovered);
      },
      (err: unknown) => {
        if (this.#sub !== sub) return;
        this.#sub = null;
        this.#fail(`${this.root}: ${message(err)}`);
      },
    );
  }

  #onEvents(
    sub: Promise<parcel.AsyncSubscription>,
    isDir: boolean,
    err: Error | null,
    events: parcel.Event[],
  ): void {
    if (this.#sub !== sub || this.#closed) return;
    for (const e of events) {
      if (e.path === this.root && e.type === 'delete') {
        this.#lost(`${this.root} was removed`, events);
        return;
      }
      if (!isDir && e.path !== this.root) continue;
      if (isDir && e.path === this.root) continue;
      if (this.#matches(this.#relative(e.path, isDir))) this.#coalescer.push(e.path, KINDS[e.type]);
    }
    if (err) {
      const error = `${this.root}: ${err.message}`;
      // The path gone: start over when it is back. Else (out of inotify watches) the watch goes on
      // with what it has, and the error is shown.
      fs.stat(this.root).then(
        () => {
          if (this.#sub !== sub) return;
          this.#error = error;
          this.d.changed(this, error, false);
        },
        () => {
          if (this.#sub === sub) this.#lost(error, []);
        },
      );
    }
  }

  /** After a recovery: the files there now appeared while nobody watched. */
  async #reportExisting(isDir: boolean): Promise<void> {
    if (!isDir) {
      this.#coalescer.push(this.root, 'add');
      return;
    }
    try {
      const entries = await fs.readdir(this.root, { recursive: this.params.recursive, withFileTypes: true });
      for (const e of entries) {
        if (!e.isFile()) continue;
        const p = path.join(e.parentPath ?? e.path, e.name);
        if (this.#matches(this.#relative(p, true))) this.#coalescer.push(p, 'add');
      }
    } catch {
      // Gone again: its delete event follows.
    }
  }

  #isDirectory(): boolean {
    try {
      return statSync(this.root).isDirectory();
    } catch {
      return false;
    }
  }

  #relative(p: string, isDir: boolean): string {
    const rel = isDir ? path.relative(this.root, p) : path.basename(p);
    return rel.split(path.sep).join('/');
  }

  #lost(error: string, events: parcel.Event[]): void {
    if (this.#closed || this.#sub === null) return;
    void this.#unsubscribe();
    // What was seen before the path went is still reported, with the removals that came with it.
    for (const e of events)
      if (e.path !== this.root && this.#matches(this.#relative(e.path, true)))
        this.#coalescer.push(e.path, KINDS[e.type]);
    this.#coalescer.flushAll();
    this.#fail(error);
  }

  #fail(error: string): void {
    this.#set('backoff', error, false);
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
    this.#retry = this.d.clock.setTimeout(() => {
      this.#retry = null;
      this.#open(true);
    }, wait);
  }

  #set(status: WatchStatus, error: string | null, recovered: boolean): void {
    this.#status = status;
    this.#error = error;
    this.d.changed(this, error, recovered);
  }

  async #report(c: CoalescedChange): Promise<void> {
    if (!this.#events.has(c.event)) return;
    let size: number | null = null;
    let mtime: string | null = null;
    if (c.event !== 'unlink') {
      try {
        const s = await fs.lstat(c.path);
        // A folder created below a recursive watch is not a file event.
        if (s.isDirectory()) return;
        size = s.size;
        mtime = s.mtime.toISOString();
      } catch {
        // Gone since the window closed: its unlink opens the next window.
      }
    }
    if (this.#closed) return;
    this.d.emit(this.ruleRef, { path: c.path, event: c.event, size, mtime });
  }
}
