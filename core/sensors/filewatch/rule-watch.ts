/**
 * One rule's watch (docs/sensors.md, "Built-in sensors: filewatch and system"): a chokidar
 * watcher on the rule's path, the glob and event filter, a coalescer, and the recovery loop for a
 * path that disappears — it becomes a sensor error, re-checked with capped backoff, and the watch
 * starts again (reporting the files it finds as added) when the path is back.
 */
import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import picomatch from 'picomatch';
import type { JsonObject } from '../../model/entities.ts';
import type { Clock, TimerHandle } from '../../schedule/clock.ts';
import { type CoalescedChange, Coalescer } from './coalesce.ts';
import { type FileEventKind, type FilewatchParams, resolveWatchPath, unwatchableReason } from './params.ts';

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
  /** Test seam for the first re-check delay; default 1 s, doubled up to 30 s. */
  retryMs?: number;
}

const MAX_RETRY_MS = 30_000;

/** A glob without a slash matches the file name in any folder; with one, the path below the root. */
export function globMatcher(glob: string): (relative: string) => boolean {
  const isMatch = picomatch(glob, { windows: false });
  const byName = !glob.includes('/');
  return (relative) => isMatch(byName ? path.posix.basename(relative) : relative);
}

/** One rule's watcher; see the file comment. */
export class RuleWatch {
  readonly root: string;
  #status: WatchStatus = 'starting';
  #error: string | null = null;
  #watcher: FSWatcher | null = null;
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

  /** Stops for good: the watcher closes, pending windows are dropped, no re-check. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) this.d.clock.clearTimeout(this.#retry);
    this.#retry = null;
    this.#coalescer.dispose();
    const w = this.#watcher;
    this.#watcher = null;
    await w?.close();
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
    const watcher = watch(this.root, {
      ignoreInitial: !reportExisting,
      persistent: true,
      followSymlinks: false,
      ...(this.params.recursive ? {} : { depth: 0 }),
      // Files the glob refuses are not tracked at all: memory follows what the rule wants.
      ignored: (p, stats) => (stats?.isFile() ? !this.#matches(this.#relative(p, isDir)) : false),
    });
    this.#watcher = watcher;
    const raw = (kind: FileEventKind) => (p: string) => {
      if (this.#watcher !== watcher) return;
      if (!this.#matches(this.#relative(p, isDir))) return;
      this.#coalescer.push(p, kind);
      // A watched file (not folder) that goes away is the watched path disappearing.
      if (kind === 'unlink' && !isDir && p === this.root) this.#lost(watcher, `${this.root} was removed`);
    };
    watcher.on('add', raw('add'));
    watcher.on('change', raw('change'));
    watcher.on('unlink', raw('unlink'));
    watcher.on('unlinkDir', (p: string) => {
      if (p === this.root) this.#lost(watcher, `${this.root} was removed`);
    });
    // chokidar reports no unlinkDir when an empty watched folder goes; the folder's own rename does.
    const base = path.basename(this.root);
    watcher.on('raw', (event, name: string | null, details) => {
      const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (event !== 'rename' || watched !== this.root || (name !== null && name !== base)) return;
      fs.stat(this.root).catch(() => this.#lost(watcher, `${this.root} was removed`));
    });
    watcher.on('error', (err: unknown) => {
      const error = `${this.root}: ${err instanceof Error ? err.message : String(err)}`;
      // The path gone: start over when it is back. Else (out of inotify watches, one unreadable
      // file) the watch goes on with what it has, and the error is shown.
      fs.stat(this.root).then(
        () => {
          if (this.#watcher !== watcher) return;
          this.#error = error;
          this.d.changed(this, error, false);
        },
        () => this.#lost(watcher, error),
      );
    });
    watcher.on('ready', () => {
      if (this.#watcher !== watcher) return;
      this.#retryMs = this.d.retryMs ?? 1000;
      this.#set('running', null, recovered);
    });
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

  #lost(watcher: FSWatcher, error: string): void {
    if (this.#watcher !== watcher || this.#closed) return;
    this.#watcher = null;
    // What was seen before the path went is still reported.
    this.#coalescer.flushAll();
    void watcher.close();
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
