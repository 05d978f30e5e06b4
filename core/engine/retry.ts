/** Retry policy math (docs/engine.md, "Retry"): `{count, delay, backoff constant|exponential, max_delay}`. */
import type { RetryPolicy } from '../model/entities.ts';
import type { ExecutionStatus } from '../model/status.ts';

/** Only real failures retry; a cancel is the user's decision and an abandon is a crash. */
export function shouldRetry(
  policy: RetryPolicy | null,
  status: ExecutionStatus,
  retryCount: number,
): boolean {
  return policy !== null && (status === 'failed' || status === 'timeout') && retryCount < policy.count;
}

/** A failure the policy would have retried, had its retries not all been used. */
export function retriesExhausted(
  policy: RetryPolicy | null,
  status: ExecutionStatus,
  retryCount: number,
): boolean {
  return (
    policy !== null &&
    policy.count > 0 &&
    (status === 'failed' || status === 'timeout') &&
    retryCount >= policy.count
  );
}

/** Seconds to wait before attempt number `attempt` (1 = the first retry). */
export function retryDelaySeconds(policy: RetryPolicy, attempt: number): number {
  const base = policy.backoff === 'exponential' ? policy.delay * 2 ** (attempt - 1) : policy.delay;
  return policy.max_delay !== undefined ? Math.min(base, policy.max_delay) : base;
}
