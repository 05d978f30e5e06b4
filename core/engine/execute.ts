/**
 * The executor: moves executions along SPEC §1's status machine, applying the global pool,
 * per-rule overlap (`parallel | single | queue | restart`), persisted retry delays, timeout and
 * cancel. Every transition is written (compare-and-set on the previous status) before it is
 * announced. Waiting happens in `requested`, so a restart resumes exactly what never started.
 */

import type { Action, Execution, ExecutionResult, JsonObject, Rule } from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import { validateParams } from '../model/param-schema.ts';
import { assertTransition, type ExecutionStatus, isTerminal } from '../model/status.ts';
import type { RunOutcome, RunRequest } from '../runners/index.ts';
import type { Clock } from '../schedule/clock.ts';
import { secretStrings } from '../secrets/redact.ts';
import type { Vault } from '../secrets/vault.ts';
import {
  getAction,
  getExecution,
  getExecutionInternals,
  getRule,
  insertExecution,
  resolveEnforcement,
  type StatusChange,
  type Store,
  setExecutionPid,
  setExecutionStatus,
} from '../store/index.ts';
import type { Notifier } from './notifier.ts';
import { retryDelaySeconds, shouldRetry } from './retry.ts';
import { Semaphore } from './semaphore.ts';
import { waitUntil } from './wait.ts';

export interface RunnerPort {
  run(req: RunRequest): Promise<RunOutcome>;
}

export interface ExecutorDeps {
  store: Store;
  vault: Vault;
  runners: RunnerPort;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** Install folder of a pack (entry points resolve inside it). */
  packPath(packRef: string): string | null;
  maxConcurrent: number;
  outputCapBytes: number;
}

interface Tracked {
  id: number;
  ruleRef: string | null;
  abort: AbortController;
  cancelRequested: boolean;
  running: boolean;
  done: Promise<void>;
}

const SHUTDOWN_REASON = 'cancelled: Attune Desktop was shutting down';

export function emptyResult(error: string | null): ExecutionResult {
  return {
    exit_code: null,
    stdout: '',
    stderr: '',
    duration_ms: 0,
    data: null,
    error,
    stdout_truncated: false,
    stderr_truncated: false,
  };
}

export class Executor {
  private readonly tracked = new Map<number, Tracked>();
  /** Non-terminal executions per rule, for overlap decisions. */
  private readonly byRule = new Map<string, Set<number>>();
  private readonly queueTail = new Map<string, Promise<void>>();
  private readonly pool: Semaphore;
  private stopping = false;

  constructor(private readonly d: ExecutorDeps) {
    this.pool = new Semaphore(d.maxConcurrent);
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

  get activeCount(): number {
    return this.tracked.size;
  }

  /** Starts driving a committed `requested` execution. */
  submit(id: number, ruleRef: string | null): void {
    if (this.tracked.has(id)) return;
    if (ruleRef) this.reserve(ruleRef, id);
    const t: Tracked = {
      id,
      ruleRef,
      abort: new AbortController(),
      cancelRequested: false,
      running: false,
      done: Promise.resolve(),
    };
    this.tracked.set(id, t);
    t.done = this.drive(t)
      .catch((err) => this.d.logger.error('executor failure', { execution: id, error: String(err) }))
      .finally(() => {
        this.tracked.delete(id);
        if (ruleRef) this.byRule.get(ruleRef)?.delete(id);
      });
  }

  /** Cancels an execution in any non-terminal status (SPEC §1). */
  async cancel(id: number): Promise<Execution> {
    const exec = getExecution(this.d.store.read, id);
    if (!exec) throw notFound('execution', id);
    if (isTerminal(exec.status) || exec.status === 'canceling') {
      if (exec.status === 'canceling') return exec;
      throw new AttuneError('CONFLICT', `execution ${id} is already ${exec.status}`, { field: 'id' });
    }
    const t = this.tracked.get(id);
    if (t) t.cancelRequested = true;
    if (exec.status === 'running') {
      this.transition(id, 'running', 'canceling', {});
      t?.abort.abort();
    } else {
      t?.abort.abort();
      this.transition(id, exec.status, 'cancelled', { finished: true, result: emptyResult('cancelled') });
    }
    return getExecution(this.d.store.read, id) as Execution;
  }

  /** Resolves when nothing is tracked (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.tracked.size > 0) await Promise.all([...this.tracked.values()].map((t) => t.done));
  }

  /**
   * Stops taking work: waiting executions stay `requested` (they resume at the next start);
   * running ones get `graceMs` to finish, then are cancelled.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const t of this.tracked.values()) if (!t.running) t.abort.abort();
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
        if (!t.running) continue;
        t.cancelRequested = true;
        this.transition(t.id, 'running', 'canceling', { reason: SHUTDOWN_REASON });
        t.abort.abort();
      }
      await all;
    }
  }

  private async drive(t: Tracked): Promise<void> {
    const { store, clock } = this.d;
    const exec = getExecution(store.read, t.id);
    const internals = getExecutionInternals(store.read, t.id);
    if (!exec || !internals || exec.status !== 'requested') return;
    const rule = exec.rule_ref ? getRule(store.read, exec.rule_ref) : null;
    const signal = t.abort.signal;

    if (internals.not_before !== null && internals.not_before > clock.now()) {
      if (!(await waitUntil(clock, internals.not_before, signal))) return;
    }
    const releaseTurn = await this.overlapTurn(t, rule);
    if (releaseTurn === null) return;
    try {
      if (!(await this.pool.acquire(signal))) return;
      try {
        await this.runAcquired(t, exec, rule, internals.sealed_params);
      } finally {
        this.pool.release();
      }
    } finally {
      releaseTurn();
    }
  }

  /** Waits for this rule's turn; returns the release function, or null if aborted. */
  private async overlapTurn(t: Tracked, rule: Rule | null): Promise<(() => void) | null> {
    const noop = () => {};
    if (!rule || !t.ruleRef) return noop;
    if (rule.overlap === 'restart') {
      const others = [...(this.byRule.get(rule.ref) ?? [])].filter((id) => id < t.id);
      for (const id of others) {
        const o = this.tracked.get(id);
        if (!o) continue;
        await this.cancel(id).catch(() => undefined);
        await o.done;
      }
      return t.abort.signal.aborted ? null : noop;
    }
    if (rule.overlap !== 'queue') return noop;
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

  private async runAcquired(
    t: Tracked,
    exec: Execution,
    rule: Rule | null,
    sealed: string | null,
  ): Promise<void> {
    const { store, clock } = this.d;
    if (t.abort.signal.aborted) return;
    if (exec.enforcement_id !== null && rule !== null && !rule.enabled) {
      // The rule was disabled while this run waited: it never starts (SPEC §1 enforcement "disabled").
      if (
        this.transition(t.id, 'requested', 'cancelled', {
          finished: true,
          result: emptyResult('rule disabled before the execution started'),
        })
      ) {
        store.transaction((w) =>
          resolveEnforcement(w, exec.enforcement_id as number, 'disabled', clock.now()),
        );
      }
      return;
    }
    if (!this.transition(t.id, 'requested', 'scheduling', {})) return;
    if (exec.enforcement_id !== null) {
      store.transaction((w) =>
        resolveEnforcement(w, exec.enforcement_id as number, 'processed', clock.now()),
      );
    }
    if (!this.transition(t.id, 'scheduling', 'scheduled', {})) return;

    const action = getAction(store.read, exec.action_ref);
    const failEarly = (message: string) =>
      this.transition(t.id, 'scheduled', 'failed', { finished: true, result: emptyResult(message) });
    if (!action) return void failEarly(`Unknown action: ${exec.action_ref}`);
    if (!action.enabled) return void failEarly(`Action ${action.ref} is disabled`);
    let secrets: JsonObject = {};
    try {
      secrets = sealed ? this.d.vault.open<JsonObject>(sealed) : {};
    } catch {
      return void failEarly('cannot open the sealed secret parameters (was the master key replaced?)');
    }
    const checked = validateParams(action.parameters, { ...exec.config, ...secrets });
    if (!checked.ok) return void failEarly(checked.errors.map((e) => e.message).join('; '));

    if (
      !this.transition(t.id, 'scheduled', 'running', {
        started: true,
        config: redactedConfig(exec.config, checked.value, secrets),
      })
    )
      return;
    t.running = true;
    const outcome = await this.d.runners.run(this.request(t, exec, action, checked.value, secrets));
    t.running = false;
    const result = outcome.result;
    if (t.cancelRequested) {
      this.transition(t.id, 'canceling', 'cancelled', {
        finished: true,
        result: { ...result, error: result.error ?? 'cancelled' },
      });
      return;
    }
    this.transition(t.id, 'running', outcome.status, { finished: true, result });
    store.transaction((w) => setExecutionPid(w, t.id, null));
    const policy = rule?.retry ?? action.retry;
    if (shouldRetry(policy, outcome.status, exec.retry_count) && policy && !this.stopping) {
      this.scheduleRetry(exec, sealed, retryDelaySeconds(policy, exec.retry_count + 1));
    }
  }

  private request(
    t: Tracked,
    exec: Execution,
    action: Action,
    params: JsonObject,
    secrets: JsonObject,
  ): RunRequest {
    const { store, notifier } = this.d;
    return {
      executionId: t.id,
      action,
      packPath: this.d.packPath(action.pack_ref),
      params,
      secretValues: secretStrings(secrets),
      context: { rule: exec.rule_ref, trigger: null, traceTag: exec.trace_tag },
      timeoutSeconds: exec.timeout_seconds,
      outputCapBytes: this.d.outputCapBytes,
      signal: t.abort.signal,
      onOutput: (stream, chunk) => notifier.publish('execution_output', 'execution', t.id, { stream, chunk }),
      onSpawn: (pid) => store.transaction((w) => setExecutionPid(w, t.id, pid)),
    };
  }

  private scheduleRetry(exec: Execution, sealed: string | null, delaySeconds: number): void {
    const { store, clock, notifier } = this.d;
    const now = clock.now();
    const id = store.transaction((w) =>
      insertExecution(w, {
        action_ref: exec.action_ref,
        config: exec.config,
        enforcement_id: exec.enforcement_id,
        parent_id: null,
        rule_ref: exec.rule_ref,
        status: 'requested',
        timeout_seconds: exec.timeout_seconds,
        retry_count: exec.retry_count + 1,
        not_before: now + delaySeconds * 1000,
        sealed_params: sealed,
        trace_tag: exec.trace_tag,
        created: now,
      }),
    );
    notifier.publish('execution_created', 'execution', id, {
      action_ref: exec.action_ref,
      rule_ref: exec.rule_ref,
      status: 'requested',
      retry_of: exec.id,
      retry_count: exec.retry_count + 1,
    });
    this.submit(id, exec.rule_ref);
  }

  /** Persists one status change (compare-and-set) and announces it; false if the status moved on. */
  transition(
    id: number,
    from: ExecutionStatus,
    to: ExecutionStatus,
    c: Omit<StatusChange, 'status' | 'at'> & { reason?: string },
  ): boolean {
    assertTransition(from, to);
    const at = this.d.clock.now();
    const { reason, ...change } = c;
    const ok = this.d.store.transaction((w) =>
      setExecutionStatus(w, id, from, { ...change, status: to, at }),
    );
    if (ok) {
      const payload: Record<string, unknown> = { status: to, previous_status: from };
      if (reason) payload.reason = reason;
      if (change.result) payload.result = change.result;
      this.d.notifier.publish('execution_status_changed', 'execution', id, payload);
    }
    return ok;
  }
}

/** The config to show once defaults are applied: validated values, secrets still redacted. */
function redactedConfig(stored: JsonObject, validated: JsonObject, secrets: JsonObject): JsonObject {
  const out: JsonObject = { ...validated };
  for (const k of Object.keys(secrets)) out[k] = stored[k] ?? '***';
  return out;
}
