/**
 * Execution status changes as part of the tick's unit of work (core/store/unit-of-work.ts):
 * transitions decided in one tick are committed with everything else the tick wrote, then
 * announced — so "persisted before pushed" holds while the pipeline pays one commit per tick
 * instead of one per transition. Several transitions of one execution within a tick become one
 * UPDATE (compare-and-set on the status the row had at the start of the tick); every transition
 * is still announced, in order, after the commit. On a full disk the changes are kept and
 * retried with the tick; nothing is announced before it is on disk.
 */

import { isUnavailable } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { EnforcementStatus, ExecutionStatus } from '../model/status.ts';
import {
  markRetryExhausted,
  resolveEnforcement,
  type StatusChange,
  setExecutionPid,
  setExecutionStatus,
  type TickBatch,
  type TickWriter,
  type UnitOfWork,
} from '../store/index.ts';
import type { Notifier } from './notifier.ts';

interface PendingRow {
  /** The status the row has in the database (the compare-and-set guard). */
  expect: ExecutionStatus;
  change: StatusChange;
}

/** One transition to announce; its notification payload is only built when someone listens. */
type Announcement = { id: number; from: ExecutionStatus; change: StatusChange; reason: string | undefined };

interface Pending {
  rows: Map<number, PendingRow>;
  enforcements: Array<{ id: number; status: EnforcementStatus; at: number }>;
  pids: Array<{ id: number; pid: number | null }>;
  exhausted: Array<{ enforcement: number; detail: string }>;
  announcements: Announcement[];
}

const empty = (): Pending => ({
  rows: new Map(),
  enforcements: [],
  pids: [],
  exhausted: [],
  announcements: [],
});

export class StatusWriter implements TickWriter {
  private p: Pending = empty();

  constructor(
    private readonly tick: UnitOfWork,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  status(id: number, from: ExecutionStatus, change: StatusChange, reason?: string): void {
    const row = this.p.rows.get(id);
    if (row) row.change = merged(row.change, change);
    else this.p.rows.set(id, { expect: from, change });
    this.p.announcements.push({ id, from, change, reason });
    this.tick.schedule();
  }

  enforcement(id: number, status: EnforcementStatus, at: number): void {
    this.p.enforcements.push({ id, status, at });
    this.tick.schedule();
  }

  /** Records on the evaluation that the last retry of this enforcement's execution failed. */
  retryExhausted(enforcement: number, detail: string): void {
    this.p.exhausted.push({ enforcement, detail });
    this.tick.schedule();
  }

  pid(id: number, pid: number | null): void {
    this.p.pids.push({ id, pid });
    this.tick.schedule();
  }

  take(): TickBatch | null {
    const p = this.p;
    if (p.rows.size === 0 && p.enforcements.length === 0 && p.pids.length === 0 && p.exhausted.length === 0)
      return null;
    this.p = empty();
    let lost = new Set<number>();
    return {
      write: (w) => {
        lost = new Set();
        for (const [id, r] of p.rows) if (!setExecutionStatus(w, id, r.expect, r.change)) lost.add(id);
        for (const e of p.enforcements) resolveEnforcement(w, e.id, e.status, e.at);
        for (const x of p.pids) setExecutionPid(w, x.id, x.pid);
        for (const x of p.exhausted) markRetryExhausted(w, x.enforcement, x.detail);
      },
      committed: () => this.announce(p.announcements, lost),
      rolledBack: (err) => {
        // Nothing else ran since `take` (a flush is synchronous): the work goes back as it was.
        if (isUnavailable(err)) this.p = p;
        return undefined;
      },
      abandoned: () =>
        this.logger.error('status changes lost: the store closed before they were written', {
          rows: p.rows.size,
        }),
    };
  }

  private announce(announcements: Announcement[], lost: Set<number>): void {
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
}

/** Two transitions of one row within a tick as one UPDATE. */
function merged(prev: StatusChange, next: StatusChange): StatusChange {
  return {
    status: next.status,
    at: next.at,
    started: prev.started || next.started,
    finished: prev.finished || next.finished,
    ...(next.result !== undefined || prev.result !== undefined
      ? { result: next.result !== undefined ? next.result : prev.result }
      : {}),
    ...((next.config ?? prev.config) ? { config: next.config ?? prev.config } : {}),
  };
}
