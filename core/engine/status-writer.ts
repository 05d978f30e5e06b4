/**
 * Write-behind for execution status changes: transitions decided in one tick are committed
 * together in one transaction, then announced — so "persisted before pushed" holds while the
 * pipeline pays one commit per tick instead of one per transition. Several transitions of one
 * execution within a tick become one UPDATE (compare-and-set on the status the row had at the
 * start of the tick); every transition is still announced, in order, after the commit.
 */

import { isUnavailable } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { EnforcementStatus, ExecutionStatus } from '../model/status.ts';
import {
  resolveEnforcement,
  type StatusChange,
  type Store,
  setExecutionPid,
  setExecutionStatus,
} from '../store/index.ts';
import type { Notifier } from './notifier.ts';

const RETRY_MS = 1000;

interface PendingRow {
  /** The status the row has in the database (the compare-and-set guard). */
  expect: ExecutionStatus;
  change: StatusChange;
}

/** One transition to announce; its notification payload is only built when someone listens. */
type Announcement = { id: number; from: ExecutionStatus; change: StatusChange; reason: string | undefined };

export class StatusWriter {
  private rows = new Map<number, PendingRow>();
  private enforcements: Array<{ id: number; status: EnforcementStatus; at: number }> = [];
  private pids: Array<{ id: number; pid: number | null }> = [];
  private announcements: Announcement[] = [];
  private scheduled = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: Store,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  status(id: number, from: ExecutionStatus, change: StatusChange, reason?: string): void {
    const row = this.rows.get(id);
    if (row) {
      row.change = {
        status: change.status,
        at: change.at,
        started: row.change.started || change.started,
        finished: row.change.finished || change.finished,
        ...(change.result !== undefined || row.change.result !== undefined
          ? { result: change.result !== undefined ? change.result : row.change.result }
          : {}),
        ...((change.config ?? row.change.config) ? { config: change.config ?? row.change.config } : {}),
      };
    } else {
      this.rows.set(id, { expect: from, change });
    }
    this.announcements.push({ id, from, change, reason });
    this.schedule();
  }

  enforcement(id: number, status: EnforcementStatus, at: number): void {
    this.enforcements.push({ id, status, at });
    this.schedule();
  }

  pid(id: number, pid: number | null): void {
    this.pids.push({ id, pid });
    this.schedule();
  }

  /**
   * Commits everything pending now (before a process starts, so a crash cannot hide it). When
   * the store cannot be written (full disk) it throws AttuneError `UNAVAILABLE` and keeps the
   * changes: they are retried every second and announced once they are on disk.
   */
  flush(): void {
    this.scheduled = false;
    if (this.rows.size === 0 && this.enforcements.length === 0 && this.pids.length === 0) return;
    if (this.store.closed) {
      this.logger.error('status changes lost: the store closed before they were written', {
        rows: this.rows.size,
      });
      this.take();
      return;
    }
    const lost = new Set<number>();
    try {
      this.store.transaction((w) => {
        for (const [id, r] of this.rows) if (!setExecutionStatus(w, id, r.expect, r.change)) lost.add(id);
        for (const e of this.enforcements) resolveEnforcement(w, e.id, e.status, e.at);
        for (const p of this.pids) setExecutionPid(w, p.id, p.pid);
      });
    } catch (err) {
      if (isUnavailable(err)) {
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.tryFlush();
        }, RETRY_MS).unref();
      } else {
        this.take();
      }
      throw err;
    }
    const { announcements } = this.take();
    for (const id of lost) {
      // Only recovery or a direct write can move a tracked row; say so rather than announce a lie.
      this.logger.warn('execution status changed underneath the executor', { execution: id });
    }
    if (this.notifier.subscriberCount === 0) return;
    for (const a of announcements) {
      if (lost.has(a.id)) continue;
      const payload: Record<string, unknown> = { status: a.change.status, previous_status: a.from };
      if (a.reason) payload.reason = a.reason;
      if (a.change.result) payload.result = a.change.result;
      this.notifier.publish('execution_status_changed', 'execution', a.id, payload);
    }
  }

  /** `flush` for paths that can wait: false when the store cannot be written now (kept, retried). */
  tryFlush(): boolean {
    try {
      this.flush();
      return true;
    } catch (err) {
      if (isUnavailable(err)) return false;
      throw err;
    }
  }

  /** Hands over and clears everything pending. */
  private take() {
    const taken = { announcements: this.announcements };
    this.rows = new Map();
    this.enforcements = [];
    this.pids = [];
    this.announcements = [];
    return taken;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.tryFlush());
  }
}
