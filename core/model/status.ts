/**
 * Attune's execution status machine (docs/concepts.md, "Execution statuses"), kept exactly. The engine moves an execution only
 * along these edges; `assertTransition` is the one place that knows them.
 */
import { AttuneError } from './errors.ts';

export const EXECUTION_STATUSES = [
  'requested',
  'scheduling',
  'scheduled',
  'running',
  'completed',
  'failed',
  'timeout',
  'canceling',
  'cancelled',
  'abandoned',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'completed',
  'failed',
  'timeout',
  'cancelled',
  'abandoned',
]);

const EDGES: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  requested: ['scheduling', 'cancelled', 'failed', 'abandoned'],
  scheduling: ['scheduled', 'cancelled', 'failed', 'abandoned'],
  scheduled: ['running', 'cancelled', 'failed', 'abandoned'],
  running: ['completed', 'failed', 'timeout', 'canceling', 'abandoned'],
  canceling: ['cancelled', 'abandoned'],
  completed: [],
  failed: [],
  timeout: [],
  cancelled: [],
  abandoned: [],
};

export function isTerminal(status: ExecutionStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function canTransition(from: ExecutionStatus, to: ExecutionStatus): boolean {
  return EDGES[from].includes(to);
}

export function assertTransition(from: ExecutionStatus, to: ExecutionStatus): void {
  if (!canTransition(from, to)) {
    throw new AttuneError('CONFLICT', `execution cannot move from ${from} to ${to}`, { field: 'status' });
  }
}

export const ENFORCEMENT_STATUSES = ['created', 'processed', 'disabled'] as const;
export type EnforcementStatus = (typeof ENFORCEMENT_STATUSES)[number];

/** Per-rule outcome stored with each event: the answer to "why didn't it fire" (docs/engine.md, "The evaluation record"). */
export const EVALUATION_OUTCOMES = [
  'matched',
  'condition_false',
  'error',
  'rule_disabled',
  'overlap_skipped',
  /** It fired, but its execution failed after the last retry its policy allows. */
  'retry_exhausted',
] as const;
export type EvaluationOutcome = (typeof EVALUATION_OUTCOMES)[number];

/** The outcomes that did not fire (docs/explain.md). */
export const NOT_FIRED_OUTCOMES = EVALUATION_OUTCOMES.filter((o) => o !== 'matched');

/**
 * What the event log filters by outcome: one outcome, or `not_fired` — any outcome but `matched`,
 * and the timer slots that did not run (events of kind `missed`).
 */
export const EVENT_OUTCOME_FILTERS = [...EVALUATION_OUTCOMES, 'not_fired'] as const;
export type EventOutcomeFilter = (typeof EVENT_OUTCOME_FILTERS)[number];

/** Why a timer slot did not run (docs/timers.md, "Missed runs"). */
export const MISSED_REASONS = [
  'app_not_running',
  'asleep',
  'clock_jump',
  'overlap_skipped',
  'rule_disabled',
  'outside_window',
  'timers_paused',
] as const;
export type MissedReason = (typeof MISSED_REASONS)[number];
