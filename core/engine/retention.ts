/**
 * Retention, applied off the hot path (docs/retention.md): every `check_interval_seconds` (on
 * the engine's Clock) a pass trims each target oldest first, `batch_size` rows per transaction,
 * yielding to the event loop between any two statements, so ingest and requests interleave with
 * it. Then incremental vacuum hands the freed pages back to the disk, a few at a time.
 *
 * What a pass never deletes: the newest `min_per_outcome` events of each outcome of each rule
 * (and of each rule's missed timer slots) with their executions; an event whose execution has not
 * finished (running, queued, waiting to retry); an execution that has not finished or has a
 * child run. Deleting an event takes its evaluations, enforcements and executions with it, so no
 * kept row ever points at a deleted one.
 */

import { describeIssues } from '../contract/result.ts';
import type { RetentionPass } from '../contract/retention.ts';
import { AttuneError } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import {
  RETENTION_TARGETS,
  type RetentionConfig,
  type RetentionConfigChange,
  RetentionConfigSchema,
  type RetentionTargetName,
} from '../model/retention.ts';
import type { ExecutionStatus } from '../model/status.ts';
import { isTerminal } from '../model/status.ts';
import type { Clock, TimerHandle } from '../schedule/clock.ts';
import { incrementalVacuumStep } from '../store/auto-vacuum.ts';
import type { Store } from '../store/index.ts';
import {
  applyRetentionChange,
  loadRetentionConfig,
  saveRetentionConfig,
} from '../store/retention-config-repo.ts';
import {
  candidateRows,
  deleteEvents,
  deleteRows,
  eventsWithLiveExecutions,
  executionCandidates,
  idAtOffset,
  missedSlots,
  newestEventsWithOutcome,
  RETENTION_TABLES,
  ruleOutcomePairs,
  tableTrimmable,
} from '../store/retention-repo.ts';
import { noteDeleted, searchMergeStep } from '../store/search-merge.ts';

/** Rows walked per statement when finding the row-limit cutoff. */
const CUTOFF_STEP = 20_000;
/** Free pages given back per vacuum step at most (4 MiB at 4 KiB pages); adapted like batches. */
const VACUUM_PAGES_PER_STEP = 1024;
/**
 * What one batch's transaction should take at most: the longest pause a pass adds to ingest.
 * `batch_size` is the ceiling; a batch shrinks while deleting is slow (a loaded machine, a
 * large row) and grows back toward it when fast.
 */
export const BATCH_TARGET_MS = 10;
/** The smallest batch, so a pass always progresses. */
const MIN_BATCH = 10;
/** The first pass after a start waits at most this long (then every check interval). */
const FIRST_PASS_DELAY_MS = 60_000;

/** Pages for the next vacuum or search-merge step, from how long this one took (like batches). */
function nextPages(pages: number, ms: number): number {
  if (ms > BATCH_TARGET_MS) return Math.max(16, Math.floor((pages * BATCH_TARGET_MS) / ms));
  if (ms < BATCH_TARGET_MS / 2) return Math.min(VACUUM_PAGES_PER_STEP, pages * 2);
  return pages;
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RetentionOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /**
   * The clock a step's duration is read on, in ms (`performance.now()` by default): batches and
   * vacuum steps are sized by it (see BATCH_TARGET_MS). Tests pass a scripted one.
   */
  stepClock?: () => number;
}

export class Retention {
  private timer: TimerHandle | null = null;
  private current: Promise<RetentionPass> | null = null;
  private stopping = false;
  private started = false;
  private last: RetentionPass | null = null;
  /** The batch size the last batches settled on (see BATCH_TARGET_MS). */
  private size = Number.POSITIVE_INFINITY;
  /** Vacuum pages per step, adapted the same way. */
  private pages = 64;
  /** The longest the current pass held the event loop in one go (ms). */
  private longest = 0;

  private readonly stepNow: () => number;

  constructor(private readonly o: RetentionOptions) {
    this.stepNow = o.stepClock ?? (() => performance.now());
  }

  /** The config in force (the stored one, or the defaults). */
  config(): RetentionConfig {
    return loadRetentionConfig(this.o.store.read);
  }

  /** Applies a change, validated whole; a bad field is named. The timer follows the new interval. */
  setConfig(change: RetentionConfigChange): RetentionConfig {
    const next = applyRetentionChange(this.config(), change);
    const parsed = RetentionConfigSchema.safeParse(next);
    if (!parsed.success) {
      const d = describeIssues(parsed.error.issues);
      throw new AttuneError('VALIDATION_ERROR', d.message, d.field ? { field: d.field } : undefined);
    }
    this.o.store.transaction((w) => saveRetentionConfig(w, parsed.data, this.o.clock.now()));
    if (this.started && !this.stopping) this.schedule(parsed.data.check_interval_seconds * 1000);
    return parsed.data;
  }

  /** A pass is under way. */
  running(): boolean {
    return this.current !== null;
  }

  /** What the last pass did, or null before the first. */
  lastPass(): RetentionPass | null {
    return this.last;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const interval = this.config().check_interval_seconds * 1000;
    this.schedule(Math.min(interval, FIRST_PASS_DELAY_MS));
  }

  /** No new pass; a pass under way stops at its next batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  /** Runs a pass now, or joins the one under way. */
  runPass(): Promise<RetentionPass> {
    if (!this.current) {
      this.current = this.pass().finally(() => {
        this.current = null;
      });
    }
    return this.current;
  }

  private schedule(ms: number): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      const cfg = this.config();
      const done = cfg.enabled ? this.runPass() : Promise.resolve(null);
      done
        .catch((err) => this.o.logger.error('retention pass failed', { error: String(err) }))
        .finally(() => {
          if (!this.stopping) this.schedule(this.config().check_interval_seconds * 1000);
        });
    }, ms);
  }

  private async pass(): Promise<RetentionPass> {
    const cfg = this.config();
    const startedAt = this.o.clock.now();
    const deleted: Record<string, number> = {};
    const tally = (k: string, n: number) => {
      if (n > 0) deleted[k] = (deleted[k] ?? 0) + n;
    };
    let batches = 0;
    this.longest = 0;
    const keep = await this.protectedEvents(cfg.min_per_outcome);
    for (const target of RETENTION_TARGETS) {
      if (this.stopping) break;
      batches += await this.trim(target, cfg, keep, startedAt, tally);
    }
    const pagesFreed = await this.vacuum(deleted.events ?? 0);
    const pass: RetentionPass = {
      started_at: new Date(startedAt).toISOString(),
      finished_at: new Date(this.o.clock.now()).toISOString(),
      deleted,
      batches,
      pages_freed: pagesFreed,
      longest_step_ms: Math.round(this.longest * 10) / 10,
    };
    this.last = pass;
    if (batches > 0) this.o.logger.info('retention pass', { deleted, pages_freed: pagesFreed });
    return pass;
  }

  /** Events the per-outcome minimum keeps: per rule, the newest `k` of each outcome and of missed slots. */
  private async protectedEvents(k: number): Promise<Set<number>> {
    const keep = new Set<number>();
    if (k === 0) return keep;
    const h = this.o.store.read;
    const t0 = this.stepNow();
    const pairs = ruleOutcomePairs(h);
    this.took(t0);
    for (const [i, p] of pairs.entries()) {
      for (const id of newestEventsWithOutcome(h, p.rule_ref, p.outcome, k)) keep.add(id);
      // Stryker disable next-line all: yielding only lets other work run; the same events are kept
      if (i % 50 === 49) await yieldToIo();
    }
    const perRule = new Map<string, number>();
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const rows = missedSlots(h, before, 1000);
      for (const r of rows) {
        // Stryker disable next-line StringLiteral: only names the count of slots without a rule
        const key = r.rule_ref ?? '';
        const n = perRule.get(key) ?? 0;
        if (n < k) keep.add(r.id);
        perRule.set(key, n + 1);
      }
      const last = rows.at(-1);
      // Stryker disable next-line LogicalOperator: the walk would end one empty page later
      if (!last || rows.length < 1000) break;
      before = last.id;
      await yieldToIo();
    }
    return keep;
  }

  /** The smallest id the row limit keeps (rows below it go), or null when the table is within it. */
  private async keepFrom(table: string, maxRows: number): Promise<number | null> {
    let below = Number.MAX_SAFE_INTEGER;
    let remaining = maxRows;
    while (remaining > 0) {
      const step = Math.min(remaining, CUTOFF_STEP);
      const t0 = this.stepNow();
      const id = idAtOffset(this.o.store.read, table, below, step - 1);
      this.took(t0);
      if (id === null) return null;
      below = id;
      remaining -= step;
      // Stryker disable next-line all: yielding only lets other work run; the same cutoff is found
      if (remaining > 0) await yieldToIo();
    }
    return below;
  }

  /** Trims one target in batches; returns the number of batches written. */
  private async trim(
    target: RetentionTargetName,
    cfg: RetentionConfig,
    keep: ReadonlySet<number>,
    now: number,
    tally: (k: string, n: number) => void,
  ): Promise<number> {
    const table = RETENTION_TABLES[target];
    const limits = cfg.targets[target];
    if (limits.max_age_seconds === null && limits.max_rows === null) return 0;
    const { store } = this.o;
    if (!tableTrimmable(store.read, table)) return 0;
    const ageCut = limits.max_age_seconds === null ? null : now - limits.max_age_seconds * 1000;
    const keepFrom = limits.max_rows === null ? null : await this.keepFrom(table, limits.max_rows);
    const over = (r: { id: number; created: number }) =>
      (keepFrom !== null && r.id < keepFrom) || (ageCut !== null && r.created < ageCut);
    let after = 0;
    let batches = 0;
    for (;;) {
      if (this.stopping) break;
      const size = Math.max(MIN_BATCH, Math.min(cfg.batch_size, this.size));
      const t0 = this.stepNow();
      const rows =
        target === 'executions'
          ? executionCandidates(store.read, after, size)
          : candidateRows(store.read, table, after, size);
      const end = rows.findIndex((r) => !over(r));
      const due = end === -1 ? rows : rows.slice(0, end);
      const lastDue = due.at(-1);
      if (lastDue) {
        after = lastDue.id;
        const ids = this.deletable(target, due, keep);
        if (ids.length > 0) {
          store.transaction((w) => {
            if (target === 'events') {
              const n = deleteEvents(w, ids);
              tally('events', n.events);
              tally('executions', n.executions);
            } else tally(target, deleteRows(w, table, ids));
          });
          batches++;
        }
      }
      this.adapt(size, this.took(t0));
      if (end !== -1 || rows.length < size) break;
      await yieldToIo();
    }
    return batches;
  }

  /** Milliseconds since `t0`, remembered when the longest of this pass. */
  private took(t0: number): number {
    const ms = this.stepNow() - t0;
    if (ms > this.longest) this.longest = ms;
    return ms;
  }

  /** Sizes the next batch from how long this one took. */
  private adapt(size: number, ms: number): void {
    if (ms > BATCH_TARGET_MS) this.size = Math.max(MIN_BATCH, Math.floor((size * BATCH_TARGET_MS) / ms));
    else if (ms < BATCH_TARGET_MS / 2) this.size = Math.ceil(size * 1.5);
    else this.size = size;
  }

  /** The ids among `rows` (all over a limit) that may go. */
  private deletable(
    target: RetentionTargetName,
    rows: ReadonlyArray<{ id: number; created: number }>,
    keep: ReadonlySet<number>,
  ): number[] {
    const first = rows[0];
    const last = rows.at(-1);
    // Stryker disable next-line LogicalOperator,ArrayDeclaration: never called with no rows
    if (!first || !last) return [];
    if (target === 'events') {
      const live = eventsWithLiveExecutions(this.o.store.read, first.id, last.id);
      return rows.filter((r) => !keep.has(r.id) && !live.has(r.id)).map((r) => r.id);
    }
    if (target === 'executions') {
      return (rows as ReturnType<typeof executionCandidates>)
        .filter(
          (x) =>
            isTerminal(x.status as ExecutionStatus) &&
            x.has_child === 0 &&
            (x.event_id === null || !keep.has(x.event_id)),
        )
        .map((x) => x.id);
    }
    return rows.map((r) => r.id);
  }

  /**
   * Gives free pages back to the disk in short steps; returns how many. First, when enough
   * events were deleted since the last time, the search index drops theirs (search-merge.ts).
   */
  private async vacuum(deletedEvents: number): Promise<number> {
    const { store } = this.o;
    if (store.transaction((w) => noteDeleted(w, deletedEvents, this.o.clock.now()))) await this.mergeSearch();
    let total = 0;
    for (;;) {
      if (this.stopping) break;
      const pages = this.pages;
      const t0 = this.stepNow();
      const n = store.transaction((w) => incrementalVacuumStep(w.raw, pages));
      const ms = this.took(t0);
      total += n;
      if (n < pages) break;
      this.pages = nextPages(pages, ms);
      await yieldToIo();
    }
    // In WAL mode the file is cut to size when the log is copied back into it.
    if (total > 0 && !store.closed) {
      const t0 = this.stepNow();
      store.read.raw.pragma('wal_checkpoint(TRUNCATE)');
      this.took(t0);
    }
    return total;
  }

  /** Merges the search index in steps sized like the batches, yielding between them. */
  private async mergeSearch(): Promise<void> {
    const { store } = this.o;
    let pages = 64;
    for (;;) {
      if (this.stopping || store.closed) return;
      const t0 = this.stepNow();
      const more = store.transaction((w) => searchMergeStep(w, pages, this.o.clock.now()));
      const ms = this.took(t0);
      if (!more) return;
      pages = nextPages(pages, ms);
      await yieldToIo();
    }
  }
}
