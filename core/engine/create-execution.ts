/**
 * Creating an execution — the one path for a manual run, a rule firing and a retry. The row is
 * written `requested` inside a transaction of the tick (a rule firing: ingest's, together with
 * its event and enforcement), announced once committed with the one `execution_created` shape,
 * then handed to the executor. Nothing starts before its row is on disk (docs/engine.md).
 */
import type { ExecutionCreatedPayload } from '../contract/notifications.ts';
import type { Execution, JsonObject } from '../model/entities.ts';
import { isUnavailable, notFound } from '../model/errors.ts';
import type { Clock } from '../schedule/clock.ts';
import type { Vault } from '../secrets/vault.ts';
import {
  getAction,
  getExecution,
  getExecutionInternals,
  getRule,
  insertExecution,
  type Store,
  type TickBatch,
  type TickWriter,
  type UnitOfWork,
  type WriteHandle,
} from '../store/index.ts';
import { newTraceTag } from './ingest.ts';
import type { Notifier } from './notifier.ts';
import { splitForStorage } from './render.ts';

/** Everything a new execution is made of; `config` is already redacted, secrets sealed apart. */
export interface NewExecution {
  action_ref: string;
  config: JsonObject;
  sealed_params: string | null;
  enforcement_id: number | null;
  rule_ref: string | null;
  trigger_ref: string | null;
  timeout_seconds: number;
  retry_count: number;
  /** Epoch ms before which it may not start (a retry's delay). */
  not_before: number | null;
  trace_tag: string;
  /** The execution this one retries; null for a first attempt. */
  retry_of: number | null;
  /** Extra environment of a manual run (docs/attune-compat.md, "env_vars"); null for rule runs. */
  env_vars: Record<string, string> | null;
}

/** A new execution once written: what the executor drives, without reading it back. */
export type CreatedExecution = NewExecution & { id: number };

export interface ExecutionCreatorDeps {
  store: Store;
  tick: UnitOfWork;
  vault: Vault;
  notifier: Notifier;
  clock: Clock;
  /** Hands a committed execution to the executor. */
  start(x: CreatedExecution): void;
}

interface Queued {
  x: NewExecution;
  /** When it was asked for: its `created` (a retry's delay counts from there). */
  at: number;
  /** Kept for the next try when the disk is full (a retry); else dropped (the caller hears it). */
  keepOnFault: boolean;
  created?: CreatedExecution;
}

export class ExecutionCreator implements TickWriter {
  private queued: Queued[] = [];

  constructor(private readonly d: ExecutionCreatorDeps) {}

  /** Writes one inside the caller's transaction; call `committed` once that transaction commits. */
  write(w: WriteHandle, x: NewExecution, now: number): CreatedExecution {
    const { retry_of: _, trigger_ref: __, ...row } = x;
    const id = insertExecution(w, { ...row, parent_id: null, status: 'requested', created: now });
    return { ...x, id };
  }

  /** After its transaction committed: announce it, then hand it to the executor. */
  committed(c: CreatedExecution): void {
    const { notifier } = this.d;
    // The payload is only built for someone to read it.
    if (notifier.subscriberCount > 0) {
      const payload: ExecutionCreatedPayload = {
        action_ref: c.action_ref,
        rule_ref: c.rule_ref,
        enforcement_id: c.enforcement_id,
        status: 'requested',
        retry_count: c.retry_count,
        retry_of: c.retry_of,
      };
      notifier.publish('execution_created', 'execution', c.id, payload);
    }
    this.d.start(c);
  }

  /**
   * Queues one for this tick's transaction (a retry, written with the status that caused it);
   * `at` is its creation instant, the one its `not_before` was counted from.
   */
  queue(x: NewExecution, at: number): void {
    this.queued.push({ x, at, keepOnFault: true });
    this.d.tick.schedule();
  }

  /**
   * A manual run of an action (no rule, no enforcement): secret parameters sealed apart, written
   * now. Throws NOT_FOUND for an unknown action, UNAVAILABLE when the store cannot be written.
   */
  manualRun(
    actionRef: string,
    parameters: JsonObject,
    opts: { env_vars?: Record<string, string> | undefined; timeout_seconds?: number | undefined } = {},
  ): Execution {
    const { store, vault } = this.d;
    const action = getAction(store.read, actionRef);
    if (!action) throw notFound('action', actionRef);
    const split = splitForStorage(parameters, action.parameters, []);
    const created = this.createNow({
      action_ref: action.ref,
      config: split.redacted,
      sealed_params: split.secrets ? vault.seal(split.secrets) : null,
      enforcement_id: null,
      rule_ref: null,
      trigger_ref: null,
      timeout_seconds: opts.timeout_seconds ?? action.timeout_seconds,
      retry_count: 0,
      not_before: null,
      trace_tag: newTraceTag(),
      retry_of: null,
      env_vars: opts.env_vars && Object.keys(opts.env_vars).length > 0 ? opts.env_vars : null,
    });
    return getExecution(store.read, created.id) as Execution;
  }

  /**
   * Runs an execution's action again with the same parameters: its stored config, and its
   * sealed secret values as they are (never opened here). A manual run without an enforcement,
   * but for the same rule while that rule exists, so its outcome counts for the rule's alerts
   * (docs/alerts.md). Throws NOT_FOUND for an unknown execution or action.
   */
  rerun(id: number): Execution {
    const { store } = this.d;
    const original = getExecution(store.read, id);
    const internals = getExecutionInternals(store.read, id);
    if (!original || !internals) throw notFound('execution', id);
    const action = getAction(store.read, original.action_ref);
    if (!action) throw notFound('action', original.action_ref);
    const rule = original.rule_ref && getRule(store.read, original.rule_ref) ? original.rule_ref : null;
    const created = this.createNow({
      action_ref: action.ref,
      config: original.config,
      sealed_params: internals.sealed_params,
      enforcement_id: null,
      rule_ref: rule,
      trigger_ref: null,
      timeout_seconds: action.timeout_seconds,
      retry_count: 0,
      not_before: null,
      trace_tag: newTraceTag(),
      retry_of: null,
      // The same environment as the original manual run, as the same parameters are.
      env_vars: internals.env_vars ? (JSON.parse(internals.env_vars) as Record<string, string>) : null,
    });
    return getExecution(store.read, created.id) as Execution;
  }

  /**
   * Creates one now: the tick is flushed so its row is on disk when this returns. Throws
   * AttuneError `UNAVAILABLE` when the store cannot be written; nothing was created.
   */
  private createNow(x: NewExecution): CreatedExecution {
    const q: Queued = { x, at: this.d.clock.now(), keepOnFault: false };
    this.queued.push(q);
    try {
      this.d.tick.flush();
    } catch (err) {
      // Another writer's fault after this one was written is not this caller's failure.
      if (!q.created) throw err;
    }
    if (!q.created) throw new Error('the execution was not written');
    return q.created;
  }

  take(): TickBatch | null {
    const batch = this.queued;
    if (batch.length === 0) return null;
    this.queued = [];
    return {
      write: (w) => {
        for (const q of batch) q.created = this.write(w, q.x, q.at);
      },
      committed: () => {
        for (const q of batch) if (q.created) this.committed(q.created);
      },
      rolledBack: (err) => {
        for (const q of batch) delete q.created;
        if (isUnavailable(err)) this.queued = [...batch.filter((q) => q.keepOnFault), ...this.queued];
        return undefined;
      },
      abandoned: () => undefined,
    };
  }
}
