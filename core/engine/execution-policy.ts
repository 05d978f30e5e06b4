/**
 * The executor's decisions, apart from the waiting and writing that carry them out
 * (docs/engine.md, "Executions and the status machine", "Overlap (per rule)" and "Retry"):
 * whether a run waits for its retry delay or its rule's turn, which earlier runs a `restart`
 * run cancels, what a cancel does in each status, and what follows a finished run.
 */
import type { Action, ExecutionResult, JsonObject, RetryPolicy, Rule } from '../model/entities.ts';
import { type ExecutionStatus, isTerminal } from '../model/status.ts';
import { retriesExhausted, retryDelaySeconds, shouldRetry } from './retry.ts';

/** A run created with a `not_before` still ahead of `now` waits in `requested` until then. */
export function waitsForDelay(notBefore: number | null, now: number): boolean {
  return notBefore !== null && notBefore > now;
}

/**
 * A run that waits for its rule's turn: `queue` and `restart`. `parallel` and manual runs (no
 * rule) are bounded only by the pool, and `single` refused the overlap when the event came in.
 */
export function waitsForTurn<R extends Pick<Rule, 'overlap'>>(rule: R | null): rule is R {
  return rule !== null && rule.overlap !== 'parallel' && rule.overlap !== 'single';
}

/** The runs a `restart` run cancels and awaits before it starts: its rule's earlier ones. */
export function restartCancels(active: Iterable<number>, id: number): number[] {
  return [...active].filter((other) => other < id);
}

/** A rule's run whose rule was disabled while it waited never starts. */
export function cancelledByDisabledRule(
  enforcementId: number | null,
  rule: Pick<Rule, 'enabled'> | null,
): boolean {
  return enforcementId !== null && rule !== null && !rule.enabled;
}

/**
 * Whether the `running` row must be on disk before the run starts: a process is a side effect
 * a crash must not repeat, while an in-process builtin commits with the tick. The same runs
 * record a pid, cleared when they end.
 */
export function recordsStartFirst(action: Pick<Action, 'runner_type'>): boolean {
  return action.runner_type !== 'builtin';
}

/**
 * What a cancel does to an execution in `status`: a finished one is a conflict, one already
 * `canceling` is left to finish, one running in this process is asked to stop (`canceling`),
 * and any other (waiting, or not driven here) is `cancelled` at once.
 */
export function cancelStep(
  status: ExecutionStatus,
  driven: boolean,
): 'conflict' | 'already' | 'canceling' | 'cancelled' {
  if (isTerminal(status)) return 'conflict';
  if (status === 'canceling') return 'already';
  return driven && status === 'running' ? 'canceling' : 'cancelled';
}

/** The result of a run cancelled while it ran: its partial output, its error or "cancelled". */
export function cancelledResult(result: ExecutionResult): ExecutionResult {
  return { ...result, error: result.error ?? 'cancelled' };
}

/** What follows a finished run. */
export type AfterRun =
  | { kind: 'retry'; retryCount: number; notBefore: number }
  | { kind: 'exhausted'; enforcementId: number; detail: string }
  | { kind: 'done' };

/** A finished run, as `afterRun` needs it. */
export interface FinishedRun {
  id: number;
  /** Null for a manual run. */
  enforcementId: number | null;
  retryCount: number;
  status: ExecutionStatus;
  rule: Pick<Rule, 'retry'> | null;
  action: Pick<Action, 'retry'>;
  /** Set once the executor stops taking work: no retry is created then. */
  stopping: boolean;
  now: number;
}

/**
 * The retry policy is the rule's, else the action's. A failure or timeout the policy retries
 * creates the next attempt, due `delay` later; a rule's run whose retries are all used is
 * recorded as exhausted; anything else ends there.
 */
export function afterRun(r: FinishedRun): AfterRun {
  const policy: RetryPolicy | null = r.rule?.retry ?? r.action.retry;
  if (policy && !r.stopping && shouldRetry(policy, r.status, r.retryCount)) {
    const delaySeconds = retryDelaySeconds(policy, r.retryCount + 1);
    return { kind: 'retry', retryCount: r.retryCount + 1, notBefore: r.now + delaySeconds * 1000 };
  }
  if (r.enforcementId !== null && retriesExhausted(policy, r.status, r.retryCount)) {
    return {
      kind: 'exhausted',
      enforcementId: r.enforcementId,
      detail: `execution ${r.id} ${r.status} after ${r.retryCount} retries`,
    };
  }
  return { kind: 'done' };
}

/** The config to show once defaults are applied: validated values, secrets still redacted. */
export function redactedConfig(stored: JsonObject, validated: JsonObject, secrets: JsonObject): JsonObject {
  const out: JsonObject = { ...validated };
  for (const k of Object.keys(secrets)) out[k] = stored[k] ?? '***';
  return out;
}
