/**
 * Building `ExecutionResult`s: every field is always present (docs/runners.md, "Result"), and the error texts are
 * the same for every runner. Only a timeout's error says "timed out" (docs/concepts.md, "Execution statuses").
 */
import type { ExecutionResult } from '../model/entities.ts';
import type { RunOutcome, RunStatus } from './types.ts';

/** A result with every field at its neutral value. */
export function emptyResult(overrides: Partial<ExecutionResult> = {}): ExecutionResult {
  return {
    exit_code: null,
    stdout: '',
    stderr: '',
    duration_ms: 0,
    data: null,
    error: null,
    stdout_truncated: false,
    stderr_truncated: false,
    ...overrides,
  };
}

/** Milliseconds since `startedAt` (a `performance.now()` reading), whole. */
export function elapsedSince(startedAt: number): number {
  return Math.max(0, Math.round(performance.now() - startedAt));
}

/** A `failed` outcome that never reached (or never finished starting) the action itself. */
export function failedOutcome(
  error: string,
  startedAt: number,
  partial: Partial<ExecutionResult> = {},
): RunOutcome {
  return {
    status: 'failed',
    result: emptyResult({ ...partial, error, duration_ms: elapsedSince(startedAt) }),
  };
}

/** The error text for a timeout; the only one that says "timed out". */
export function timeoutError(timeoutSeconds: number): string {
  return `timed out after ${timeoutSeconds} s`;
}

/** The error text for a cancelled run. */
export const CANCELLED_ERROR = 'cancelled';

/** Status and error for a process that exited on its own. */
export function exitVerdict(
  code: number | null,
  signal: string | null,
): { status: RunStatus; error: string | null } {
  if (code === 0) return { status: 'completed', error: null };
  if (code !== null) return { status: 'failed', error: `exited with code ${code}` };
  return { status: 'failed', error: `killed by signal ${signal ?? 'unknown'}` };
}
