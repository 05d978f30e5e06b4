/**
 * Executions for people, free of React: durations, the status timeline from the instants an
 * execution keeps, parameters with secrets masked, and what a re-run still needs.
 */
import type { Execution } from '../../../core/contract/entities.ts';

type Status = Execution['status'];

/** Statuses after which nothing changes any more. */
export const FINISHED: ReadonlySet<Status> = new Set([
  'completed',
  'failed',
  'timeout',
  'cancelled',
  'abandoned',
]);
/** Finished without success: what a dashboard counts as a failure. */
export const FAILED: ReadonlySet<Status> = new Set(['failed', 'timeout', 'abandoned']);
/** Statuses an execution may still be cancelled in. */
export const CANCELLABLE: ReadonlySet<Status> = new Set(['requested', 'scheduling', 'scheduled', 'running']);

/** What a stored secret value reads as (core/model/secret-values.ts). */
export const REDACTED = '***';

/** Status filters of the executions list: any, or one status. */
export const STATUS_FILTERS: ReadonlyArray<{ value: '' | Status; label: string }> = [
  { value: '', label: 'Any status' },
  { value: 'running', label: 'Running' },
  { value: 'requested', label: 'Requested' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'completed', label: 'Completed' },
  { value: 'failed', label: 'Failed' },
  { value: 'timeout', label: 'Timed out' },
  { value: 'canceling', label: 'Cancelling' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'abandoned', label: 'Abandoned' },
];

/** `ms` as "850 ms", "1.2 s", "3 min 04 s", "10 min", "2 h 05 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600)
    return s % 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s / 60} min`;
  const min = Math.floor((s % 3600) / 60);
  return min ? `${Math.floor(s / 3600)} h ${String(min).padStart(2, '0')} min` : `${Math.floor(s / 3600)} h`;
}

/**
 * How long it ran: the result's own duration when finished, else from its start to `now`
 * (running), else null (not started).
 */
export function durationMs(
  x: Pick<Execution, 'result' | 'started_at' | 'finished_at'>,
  now: number,
): number | null {
  if (x.result) return x.result.duration_ms;
  if (!x.started_at) return null;
  const end = x.finished_at ? Date.parse(x.finished_at) : now;
  return Math.max(0, end - Date.parse(x.started_at));
}

/** One step of the status timeline. */
export interface TimelineStep {
  label: string;
  /** ISO instant, or null for a step not reached (yet). */
  at: string | null;
  state: 'done' | 'current' | 'pending' | 'failed';
}

const END_LABEL: Partial<Record<Status, string>> = {
  completed: 'Completed',
  failed: 'Failed',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  abandoned: 'Abandoned',
};

/** Requested → started → finished (or where it is now), with the instants the execution keeps. */
export function statusTimeline(
  x: Pick<Execution, 'status' | 'created' | 'started_at' | 'finished_at'>,
): TimelineStep[] {
  const finished = FINISHED.has(x.status);
  const steps: TimelineStep[] = [{ label: 'Requested', at: x.created, state: 'done' }];
  if (x.started_at) {
    steps.push({ label: 'Started', at: x.started_at, state: finished ? 'done' : 'current' });
  } else if (!finished) {
    steps[0] = { ...(steps[0] as TimelineStep), state: 'current' };
    steps.push({ label: 'Started', at: null, state: 'pending' });
  }
  if (x.status === 'canceling') steps.push({ label: 'Cancelling', at: null, state: 'current' });
  if (finished) {
    steps.push({
      label: END_LABEL[x.status] ?? x.status,
      at: x.finished_at,
      state: x.status === 'completed' ? 'done' : 'failed',
    });
  } else {
    steps.push({ label: 'Finished', at: null, state: 'pending' });
  }
  return steps;
}

/**
 * Parameters to show: values the server redacted stay redacted, and fields the action marks
 * secret are masked too (whatever the stored value).
 */
export function maskedParameters(
  config: Record<string, unknown>,
  schema: Record<string, { secret?: boolean | undefined }> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = schema?.[k]?.secret === true ? REDACTED : v;
  return out;
}

/** Parameters a re-run must be given again: their stored value is redacted. */
export function redactedKeys(
  config: Record<string, unknown>,
  schema: Record<string, { secret?: boolean | undefined }> | undefined,
): string[] {
  return Object.entries(config)
    .filter(([k, v]) => v === REDACTED || schema?.[k]?.secret === true)
    .map(([k]) => k);
}

type ExecutionResult = NonNullable<Execution['result']>;

/**
 * A notification's `result` when it has the stored result's shape, else undefined. A plain check
 * rather than the contract's zod schema: the shell routes notifications, and zod in the shell
 * would be loaded before the first view paints (docs/performance.md "UI").
 */
export function asExecutionResult(v: unknown): ExecutionResult | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const r = v as Record<string, unknown>;
  const numOrNull = (x: unknown) => x === null || typeof x === 'number';
  const strOrNull = (x: unknown) => x === null || typeof x === 'string';
  const ok =
    numOrNull(r.exit_code) &&
    typeof r.stdout === 'string' &&
    typeof r.stderr === 'string' &&
    typeof r.duration_ms === 'number' &&
    'data' in r &&
    strOrNull(r.error) &&
    typeof r.stdout_truncated === 'boolean' &&
    typeof r.stderr_truncated === 'boolean';
  return ok ? (r as ExecutionResult) : undefined;
}
