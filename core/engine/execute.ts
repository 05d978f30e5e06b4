/**
 * The executor: moves executions along the status machine (docs/concepts.md, "Execution statuses"), applying the global pool,
 * per-rule overlap (`parallel | single | queue | restart`), persisted retry delays, timeout and
 * cancel. The executor's in-memory status of each execution it drives is authoritative; every
 * transition goes through the StatusWriter into the tick's unit of work (committed, then
 * announced). Waiting happens in `requested`, so a restart resumes exactly what never started.
 * It flushes the tick itself only where docs/engine.md says a write must be on disk first: before
 * a process starts, when its pid is known, and before a cancel is answered.
 */

import type { Action, Execution, ExecutionResult, JsonObject, Rule } from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import { validateParams } from '../model/param-schema.ts';
import { secretStrings } from '../model/secret-values.ts';
import { assertTransition, type ExecutionStatus, isTerminal } from '../model/status.ts';
import { type RunOutcome, type RunRequest, emptyResult as runnerResult } from '../runners/index.ts';
import type { Clock } from '../schedule/clock.ts';
import type { Vault } from '../secrets/vault.ts';
import {
  getEnforcement,
  getExecution,
  getExecutionInternals,
  type StatusChange,
  type Store,
  setExecutionStatus,
  type UnitOfWork,
} from '../store/index.ts';
import type { ExecutionOutcomes } from './alert-monitor.ts';
import type { CreatedExecution, NewExecution } from './create-execution.ts';
import {
  afterRun,
  cancelledByDisabledRule,
  cancelledResult,
  cancelStep,
  recordsStartFirst,
  redactedConfig,
  restartCancels,
  waitsForDelay,
  waitsForTurn,
} from './execution-policy.ts';
import type { Notifier } from './notifier.ts';
import { Semaphore } from './semaphore.ts';
import type { StatusWriter } from './status-writer.ts';
import { waitUntil } from './wait.ts';

export interface RunnerPort {
  run(req: RunRequest): Promise<RunOutcome>;
}

export interface ExecutorDeps {
  store: Store;
  /** The tick's unit of work, flushed where a write must be on disk before going on. */
  tick: UnitOfWork;
  /** Where transitions go (part of the tick). */
  status: StatusWriter;
  /** Queues a retry created at `at` into the tick (the one creation path: ExecutionCreator). */
  createRetry(x: NewExecution, at: number): void;
  vault: Vault;
  runners: RunnerPort;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** The current rule (overlap and retry policy are read when a run is scheduled). */
  rule(ref: string): Rule | null;
  action(ref: string): Action | null;
  /** Install folder of a pack (entry points resolve inside it). */
  packPath(packRef: string): string | null;
  maxConcurrent: number;
  outputCapBytes: number;
  /** Told of every terminal status and every retry (the alert monitor). */
  outcomes?: ExecutionOutcomes;
}

/** What the executor needs of an execution; its creator hands it over so nothing is read back. */
export type ExecutionSnapshot = Omit<CreatedExecution, 'retry_of'>;

interface Tracked {
  x: ExecutionSnapshot;
  status: ExecutionStatus;
  abort: AbortController;
  cancelRequested: boolean;
  done: Promise<void>;
}

const SHUTDOWN_REASON = 'cancelled: Attune Desktop was shutting down';
const NOT_RECORDED =
  'not started: its start could not be recorded (the database could not be written: disk full or I/O error)';
const NO_TURN = () => {};

/** A result for an execution that ended without running anything. */
export function emptyResult(error: string | null): ExecutionResult {
  return runnerResult({ error });
}

export class Executor {
  private readonly tracked = new Map<number, Tracked>();
  /** Non-terminal executions per rule, for overlap decisions. */
  private readonly byRule = new Map<string, Set<number>>();
  private readonly queueTail = new Map<string, Promise<void>>();
  private readonly pool: Semaphore;
  private readonly writer: StatusWriter;
  private stopping = false;

  constructor(private readonly d: ExecutorDeps) {
    this.pool = new Semaphore(d.maxConcurrent);
    this.writer = d.status;
  }

  /** Counts an execution against its rule before its transaction commits (overlap `single`). */
  reserve(ruleRef: string, id: number): void {
    let set = this.byRule.get(ruleRef);
    if (!set) {
      set = new Set();
      this.byRule.set(ruleRef, set);
    }
    set.add(id);
  }

  /** Forgets a reservation whose transaction rolled back. */
  unreserve(ruleRef: string, id: number): void {
    this.byRule.get(ruleRef)?.delete(id);
  }

  activeForRule(ruleRef: string): number[] {
    return [...(this.byRule.get(ruleRef) ?? [])];
  }

  /**
   * Starts driving a committed `requested` execution; without a snapshot it is read from the
   * store. Once stopping, it is left `requested` for the next start.
   */
  submit(id: number, snapshot?: ExecutionSnapshot): void {
    if (this.stopping || this.tracked.has(id)) return;
    const x = snapshot ?? this.snapshotFromStore(id);
    if (!x) return;
    if (x.rule_ref) this.reserve(x.rule_ref, id);
    const t: Tracked = {
      x,
      status: 'requested',
      abort: new AbortController(),
      cancelRequested: false,
      done: Promise.resolve(),
    };
    this.tracked.set(id, t);
    t.done = this.drive(t)
      .catch((err) => this.d.logger.error('executor failure', { execution: id, error: String(err) }))
      .finally(() => {
        this.tracked.delete(id);
        if (x.rule_ref) this.byRule.get(x.rule_ref)?.delete(id);
      });
  }

  /** Cancels an execution in any non-terminal status (docs/concepts.md, "Execution statuses"). */
  async cancel(id: number): Promise<Execution> {
    const t = this.tracked.get(id);
    const status = t?.status ?? getExecution(this.d.store.read, id)?.status;
    if (status === undefined) throw notFound('execution', id);
    const step = cancelStep(status, t !== undefined);
    if (step === 'conflict')
      throw new AttuneError('CONFLICT', `execution ${id} is already ${status}`, { field: 'id' });
    if (step !== 'already') {
      if (t) {
        t.cancelRequested = true;
        if (step === 'canceling') this.transition(t, 'running', 'canceling', {});
        else this.transition(t, status, 'cancelled', { finished: true, result: emptyResult('cancelled') });
        t.abort.abort();
      } else {
        // Not driven by this process (it never reached the executor): change the row directly.
        const at = this.d.clock.now();
        const ok = this.d.store.transaction((w) =>
          setExecutionStatus(w, id, status, {
            status: 'cancelled',
            at,
            finished: true,
            result: emptyResult('cancelled'),
          }),
        );
        if (ok)
          this.d.notifier.publish('execution_status_changed', 'execution', id, {
            status: 'cancelled',
            previous_status: status,
          });
      }
    }
    this.d.tick.flush();
    return getExecution(this.d.store.read, id) as Execution;
  }

  /** Resolves when nothing is tracked and nothing is left to write (tests, benchmarks). */
  async idle(): Promise<void> {
    for (;;) {
      while (this.tracked.size > 0) await Promise.all([...this.tracked.values()].map((t) => t.done));
      // A retry queued by the last run is driven once its row is written.
      this.d.tick.tryFlush();
      if (this.tracked.size === 0) return;
    }
  }

  /**
   * Stops taking work: waiting executions stay `requested` (they resume at the next start);
   * running ones get `graceMs` to finish, then are cancelled. The engine flushes the tick after.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const t of this.tracked.values()) if (t.status === 'requested') t.abort.abort();
    const all = Promise.all([...this.tracked.values()].map((t) => t.done));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const t of this.tracked.values()) {
        if (t.status !== 'running') continue;
        t.cancelRequested = true;
        this.transition(t, 'running', 'canceling', { reason: SHUTDOWN_REASON });
        t.abort.abort();
      }
      await all;
    }
  }

  private snapshotFromStore(id: number): ExecutionSnapshot | null {
    const e = getExecution(this.d.store.read, id);
    const internals = getExecutionInternals(this.d.store.read, id);
    if (!e || !internals || e.status !== 'requested') return null;
    const enforcement =
      e.enforcement_id !== null ? getEnforcement(this.d.store.read, e.enforcement_id) : null;
    return {
      id,
      action_ref: e.action_ref,
      config: e.config,
      enforcement_id: e.enforcement_id,
      rule_ref: e.rule_ref,
      trigger_ref: enforcement?.trigger_ref ?? null,
      retry_count: e.retry_count,
      timeout_seconds: e.timeout_seconds,
      trace_tag: e.trace_tag,
      not_before: internals.not_before,
      sealed_params: internals.sealed_params,
      env_vars: internals.env_vars ? (JSON.parse(internals.env_vars) as Record<string, string>) : null,
    };
  }

  private async drive(t: Tracked): Promise<void> {
    const { clock } = this.d;
    const signal = t.abort.signal;
    if (t.x.not_before !== null && waitsForDelay(t.x.not_before, clock.now())) {
      if (!(await waitUntil(clock, t.x.not_before, signal))) return;
    }
    const rule = t.x.rule_ref ? this.d.rule(t.x.rule_ref) : null;
    // parallel rules and manual runs need no turn: skip the await (the pipeline's hot path).
    const releaseTurn = waitsForTurn(rule) ? await this.overlapTurn(t, rule) : NO_TURN;
    if (releaseTurn === null) return;
    try {
      if (!this.pool.tryAcquire() && !(await this.pool.acquire(signal))) return;
      try {
        await this.runAcquired(t, rule);
      } finally {
        this.pool.release();
      }
    } finally {
      releaseTurn();
    }
  }

  /** Waits for a `queue` or `restart` rule's turn; returns the release function, or null if aborted. */
  private async overlapTurn(t: Tracked, rule: Rule): Promise<(() => void) | null> {
    if (rule.overlap === 'restart') {
      const others = restartCancels(this.byRule.get(rule.ref) ?? [], t.x.id);
      for (const id of others) {
        const o = this.tracked.get(id);
        if (!o) continue;
        await this.cancel(id).catch(() => undefined);
        await o.done;
      }
      return t.abort.signal.aborted ? null : NO_TURN;
    }
    const prev = this.queueTail.get(rule.ref) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const tail = prev.then(() => mine);
    this.queueTail.set(rule.ref, tail);
    void tail.then(() => {
      if (this.queueTail.get(rule.ref) === tail) this.queueTail.delete(rule.ref);
    });
    const aborted = new Promise<'aborted'>((r) =>
      t.abort.signal.addEventListener('abort', () => r('aborted')),
    );
    if ((await Promise.race([prev.then(() => 'turn' as const), aborted])) === 'aborted') {
      release();
      return null;
    }
    return release;
  }

  private async runAcquired(t: Tracked, waited: Rule | null): Promise<void> {
    const { clock } = this.d;
    const x = t.x;
    if (t.abort.signal.aborted || t.status !== 'requested') return;
    // The rule as it is now, after the waits: one disabled meanwhile stops the run (docs/timers.md,
    // "Disable"), and its retry policy is the one in force when the run is scheduled.
    const rule = (x.rule_ref ? this.d.rule(x.rule_ref) : null) ?? waited;
    if (x.enforcement_id !== null && cancelledByDisabledRule(x.enforcement_id, rule)) {
      // The rule was disabled while this run waited: it never starts (enforcement "disabled").
      this.transition(t, 'requested', 'cancelled', {
        finished: true,
        result: emptyResult('rule disabled before the execution started'),
      });
      this.writer.enforcement(x.enforcement_id, 'disabled', clock.now());
      return;
    }
    this.transition(t, 'requested', 'scheduling', {});
    this.transition(t, 'scheduling', 'scheduled', {});

    const action = this.d.action(x.action_ref);
    const failEarly = (message: string) =>
      this.transition(t, 'scheduled', 'failed', { finished: true, result: emptyResult(message) });
    if (!action) return failEarly(`Unknown action: ${x.action_ref}`);
    if (!action.enabled) return failEarly(`Action ${action.ref} is disabled`);
    let secrets: JsonObject = {};
    try {
      secrets = x.sealed_params ? this.d.vault.open<JsonObject>(x.sealed_params) : {};
    } catch {
      return failEarly('cannot open the sealed secret parameters (was the master key replaced?)');
    }
    const checked = validateParams(action.parameters, { ...x.config, ...secrets });
    if (!checked.ok) return failEarly(checked.errors.map((e) => e.message).join('; '));

    this.transition(t, 'scheduled', 'running', {
      started: true,
      config: redactedConfig(x.config, checked.value, secrets),
    });
    // A process is a side effect: its `running` row must be on disk before it starts, or a crash
    // now would make the next start run it again. In-process builtins commit with the tick.
    // A full disk means it does not start: it fails, recorded once the disk takes writes again.
    if (recordsStartFirst(action) && !this.d.tick.tryFlush()) {
      this.transition(t, 'running', 'failed', { finished: true, result: emptyResult(NOT_RECORDED) });
      return;
    }
    const outcome = await this.d.runners.run(this.request(t, action, checked.value, secrets));
    const result = outcome.result;
    if (t.cancelRequested) {
      this.transition(t, 'canceling', 'cancelled', {
        finished: true,
        result: cancelledResult(result),
      });
      return;
    }
    this.transition(t, 'running', outcome.status, { finished: true, result });
    if (recordsStartFirst(action)) this.writer.pid(x.id, null);
    const now = clock.now();
    const next = afterRun({
      id: x.id,
      enforcementId: x.enforcement_id,
      retryCount: x.retry_count,
      status: outcome.status,
      rule,
      action,
      stopping: this.stopping,
      now,
    });
    if (next.kind === 'retry') this.scheduleRetry(x, next.retryCount, next.notBefore, now);
    else if (next.kind === 'exhausted') this.writer.retryExhausted(next.enforcementId, next.detail);
  }

  private request(t: Tracked, action: Action, params: JsonObject, secrets: JsonObject): RunRequest {
    const x = t.x;
    return {
      executionId: x.id,
      action,
      packPath: this.d.packPath(action.pack_ref),
      params,
      secretValues: secretStrings(secrets),
      context: { rule: x.rule_ref, trigger: x.trigger_ref, traceTag: x.trace_tag },
      env: x.env_vars ?? {},
      timeoutSeconds: x.timeout_seconds,
      outputCapBytes: this.d.outputCapBytes,
      signal: t.abort.signal,
      onOutput: (stream, chunk) =>
        this.d.notifier.publish('execution_output', 'execution', x.id, { stream, chunk }),
      onSpawn: (pid) => {
        this.writer.pid(x.id, pid);
        this.d.tick.tryFlush();
      },
    };
  }

  /** The next attempt: written in the same tick as the status that caused it. */
  private scheduleRetry(x: ExecutionSnapshot, retryCount: number, notBefore: number, now: number): void {
    const { id, ...rest } = x;
    this.d.outcomes?.retrying(id);
    this.d.createRetry({ ...rest, retry_count: retryCount, not_before: notBefore, retry_of: id }, now);
  }

  /** Moves a driven execution from `from` to `to` (in memory now, on disk with the tick). */
  private transition(
    t: Tracked,
    from: ExecutionStatus,
    to: ExecutionStatus,
    c: Omit<StatusChange, 'status' | 'at'> & { reason?: string },
  ): void {
    assertTransition(from, to);
    if (t.status !== from)
      throw new AttuneError('CONFLICT', `execution ${t.x.id} is ${t.status}, not ${from}`);
    t.status = to;
    const { reason, ...change } = c;
    this.writer.status(t.x.id, from, { ...change, status: to, at: this.d.clock.now() }, reason);
    if (isTerminal(to)) this.d.outcomes?.finished(t.x, to, change.result);
  }
}
